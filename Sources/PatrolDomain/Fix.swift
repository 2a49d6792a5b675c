import Foundation
import PinganDomain

/// One GPS fix from a device (P3): WGS84 position, the device's time, and what the device says of
/// its speed, heading and accuracy (each optional: a phone's browser often gives no speed).
public struct Fix: Codable, Sendable, Hashable {
    public var lat: Double
    public var lon: Double
    public var at: Date
    /// Metres per second, as the W3C Geolocation API and most terminals report it.
    public var speed: Double?
    /// Degrees clockwise from north.
    public var heading: Double?
    /// Horizontal accuracy radius, metres.
    public var accuracy: Double?

    public init(lat: Double, lon: Double, at: Date, speed: Double? = nil, heading: Double? = nil, accuracy: Double? = nil) {
        self.lat = lat; self.lon = lon; self.at = at; self.speed = speed; self.heading = heading; self.accuracy = accuracy
    }

    /// Great-circle distance in metres (haversine; ample for fixes seconds apart).
    public func meters(to other: Fix) -> Double {
        let r = 6_371_008.8
        let p1 = lat * .pi / 180, p2 = other.lat * .pi / 180
        let dp = p2 - p1, dl = (other.lon - lon) * .pi / 180
        let a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2)
        return 2 * r * asin(min(1, sqrt(a)))
    }
}

/// What the server notes about a fix it stores. A doubtful fix is kept with its flags, never
/// dropped: a jump may be a real chase, and an inspector reads the flags, not a gap.
public struct FixFlags: OptionSet, Codable, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Faster than the unit's kind can move, from the device's speed or the jump from the fix before.
    public static let impossibleSpeed = FixFlags(rawValue: 1)
    /// Accuracy radius worse than the threshold.
    public static let poorAccuracy = FixFlags(rawValue: 2)
    /// Older than the unit's live position when it arrived (sent late from a phone's queue).
    public static let late = FixFlags(rawValue: 4)

    /// The flags' API codes, in a fixed order.
    public static let codes: [(FixFlags, String)] = [(.impossibleSpeed, "impossible_speed"), (.poorAccuracy, "poor_accuracy"), (.late, "late")]
    public var names: [String] { Self.codes.filter { contains($0.0) }.map(\.1) }
}

/// The rules a batch of fixes is checked against.
public struct FixRules: Sendable {
    /// Worse than this accuracy radius, a fix is flagged `poorAccuracy`.
    public var poorAccuracyMeters: Double = 100
    /// A device clock this far ahead of the server's is refused (the fix would sort after every real one).
    public var maxFutureSkew: TimeInterval = 300
    /// Fixes older than this are refused: a phone's queue does not hold weeks.
    public var maxAge: TimeInterval = 7 * 86_400

    public init() {}

    /// Refuses what cannot be a position at all; everything else is stored, with flags.
    public func validate(_ fix: Fix, now: Date) throws {
        guard fix.lat.isFinite, fix.lon.isFinite, (-90...90).contains(fix.lat), (-180...180).contains(fix.lon) else {
            throw DomainErrorFactory.invalidFix("lat/lon out of range", "坐标超出范围")
        }
        if let s = fix.speed, !(s.isFinite && s >= 0) { throw DomainErrorFactory.invalidFix("speed must be ≥ 0", "速度不能为负") }
        if let h = fix.heading, !(h.isFinite && (0...360).contains(h)) {
            throw DomainErrorFactory.invalidFix("heading must be 0…360", "方向须在 0–360 度之间")
        }
        if let a = fix.accuracy, !(a.isFinite && a >= 0) { throw DomainErrorFactory.invalidFix("accuracy must be ≥ 0", "精度不能为负") }
        guard fix.at.timeIntervalSince(now) <= maxFutureSkew else {
            throw DomainErrorFactory.invalidFix("time is in the future (device clock?)", "定位时间晚于服务器时间，请校准设备时钟")
        }
        guard now.timeIntervalSince(fix.at) <= maxAge else {
            throw DomainErrorFactory.invalidFix("time is more than 7 days old", "定位时间超过 7 天")
        }
    }

    /// Flags for `fix`, given the fix stored just before it in time (if any) and the unit's kind.
    public func flags(_ fix: Fix, previous: Fix?, kind: PatrolUnitKind, livePositionAt: Date?) -> FixFlags {
        var f: FixFlags = []
        let top = kind.plausibleTopSpeedKmh / 3.6
        if let s = fix.speed, s > top { f.insert(.impossibleSpeed) }
        if let p = previous {
            let dt = abs(fix.at.timeIntervalSince(p.at))
            // Two fixes in the same second say nothing about speed; GPS noise of a few metres is not a jump.
            if dt >= 1, fix.meters(to: p) > 50, fix.meters(to: p) / dt > top { f.insert(.impossibleSpeed) }
        }
        if let a = fix.accuracy, a > poorAccuracyMeters { f.insert(.poorAccuracy) }
        if let live = livePositionAt, fix.at < live { f.insert(.late) }
        return f
    }
}

/// Errors of the patrol domain, in the shared `DomainError` shape.
enum DomainErrorFactory {
    static func invalidFix(_ en: String, _ zh: String) -> DomainError {
        DomainError(code: "invalid_fix", message: en, messageZh: zh)
    }
}

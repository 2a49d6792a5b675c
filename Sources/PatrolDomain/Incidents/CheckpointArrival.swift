import Foundation
import GeoSupport

/// Arrival of a unit at its checkpoint (or at the scene) under a containment order (P5, #10): the
/// first GPS fix within `radiusMeters` of the place, from the order's start until it is lifted.
///
/// Use it on a live stream (``feed(_:)`` each fix as it comes) or on a stored track
/// (``first(in:at:radiusMeters:startedAt:liftedAt:maxAccuracyMeters:)``); both give the same time
/// whatever order the fixes come in, because a phone sends its queued fixes late and out of order.
public struct CheckpointArrival: Sendable, Codable, Hashable {
    /// Where the unit is to be (WGS84).
    public let position: GeoPoint
    /// A fix this close counts as there. 50 m: GPS on a phone is good to 5–20 m, and a car stops
    /// across a junction from the post rather than on it.
    public let radiusMeters: Double
    public let startedAt: Date
    /// When the order was lifted; fixes after it no longer count (nil while it stands).
    public private(set) var liftedAt: Date?
    /// A fix whose accuracy radius is worse than this does not count: a 300 m fix "inside" 50 m says
    /// nothing. The default is the bar below which `FixRules` flags a fix as poor.
    public let maxAccuracyMeters: Double
    /// The arrival, once a fix showed it.
    public private(set) var arrivedAt: Date?

    public static let defaultRadiusMeters = 50.0

    public init(position: GeoPoint, radiusMeters: Double = defaultRadiusMeters, startedAt: Date, liftedAt: Date? = nil,
                maxAccuracyMeters: Double = FixRules().poorAccuracyMeters) {
        self.position = position; self.radiusMeters = radiusMeters; self.startedAt = startedAt
        self.liftedAt = liftedAt; self.maxAccuracyMeters = maxAccuracyMeters
    }

    /// Whether `fix` shows the unit there within the order's time.
    public func counts(_ fix: Fix) -> Bool {
        guard fix.at >= startedAt, liftedAt.map({ fix.at <= $0 }) ?? true else { return false }
        if let a = fix.accuracy, a > maxAccuracyMeters { return false }
        return fix.meters(to: Fix(lat: position.lat, lon: position.lon, at: fix.at)) <= radiusMeters
    }

    /// Takes one fix. Returns the arrival time when this fix makes it known or moves it earlier (a
    /// late fix from the queue), nil otherwise: a live feed reports an arrival once, and again only
    /// to correct it.
    @discardableResult
    public mutating func feed(_ fix: Fix) -> Date? {
        guard counts(fix), arrivedAt.map({ fix.at < $0 }) ?? true else { return nil }
        arrivedAt = fix.at
        return fix.at
    }

    /// Lifts the order at `date`: fixes after it stop counting, and an arrival detected after it (from
    /// a fix fed before the lift was known) no longer stands.
    public mutating func lift(at date: Date) {
        liftedAt = date
        if let a = arrivedAt, a > date { arrivedAt = nil }
    }

    /// The arrival time in a track, or nil if no fix in it shows the unit there in time.
    public static func first(in fixes: [Fix], at position: GeoPoint, radiusMeters: Double = defaultRadiusMeters,
                             startedAt: Date, liftedAt: Date? = nil,
                             maxAccuracyMeters: Double = FixRules().poorAccuracyMeters) -> Date? {
        var arrival = CheckpointArrival(position: position, radiusMeters: radiusMeters, startedAt: startedAt,
                                        liftedAt: liftedAt, maxAccuracyMeters: maxAccuracyMeters)
        for f in fixes { arrival.feed(f) }
        return arrival.arrivedAt
    }
}

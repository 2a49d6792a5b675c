import Foundation
import PinganDomain

/// One stretch of a track that counts as patrolling: between two consecutive fixes, at most
/// `gapLimitSeconds` apart and not an implausible jump, cut to the period asked about. The unit is
/// taken to move along the straight line (linear in latitude and longitude) at constant speed:
/// the only thing known between two fixes, and what every figure below is attributed by.
public struct TrackInterval: Sendable, Hashable {
    public var from: GeoPoint
    public var to: GeoPoint
    public var start: Date
    public var end: Date

    public var seconds: TimeInterval { end.timeIntervalSince(start) }
    public var meters: Double { from.distance(to: to) }

    /// The moment a fraction `u` (0…1) of the way along.
    func moment(_ u: Double) -> Date { start.addingTimeInterval(u * seconds) }
}

/// How a track splits into intervals that count and the ones that do not.
public struct TrackIntervals: Sendable, Hashable {
    public var counted: [TrackInterval]
    /// Intervals longer than the gap limit (not patrolling).
    public var gaps: Int
    /// Intervals faster than the jump limit (GPS glitches).
    public var jumps: Int

    /// Sorts the fixes by time (a phone's queue sends late), pairs neighbours, and keeps what counts
    /// inside `period`. Two fixes at the same moment make no interval.
    public static func of(_ track: [Fix], in period: DateInterval, rules: PatrolQualityRules = .init()) -> TrackIntervals {
        let fixes = track.sorted { $0.at < $1.at }
        var out = TrackIntervals(counted: [], gaps: 0, jumps: 0)
        for (a, b) in zip(fixes, fixes.dropFirst()) {
            let dt = b.at.timeIntervalSince(a.at)
            guard dt > 0 else { continue }
            // Outside the period entirely: neither counted nor a gap or jump of this period.
            guard b.at > period.start, a.at < period.end else { continue }
            if dt > rules.gapLimitSeconds { out.gaps += 1; continue }
            let d = a.meters(to: b)
            if d > rules.jumpNoiseMeters, d / dt > rules.jumpLimitMetersPerSecond { out.jumps += 1; continue }
            let pa = GeoPoint(lat: a.lat, lon: a.lon), pb = GeoPoint(lat: b.lat, lon: b.lon)
            let u0 = max(0, period.start.timeIntervalSince(a.at) / dt), u1 = min(1, period.end.timeIntervalSince(a.at) / dt)
            guard u1 > u0 else { continue }
            out.counted.append(TrackInterval(from: BoundaryGeometry.lerp(pa, pb, u0), to: BoundaryGeometry.lerp(pa, pb, u1),
                                             start: a.at.addingTimeInterval(u0 * dt), end: a.at.addingTimeInterval(u1 * dt)))
        }
        return out
    }
}

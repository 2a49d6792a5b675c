import Foundation

/// The thresholds patrol quality (P3, 巡防质态) is read with. Each is a rule a supervisor can be told
/// in one sentence, because a figure an inspector cannot recompute by hand is not trusted.
public struct PatrolQualityRules: Sendable, Hashable, Codable {
    /// An interval between two fixes longer than this is not patrolling: neither its distance nor
    /// its time counts, nor does it count inside the grid or at a place. 300 s: a terminal reports
    /// every 10–30 s and the map already greys a unit after 120 s; five minutes without a fix is a
    /// unit nobody can vouch for (phone off, parked at the station), and a straight line drawn
    /// across it would invent a route.
    public var gapLimitSeconds: TimeInterval = 300
    /// An interval whose straight-line speed is above this (and whose jump is over `jumpNoiseMeters`)
    /// is a GPS glitch, not driving: its distance and its time are both left out, so one bad fix
    /// (out and back) cannot add kilometres. 50 m/s = 180 km/h, beyond any patrol vehicle on county roads.
    public var jumpLimitMetersPerSecond: Double = 50
    /// Jumps shorter than this are GPS noise and never count as implausible, whatever the speed
    /// (two fixes a fraction of a second apart); the same bar `FixRules.flags` uses.
    public var jumpNoiseMeters: Double = 50
    /// Stays inside a place's radius separated by an exit no longer than this are one visit: a car
    /// going round the block, or a fix wandering over the rim, is not a second visit.
    public var visitMergeSeconds: TimeInterval = 120
    /// A visit with at least this much time inside the radius is a stop (a dwell), 10 min.
    public var stopMinimumSeconds: TimeInterval = 600
    /// A stop no longer than this meets Koper's finding (Koper 1995: stops of about 10–15 min deter
    /// longest; past 15 min the extra minutes buy little), so 10–15 min counts towards compliance.
    public var koperMaximumSeconds: TimeInterval = 900
    /// Koper's stops are to be repeated about every two hours: the shift is cut into windows this long.
    public var koperWindowSeconds: TimeInterval = 7_200
    /// The radius of a dispute place when none is given, the same as a hotspot's.
    public static let defaultPlaceRadiusMeters = 100.0

    public init() {}
}

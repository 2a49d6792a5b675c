import Foundation

/// The latest known position of a unit, as the command map shows it. Only a newer fix moves it:
/// a late fix from a phone's queue goes into the track and leaves the live position alone.
public struct LivePosition: Codable, Sendable, Hashable {
    public var fix: Fix
    public var flags: FixFlags

    public init(fix: Fix, flags: FixFlags = []) { self.fix = fix; self.flags = flags }

    /// The position after `candidate` arrives: the candidate if it is newer, else unchanged.
    public static func advanced(_ current: LivePosition?, by candidate: Fix, flags: FixFlags) -> LivePosition? {
        guard let current else { return LivePosition(fix: candidate, flags: flags) }
        return candidate.at > current.fix.at ? LivePosition(fix: candidate, flags: flags) : current
    }

    /// Seconds without a fix after which a unit shows as stale: three missed reports of a phone
    /// sending every 10 s is a glitch, two minutes is a unit the map cannot vouch for.
    public static let staleAfter: TimeInterval = 120

    /// Stale when no fix came for `after` seconds: the map greys the unit and dispatch leaves it out.
    public func isStale(at now: Date, after: TimeInterval) -> Bool {
        now.timeIntervalSince(fix.at) > after
    }
}

import Foundation

/// The county's hour-of-week profile (P6): the share of all county incidents that fall in each of
/// the 168 hours of the week, Monday 00:00–01:00 local time first.
///
/// It is pooled over the whole county, not per grid: a village grid sees a handful of incidents a
/// month, far too few to say when in the week they happen, while the county as a whole shows the
/// rhythm (quiet nights, busy evenings, market days) every grid shares.
public struct HourOfWeekProfile: Sendable, Codable, Equatable {
    /// Hours in a week.
    public static let hours = 168

    /// Pseudo-incidents added to every hour of the week before the shares are taken (additive
    /// smoothing). It is the profile's floor: no hour is ever expected to see nothing, an hour that
    /// saw no incident in the window still gets `pseudoCount / (N + 168 · pseudoCount)`, and with
    /// no incidents at all the profile is flat (1/168 each).
    public static let pseudoCount = 1.0

    /// The county's UTC offset (China Standard Time, no daylight saving): hours of the week are
    /// local hours, a Monday night is a Monday night in the county.
    public static let chinaUTCOffsetSeconds = 8 * 3600

    /// 168 shares, summing to 1, each above 0.
    public let shares: [Double]

    /// Shares from counts per hour of the week (168 of them, Monday 00:00 first).
    public init(counts: [Int], pseudoCount: Double = HourOfWeekProfile.pseudoCount) {
        precondition(counts.count == Self.hours, "an hour-of-week profile needs 168 counts")
        precondition(pseudoCount > 0, "the smoothing must be positive, or a quiet hour would be expected at zero")
        let total = Double(counts.reduce(0, +)) + pseudoCount * Double(Self.hours)
        shares = counts.map { (Double($0) + pseudoCount) / total }
    }

    /// Shares from the times of the county's incidents (whatever window the caller chose; a whole
    /// number of weeks keeps every hour of the week sampled equally often).
    public init(incidentTimes: [Date], utcOffsetSeconds: Int = HourOfWeekProfile.chinaUTCOffsetSeconds,
                pseudoCount: Double = HourOfWeekProfile.pseudoCount) {
        var counts = [Int](repeating: 0, count: Self.hours)
        for t in incidentTimes { counts[Self.hourOfWeek(t, utcOffsetSeconds: utcOffsetSeconds)] += 1 }
        self.init(counts: counts, pseudoCount: pseudoCount)
    }

    /// The share of the county's incidents in `hourOfWeek` (0 = Monday 00:00–01:00, 167 = Sunday 23:00–24:00).
    public subscript(hourOfWeek: Int) -> Double { shares[hourOfWeek] }

    /// The hour of the week `date` falls in, local time. Plain arithmetic rather than a Calendar: the
    /// offset is fixed, and 1970-01-01 (the epoch) was a Thursday, hour 72 of a Monday-first week.
    public static func hourOfWeek(_ date: Date, utcOffsetSeconds: Int = chinaUTCOffsetSeconds) -> Int {
        // Rounded down, not toward zero, so an hour before 1970 is still the right hour of the week.
        let localHours = Int(((date.timeIntervalSince1970 + Double(utcOffsetSeconds)) / 3600).rounded(.down))
        let h = (localHours + 72) % hours
        return h < 0 ? h + hours : h
    }
}

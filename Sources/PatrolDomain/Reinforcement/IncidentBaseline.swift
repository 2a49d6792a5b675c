import Foundation

/// What a grid is expected to see in an hour (P6), the in-control mean the spike watch compares
/// each hour's count with.
///
/// A pooled estimate: the grid's own daily rate (its incidents over a trailing window) spread over
/// the week by the county's hour-of-week profile. Per hour that is
///
///     expected = dailyRate × 7 × profile[hourOfWeek]
///
/// because the profile's 168 shares sum to 1 over a week and a week holds 7 days of the grid's
/// rate: summed over the week the expectations give back 7 × dailyRate, the grid's weekly count.
/// A grid's own hour-of-week counts would be almost all zeros; the county's shape is the best
/// guess of when in the week a grid's incidents happen.
public struct IncidentBaseline: Sendable, Codable, Equatable {
    /// Days of a grid's history its daily rate is taken over: four whole weeks, so every weekday
    /// counts equally, long enough for a village grid to have a few incidents, short enough to
    /// follow a season.
    public static let windowDays = 28

    /// Weeks of county history the hour-of-week profile is taken over: a year, so the 168 hours
    /// are each sampled 52 times (the county's ~4,600 incidents a year give ~27 per hour of week).
    public static let profileWindowWeeks = 52

    /// The lowest daily rate a grid is given, incidents per day: a grid that had none in the
    /// window is not expected to have none, else its first incident would look infinitely unusual.
    /// 0.05/day is one incident in 20 days, below any grid's real rate in the demo county.
    public static let dailyRateFloor = 0.05

    /// Each grid's daily rate (incidents per day, floored).
    public let dailyRates: [String: Double]
    /// The county's hour-of-week profile.
    public let profile: HourOfWeekProfile
    /// The UTC offset hours of the week are counted in.
    public let utcOffsetSeconds: Int
    /// The floor applied, also to grids not in `dailyRates`.
    public let floor: Double

    /// From plain values: the given daily rates (floored here) and profile.
    public init(dailyRates: [String: Double], profile: HourOfWeekProfile,
                utcOffsetSeconds: Int = HourOfWeekProfile.chinaUTCOffsetSeconds, floor: Double = IncidentBaseline.dailyRateFloor) {
        precondition(floor > 0, "the daily-rate floor must be positive")
        self.dailyRates = dailyRates.mapValues { Swift.max($0, floor) }
        self.profile = profile; self.utcOffsetSeconds = utcOffsetSeconds; self.floor = floor
    }

    /// From incident times: each grid's incidents in the `windowDays` before `now` give its rate;
    /// the county's incidents in the `profileWeeks` weeks before `now` (all grids' times pooled
    /// when `countyTimes` is nil) give the profile.
    public init(gridIncidentTimes: [String: [Date]], countyTimes: [Date]? = nil, now: Date,
                windowDays: Int = IncidentBaseline.windowDays, profileWeeks: Int = IncidentBaseline.profileWindowWeeks,
                utcOffsetSeconds: Int = HourOfWeekProfile.chinaUTCOffsetSeconds, floor: Double = IncidentBaseline.dailyRateFloor) {
        precondition(windowDays > 0 && profileWeeks > 0, "windows must be at least a day and a week")
        let from = now.addingTimeInterval(-Double(windowDays) * 86_400)
        let rates = gridIncidentTimes.mapValues { times in
            Self.dailyRate(count: times.filter { $0 >= from && $0 < now }.count, days: Double(windowDays), floor: floor)
        }
        let profileFrom = now.addingTimeInterval(-Double(profileWeeks) * 7 * 86_400)
        let county = (countyTimes ?? gridIncidentTimes.values.flatMap { $0 }).filter { $0 >= profileFrom && $0 < now }
        self.init(dailyRates: rates, profile: HourOfWeekProfile(incidentTimes: county, utcOffsetSeconds: utcOffsetSeconds),
                  utcOffsetSeconds: utcOffsetSeconds, floor: floor)
    }

    /// Incidents per day from a count over `days`, never below `floor`.
    public static func dailyRate(count: Int, days: Double, floor: Double = dailyRateFloor) -> Double {
        Swift.max(Double(count) / days, floor)
    }

    /// Expected incidents in one hour for a grid of `dailyRate` in an hour of week holding `share`
    /// of the county's week.
    public static func expected(dailyRate: Double, share: Double) -> Double { dailyRate * 7 * share }

    /// The grid's daily rate; a grid with no history gets the floor.
    public func dailyRate(grid: String) -> Double { dailyRates[grid] ?? floor }

    /// Expected incidents for `grid` in the hour starting at (or containing) `hour`.
    public func expected(grid: String, hour: Date) -> Double {
        Self.expected(dailyRate: dailyRate(grid: grid),
                      share: profile[HourOfWeekProfile.hourOfWeek(hour, utcOffsetSeconds: utcOffsetSeconds)])
    }
}

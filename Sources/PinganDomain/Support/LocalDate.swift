import Foundation

/// Calendar helpers for the county (Asia/Shanghai). Nothing here reads the clock.
public enum PinganCalendar {
    /// The county's time zone, `Asia/Shanghai` (UTC+8, no daylight saving).
    public static let timeZone = TimeZone(identifier: "Asia/Shanghai")!

    /// A Gregorian calendar in Asia/Shanghai. Pass it explicitly to functions that need one.
    public static var shanghai: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        c.locale = Locale(identifier: "zh_CN")
        c.firstWeekday = 2
        return c
    }
}

/// A calendar day without time, encoded as `"2026-11-05"`.
public struct LocalDate: Hashable, Comparable, Sendable, StringCodable {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date; traps on an impossible date (use `init?(_ string:)` for input).
    public init(year: Int, month: Int, day: Int) {
        precondition(Self.isValid(year: year, month: month, day: day), "invalid date \(year)-\(month)-\(day)")
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `"yyyy-MM-dd"`.
    public init?(_ string: String) {
        let parts = string.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              Self.isValid(year: y, month: m, day: d) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The calendar day of `date` in `calendar`'s time zone.
    public init(_ date: Date, in calendar: Calendar) {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: c.year!, month: c.month!, day: c.day!)
    }

    /// Whether year/month/day form a real Gregorian date.
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// Midnight at the start of this day in `calendar`'s time zone.
    public func start(in calendar: Calendar) -> Date {
        calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// This day shifted by `days` calendar days.
    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The day `n` days after 1970-01-01 (Howard Hinnant's civil_from_days).
    public init(daysSinceEpoch n: Int) {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// `year`-`month` shifted by `months`, by floor division: a total below year 0 (a month such as
    /// 0000-01 typed into a form, then its previous three months) must give month 10 of year -1, not
    /// month -2, which trapped the server.
    static func monthArithmetic(year: Int, month: Int, adding months: Int) -> (year: Int, month: Int) {
        let total = year * 12 + (month - 1) + months
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        return (y, total - y * 12 + 1)
    }

    /// This day shifted by `months` (end of month clamps, e.g. Jan 31 + 1 month = Feb 28).
    public func adding(months: Int) -> LocalDate {
        let (y, m) = Self.monthArithmetic(year: year, month: month, adding: months)
        var d = day
        while !Self.isValid(year: y, month: m, day: d) { d -= 1 }
        return LocalDate(year: y, month: m, day: d)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        // Zeller-free: days since 1970-01-01 (a Thursday).
        let n = daysSinceEpoch
        return ((n % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// Saturday or Sunday.
    public var isWeekend: Bool { isoWeekday >= 6 }

    /// Days since 1970-01-01 (proleptic Gregorian).
    public var daysSinceEpoch: Int {
        // Algorithm from Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: LocalDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The month this day belongs to.
    public var yearMonth: YearMonth { YearMonth(year: year, month: month) }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static let stringFormat = "yyyy-MM-dd"
}

/// A calendar month, encoded as `"2026-11"` (used by monthly screening, M9).
public struct YearMonth: Hashable, Comparable, Sendable, StringCodable {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "invalid month \(month)")
        self.year = year
        self.month = month
    }

    /// Parses `"yyyy-MM"`.
    public init?(_ string: String) {
        let parts = string.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        self.init(year: y, month: m)
    }

    /// The month containing `date` in `calendar`'s time zone.
    public init(_ date: Date, in calendar: Calendar) {
        self = LocalDate(date, in: calendar).yearMonth
    }

    /// The month before this one.
    public var previous: YearMonth { adding(months: -1) }

    /// This month shifted by `months`.
    public func adding(months: Int) -> YearMonth {
        let (y, m) = LocalDate.monthArithmetic(year: year, month: month, adding: months)
        return YearMonth(year: y, month: m)
    }

    /// First day of the month.
    public var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1) }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    public var description: String { String(format: "%04d-%02d", year, month) }

    public static let stringFormat = "yyyy-MM"
}

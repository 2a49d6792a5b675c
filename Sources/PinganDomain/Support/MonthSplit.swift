import Foundation

/// A period [from, to) cut into the whole calendar months it covers (China time) and the pieces
/// before and after them. Counts kept per month (the county report's roll-ups) answer the whole
/// months; the pieces are counted from the rows themselves, so any period gets exact figures.
public struct MonthSplit: Equatable, Sendable {
    /// The whole months, as `yyyymm` numbers (first and last included); nil when there is none.
    public var months: ClosedRange<Int>?
    /// The parts of the period outside those months (none, one or two, in order; each non-empty).
    public var pieces: [Range<Date>]

    public init(from: Date, to: Date, calendar: Calendar = PinganCalendar.shanghai) {
        guard from < to else { months = nil; pieces = []; return }
        let first = Self.monthStart(containing: from, calendar)
        let firstWhole = first.start == from ? first : Self.next(first)
        let lastEnd = Self.monthStart(containing: to, calendar)
        guard firstWhole.start < lastEnd.start else { months = nil; pieces = [from..<to]; return }
        months = firstWhole.number...Self.previous(lastEnd).number
        pieces = [from..<firstWhole.start, lastEnd.start..<to].filter { !$0.isEmpty }
    }

    /// A month: its `yyyymm` number, its first day and when that day starts.
    struct Month {
        var year: Int, month: Int
        var calendar: Calendar
        var number: Int { year * 100 + month }
        var start: Date { LocalDate(year: year, month: month, day: 1).start(in: calendar) }
    }

    static func monthStart(containing d: Date, _ calendar: Calendar) -> Month {
        let day = LocalDate(d, in: calendar)
        return Month(year: day.year, month: day.month, calendar: calendar)
    }

    static func next(_ m: Month) -> Month {
        m.month == 12 ? Month(year: m.year + 1, month: 1, calendar: m.calendar) : Month(year: m.year, month: m.month + 1, calendar: m.calendar)
    }

    static func previous(_ m: Month) -> Month {
        m.month == 1 ? Month(year: m.year - 1, month: 12, calendar: m.calendar) : Month(year: m.year, month: m.month - 1, calendar: m.calendar)
    }
}

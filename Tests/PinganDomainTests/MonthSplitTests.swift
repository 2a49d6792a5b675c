import Foundation
@testable import PinganDomain
import Testing

/// The county report's roll-ups count whole months; the rest of a period is counted row by row.
@Suite("A period cut into whole months and the pieces around them")
struct MonthSplitTests {
    let cal = PinganCalendar.shanghai
    func day(_ s: String) -> Date { LocalDate(s)!.start(in: cal) }

    @Test("A calendar year is twelve whole months and no piece")
    func year() {
        let s = MonthSplit(from: day("2025-01-01"), to: day("2026-01-01"))
        #expect(s.months == 202501...202512)
        #expect(s.pieces.isEmpty)
    }

    @Test("Partial months at both ends become pieces, cut at China midnight of the 1st")
    func partial() {
        let from = day("2025-03-15").addingTimeInterval(3_600), to = day("2025-07-05")
        let s = MonthSplit(from: from, to: to)
        #expect(s.months == 202504...202506)
        #expect(s.pieces == [from..<day("2025-04-01"), day("2025-07-01")..<to])
        // 1 April 00:00 in China is 31 March 16:00 UTC.
        #expect(day("2025-04-01").timeIntervalSince1970 == 1_743_436_800)
    }

    @Test("Across a new year, and a period inside one month or two adjacent partial months")
    func edges() {
        #expect(MonthSplit(from: day("2024-12-10"), to: day("2025-02-01")).months == 202501...202501)
        #expect(MonthSplit(from: day("2024-12-10"), to: day("2025-02-01")).pieces == [day("2024-12-10")..<day("2025-01-01")])
        let inside = MonthSplit(from: day("2025-05-02"), to: day("2025-05-20"))
        #expect(inside.months == nil && inside.pieces == [day("2025-05-02")..<day("2025-05-20")])
        let adjacent = MonthSplit(from: day("2025-05-02"), to: day("2025-06-20"))
        #expect(adjacent.months == nil && adjacent.pieces == [day("2025-05-02")..<day("2025-06-20")])
        #expect(MonthSplit(from: day("2025-05-02"), to: day("2025-05-02")).pieces.isEmpty)
        #expect(MonthSplit(from: day("2025-05-02"), to: day("2025-05-01")) == MonthSplit(from: day("2025-05-02"), to: day("2025-05-02")))
    }
}

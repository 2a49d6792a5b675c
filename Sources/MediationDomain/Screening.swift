import Foundation
import PinganDomain

/// A village's monthly screening report (每月一次矛盾排查, M9). `foundCount == 0` is a nil report (零报告).
public struct ScreeningReport: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The month screened, `"2026-11"`.
    public var month: YearMonth
    public var villageId: UUID
    /// Disputes or hidden risks found.
    public var foundCount: Int
    /// Nothing found (零报告); always equal to `foundCount == 0`.
    public var nilReport: Bool
    public var submittedAt: Date
    public var submittedByUserId: UUID?
    public var note: String?

    public init(id: UUID, month: YearMonth, villageId: UUID, foundCount: Int, submittedAt: Date,
                submittedByUserId: UUID? = nil, note: String? = nil) {
        self.id = id
        self.month = month
        self.villageId = villageId
        self.foundCount = foundCount
        nilReport = foundCount == 0
        self.submittedAt = submittedAt
        self.submittedByUserId = submittedByUserId
        self.note = note
    }

    /// Chinese label: `"零报告"` or `"排查发现 N 件"`.
    public var label: String { nilReport ? "零报告" : "排查发现 \(foundCount) 件" }
}

/// Who has not reported (M9).
public enum ScreeningCompliance {
    /// The villages (in the given order) with no report for `month`.
    public static func missing(villages: [UUID], reports: [ScreeningReport], month: YearMonth) -> [UUID] {
        let reported = Set(reports.lazy.filter { $0.month == month }.map(\.villageId))
        return villages.filter { !reported.contains($0) }
    }

    /// The month whose reports are due at `now`: the previous calendar month.
    public static func dueMonth(at now: Date, calendar: Calendar) -> YearMonth {
        YearMonth(now, in: calendar).previous
    }
}

import Foundation
import PinganDomain

/// The counting of a monthly analysis report: trends by category and township, and the
/// category × township cells under the rising-cluster rule. Pure: the server passes the month's
/// and the previous three months' registrations as plain records.
public struct AnalysisReportTrends: Sendable {
    /// One dispute's registration as the report counts it.
    public struct Registration: Hashable, Sendable {
        public var category: DisputeCategory
        /// nil: registered at county level, outside any township.
        public var townshipId: UUID?
        public var month: YearMonth
        public init(category: DisputeCategory, townshipId: UUID?, month: YearMonth) {
            self.category = category; self.townshipId = townshipId; self.month = month
        }
    }

    public var month: YearMonth
    public var rule: RisingClusterRule
    /// The label of a township id (nil: 县直).
    public var townshipName: @Sendable (UUID?) -> String

    public init(month: YearMonth, rule: RisingClusterRule, townshipName: @escaping @Sendable (UUID?) -> String) {
        self.month = month; self.rule = rule; self.townshipName = townshipName
    }

    /// The previous months, oldest first.
    public var previousMonths: [YearMonth] { (1...RisingClusterRule.baselineMonths).reversed().map { month.adding(months: -$0) } }

    /// Counts per month of the registrations of one group: this month, then the previous ones oldest first.
    private func counts(_ regs: [Registration]) -> (Int, [Int]) {
        var byMonth: [YearMonth: Int] = [:]
        for r in regs { byMonth[r.month, default: 0] += 1 }
        return (byMonth[month] ?? 0, previousMonths.map { byMonth[$0] ?? 0 })
    }

    private func trend(key: String, label: String, _ regs: [Registration]) -> AnalysisReportContent.Trend {
        let (count, previous) = counts(regs)
        let mean = Double(previous.reduce(0, +)) / Double(previous.count)
        return .init(key: key, label: label, count: count, previous: previous, mean: mean, change: Double(count) - mean)
    }

    /// Only registrations of this month and the previous three count.
    private func window(_ regs: [Registration]) -> [Registration] {
        let first = previousMonths[0]
        return regs.filter { $0.month >= first && $0.month <= month }
    }

    public func total(_ regs: [Registration]) -> AnalysisReportContent.Trend { trend(key: "total", label: "合计", window(regs)) }

    /// Categories seen in the four months, in the category list's order.
    public func byCategory(_ regs: [Registration]) -> [AnalysisReportContent.Trend] {
        let groups = Dictionary(grouping: window(regs), by: \.category)
        return DisputeCategory.allCases.compactMap { c in groups[c].map { trend(key: c.rawValue, label: c.label, $0) } }
    }

    /// Townships seen in the four months (county level last), by name.
    public func byTownship(_ regs: [Registration]) -> [AnalysisReportContent.Trend] {
        let groups = Dictionary(grouping: window(regs), by: \.townshipId)
        return groups.map { id, regs in trend(key: id?.uuidString ?? "county", label: townshipName(id), regs) }
            .sorted { ($0.key == "county" ? 1 : 0, $0.label) < ($1.key == "county" ? 1 : 0, $1.label) }
    }

    /// Every category × township cell with a case this month, tested by the rule; rising first,
    /// then by p-value.
    public func clusters(_ regs: [Registration]) -> [AnalysisReportContent.Cluster] {
        struct Cell: Hashable { var category: DisputeCategory; var township: UUID? }
        let groups = Dictionary(grouping: window(regs)) { Cell(category: $0.category, township: $0.townshipId) }
        return groups.compactMap { cell, regs -> AnalysisReportContent.Cluster? in
            let (count, previous) = counts(regs)
            guard count > 0 else { return nil }
            let t = rule.test(count: count, previous: previous)
            return .init(category: cell.category.rawValue, categoryLabel: cell.category.label, townshipId: cell.township,
                         townshipName: townshipName(cell.township), count: count, previous: previous, baseline: rule.baseline(previous),
                         pValue: t.pValue, rising: t.rising)
        }.sorted { ($0.rising ? 0 : 1, $0.pValue, $0.category, $0.townshipName) < ($1.rising ? 0 : 1, $1.pValue, $1.category, $1.townshipName) }
    }
}

/// Whether a dispute's risk went up within a period: some level set in it is above the level
/// before it. The first level (set when it was registered) is the start, not a rise.
public enum RiskRise {
    public static func raised(_ levels: [(at: Date, level: RiskLevel)], from: Date, to: Date) -> Bool {
        var before: RiskLevel?
        for l in levels.sorted(by: { $0.at < $1.at }) {
            if l.at >= from, l.at < to, let b = before, l.level > b { return true }
            before = l.level
        }
        return false
    }
}

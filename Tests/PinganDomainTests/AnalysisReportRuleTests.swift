import Foundation
import Testing
@testable import MediationDomain
import PinganDomain

/// The monthly analysis report's rules (M9): the one-sided Poisson test of rising clusters with its
/// stated threshold (p < 0.01, at least 5 cases), the trend counting, and what counts as a risk rise.
@Suite struct AnalysisReportRuleTests {
    let rule = RisingClusterRule.standard

    @Test("The upper tail equals a direct sum of the Poisson probabilities")
    func upperTail() {
        for (k, lambda) in [(1, 0.5), (5, 2.0), (8, 3.0), (12, 10.0), (0, 4.0)] {
            var lower = 0.0, term = exp(-lambda)
            for i in 0..<k { if i > 0 { term *= lambda / Double(i) }; lower += term }
            #expect(abs(RisingClusterRule.upperTail(count: k, mean: lambda) - (1 - lower)) < 1e-12, "k=\(k) λ=\(lambda)")
        }
        // Textbook figure: P(X ≥ 8 | λ = 2) ≈ 0.00110.
        #expect(abs(RisingClusterRule.upperTail(count: 8, mean: 2) - 0.0011) < 0.0001)
        // Large counts neither overflow nor go negative.
        let tiny = RisingClusterRule.upperTail(count: 400, mean: 3)
        #expect(tiny >= 0 && tiny < 1e-12)
    }

    @Test("Stated threshold: p < 0.01 and at least 5 cases")
    func threshold() {
        #expect(rule.alpha == 0.01 && rule.minimumCount == 5)
        // 2, 2, 2 then 8: P(X ≥ 8 | 2) ≈ 0.0011 < 0.01 → rising.
        #expect(rule.test(count: 8, previous: [2, 2, 2]).rising)
        // 2, 2, 2 then 5: P(X ≥ 5 | 2) ≈ 0.053 → steady.
        let five = rule.test(count: 5, previous: [2, 2, 2])
        #expect(!five.rising && five.pValue > 0.05 && five.pValue < 0.06)
        // A steady cluster: 6, 7, 5 then 6.
        #expect(!rule.test(count: 6, previous: [6, 7, 5]).rising)
        // From nothing: 4 cases has p < 0.01 against the 0.5 floor, but is below the minimum count.
        let four = rule.test(count: 4, previous: [0, 0, 0])
        #expect(four.pValue < 0.01 && !four.rising)
        #expect(rule.test(count: 5, previous: [0, 0, 0]).rising)
        #expect(rule.baseline([0, 0, 0]) == 0.5 && rule.baseline([3, 4, 5]) == 4)
        // Just either side of the level: 2, 2, 2 then 7 (p ≈ 0.0045) flagged; with α = 0.001 it is not.
        #expect(rule.test(count: 7, previous: [2, 2, 2]).rising)
        #expect(!RisingClusterRule(alpha: 0.001).test(count: 7, previous: [2, 2, 2]).rising)
        #expect(rule.statement.contains("0.01") && rule.statement.contains("k ≥ 5") && rule.statement.contains("泊松"))
    }

    @Test("Trends count each month and compare with the previous three months' mean; clusters are tested per category × township")
    func trends() {
        let a = UUID(), b = UUID()
        let month = YearMonth(year: 2026, month: 3)
        var regs: [AnalysisReportTrends.Registration] = []
        func add(_ n: Int, _ c: DisputeCategory, _ t: UUID?, _ m: YearMonth) {
            regs += Array(repeating: .init(category: c, townshipId: t, month: m), count: n)
        }
        // Neighbourhood disputes in township a rise: 1, 2, 0 then 9; labour in b is steady: 4, 5, 6 then 5.
        add(1, .neighbourhood, a, YearMonth(year: 2025, month: 12)); add(2, .neighbourhood, a, YearMonth(year: 2026, month: 1))
        add(9, .neighbourhood, a, month)
        for (n, m) in [(4, 12), (5, 1), (6, 2), (5, 3)] { add(n, .labour, b, m == 12 ? YearMonth(year: 2025, month: 12) : YearMonth(year: 2026, month: m)) }
        // Outside the window: not counted.
        add(7, .labour, b, YearMonth(year: 2025, month: 11)); add(3, .labour, b, YearMonth(year: 2026, month: 4))
        let t = AnalysisReportTrends(month: month, rule: rule) { $0 == a ? "甲镇" : $0 == b ? "乙镇" : "县直" }
        #expect(t.previousMonths.map(\.description) == ["2025-12", "2026-01", "2026-02"])
        let total = t.total(regs)
        #expect(total.count == 14 && total.previous == [5, 7, 6] && total.mean == 6 && total.change == 8)
        let cats = t.byCategory(regs)
        #expect(cats.map(\.key) == ["02", "10"])
        #expect(cats[0].count == 9 && cats[0].previous == [1, 2, 0] && cats[0].mean == 1)
        #expect(t.byTownship(regs).map(\.label) == ["乙镇", "甲镇"])
        let clusters = t.clusters(regs)
        #expect(clusters.count == 2)
        #expect(clusters[0].categoryLabel == "邻里" && clusters[0].townshipName == "甲镇" && clusters[0].rising)
        #expect(clusters[1].category == "10" && !clusters[1].rising && clusters[1].baseline == 5)
    }

    @Test("A risk rise is a level set in the period above the one before; the first level is the start")
    func riskRise() {
        let d = { (day: Double) in Date(timeIntervalSince1970: day * 86_400) }
        let from = d(10), to = d(20)
        #expect(RiskRise.raised([(d(1), .blue), (d(12), .orange)], from: from, to: to))
        #expect(!RiskRise.raised([(d(12), .red)], from: from, to: to))
        #expect(!RiskRise.raised([(d(1), .orange), (d(12), .yellow)], from: from, to: to))
        #expect(!RiskRise.raised([(d(1), .blue), (d(25), .red)], from: from, to: to))
        #expect(!RiskRise.raised([(d(1), .blue), (d(5), .red), (d(15), .red)], from: from, to: to))
    }
}

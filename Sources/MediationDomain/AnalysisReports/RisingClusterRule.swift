import Foundation

/// When a category × township count of a month is "rising" (舆情分析报告, M9): a one-sided Poisson
/// test of this month's count against the mean of the previous three months. The count is flagged
/// when it reaches `minimumCount` and P(X ≥ count | λ) < `alpha`, where λ is that mean, floored at
/// `baselineFloor` so that a cluster appearing from nothing is tested against a small level
/// rather than against zero (which would flag a single case). A count with a low p but below the
/// minimum is left unflagged: two cases where there were none is chance, not a trend.
public struct RisingClusterRule: Hashable, Codable, Sendable {
    /// Significance level of the one-sided test.
    public var alpha: Double
    /// The fewest cases in the month a rising cluster can have.
    public var minimumCount: Int
    /// The smallest usual level a cluster is tested against.
    public var baselineFloor: Double
    /// How many previous months make the usual level.
    public static let baselineMonths = 3

    public init(alpha: Double = 0.01, minimumCount: Int = 5, baselineFloor: Double = 0.5) {
        self.alpha = alpha; self.minimumCount = minimumCount; self.baselineFloor = baselineFloor
    }

    public static let standard = RisingClusterRule()

    /// The usual level of previous counts: their mean, never below the floor.
    public func baseline(_ previous: [Int]) -> Double {
        let mean = previous.isEmpty ? 0 : Double(previous.reduce(0, +)) / Double(previous.count)
        return max(mean, baselineFloor)
    }

    /// P(X ≥ count) for X ~ Poisson(λ): one minus the lower tail, summed in log space so that large
    /// counts neither overflow nor lose every digit.
    public static func upperTail(count: Int, mean lambda: Double) -> Double {
        guard count > 0 else { return 1 }
        guard lambda > 0 else { return 0 }
        var lower = 0.0
        var logTerm = -lambda // log P(X = 0)
        for k in 0..<count {
            if k > 0 { logTerm += log(lambda) - log(Double(k)) }
            lower += exp(logTerm)
        }
        return min(1, max(0, 1 - lower))
    }

    /// The test of one cluster: its p-value and whether it is flagged.
    public func test(count: Int, previous: [Int]) -> (pValue: Double, rising: Bool) {
        let p = Self.upperTail(count: count, mean: baseline(previous))
        return (p, count >= minimumCount && p < alpha)
    }

    /// The rule in words, as the report prints it.
    public var statement: String {
        let a = String(format: "%g", alpha), floor = String(format: "%g", baselineFloor)
        return "单侧泊松检验：以前 \(Self.baselineMonths) 个月同类型、同乡镇的月均件数为常态水平 λ（不足 \(floor) 按 \(floor) 计），"
            + "本月件数 k 满足 P(X ≥ k | λ) < \(a) 且 k ≥ \(minimumCount) 时，判为上升聚集。"
    }
}

import Foundation
import PinganDomain

/// What an issued monthly analysis report (舆情分析报告, M9) says, stored as JSON when it is issued
/// and never recomputed: later records change the next version, not this one.
public struct AnalysisReportContent: Codable, Hashable, Sendable {
    /// One line of a trend table: this month against each of the previous three.
    public struct Trend: Codable, Hashable, Sendable {
        public var key: String
        public var label: String
        public var count: Int
        /// The previous months' counts, oldest first.
        public var previous: [Int]
        /// Mean of `previous`.
        public var mean: Double
        /// `count − mean`.
        public var change: Double
    }

    /// One category × township cell of the month, with its test.
    public struct Cluster: Codable, Hashable, Sendable {
        public var category: String
        public var categoryLabel: String
        public var townshipId: UUID?
        public var townshipName: String
        public var count: Int
        public var previous: [Int]
        /// The usual level tested against (the floored mean).
        public var baseline: Double
        public var pValue: Double
        public var rising: Bool
    }

    /// An open dispute among the highest-risk ones when the report was issued.
    public struct RiskItem: Codable, Hashable, Sendable {
        public var disputeId: UUID
        public var summary: String
        public var category: String
        public var risk: String
        public var riskLabel: String
        public var stage: String
        public var stageLabel: String
        public var registeredAt: Date
        public var townshipName: String

        public init(disputeId: UUID, summary: String, category: String, risk: RiskLevel, stage: DisputeStage, registeredAt: Date, townshipName: String) {
            self.disputeId = disputeId; self.summary = summary; self.category = category; self.risk = risk.rawValue
            self.riskLabel = risk.label; self.stage = stage.rawValue; self.stageLabel = stage.label
            self.registeredAt = registeredAt; self.townshipName = townshipName
        }
    }

    /// Counts of a month's changes: registered, settled (agreement signed), escalated, risk raised.
    public struct Changes: Codable, Hashable, Sendable {
        public var new: Int
        public var settled: Int
        public var escalated: Int
        public var riskRaised: Int
        public init(new: Int = 0, settled: Int = 0, escalated: Int = 0, riskRaised: Int = 0) {
            self.new = new; self.settled = settled; self.escalated = escalated; self.riskRaised = riskRaised
        }
    }

    public var orgUnitName: String
    public var month: String
    /// The previous three months, oldest first (the trend tables' columns).
    public var previousMonths: [String]
    public var total: Trend
    public var byCategory: [Trend]
    public var byTownship: [Trend]
    public var clusterRule: RisingClusterRule
    public var clusterTest: String
    /// Every category × township cell with a case this month, rising ones first.
    public var clusters: [Cluster]
    public var topRisks: [RiskItem]
    public var thisMonth: Changes
    public var lastMonth: Changes
    /// Disputes escalated or raised in risk this month (a short list for the reader).
    public var escalatedDisputes: [RiskItem]
    public var riskRaisedDisputes: [RiskItem]

    public var risingClusters: [Cluster] { clusters.filter(\.rising) }

    public init(orgUnitName: String, month: String, previousMonths: [String], total: Trend, byCategory: [Trend], byTownship: [Trend],
                clusterRule: RisingClusterRule, clusterTest: String, clusters: [Cluster], topRisks: [RiskItem], thisMonth: Changes,
                lastMonth: Changes, escalatedDisputes: [RiskItem], riskRaisedDisputes: [RiskItem]) {
        self.orgUnitName = orgUnitName; self.month = month; self.previousMonths = previousMonths; self.total = total
        self.byCategory = byCategory; self.byTownship = byTownship; self.clusterRule = clusterRule; self.clusterTest = clusterTest
        self.clusters = clusters; self.topRisks = topRisks; self.thisMonth = thisMonth; self.lastMonth = lastMonth
        self.escalatedDisputes = escalatedDisputes; self.riskRaisedDisputes = riskRaisedDisputes
    }
}

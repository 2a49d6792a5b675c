import Foundation
import PinganDomain

/// The facts the risk rules look at (M5).
public struct RiskFacts: Hashable, Codable, Sendable {
    public var threatOfViolence: Bool
    public var threatOfSelfHarm: Bool
    /// Police calls (警情) about the same parties within the last 30 days.
    public var policeCallsWithin30Days: Int
    public var peopleInvolved: Int
    public var plannedCollectivePetition: Bool
    public var crossesVillages: Bool
    /// Amount in dispute, in yuan.
    public var amount: Decimal?
    /// Mediation sessions that ended without agreement.
    public var failedSessions: Int

    public init(threatOfViolence: Bool = false, threatOfSelfHarm: Bool = false, policeCallsWithin30Days: Int = 0,
                peopleInvolved: Int = 2, plannedCollectivePetition: Bool = false, crossesVillages: Bool = false,
                amount: Decimal? = nil, failedSessions: Int = 0) {
        self.threatOfViolence = threatOfViolence
        self.threatOfSelfHarm = threatOfSelfHarm
        self.policeCallsWithin30Days = policeCallsWithin30Days
        self.peopleInvolved = peopleInvolved
        self.plannedCollectivePetition = plannedCollectivePetition
        self.crossesVillages = crossesVillages
        self.amount = amount
        self.failedSessions = failedSessions
    }
}

/// Configurable risk rules: the level each rule raises, and thresholds. `Codable` so the county
/// can keep its own settings; `RiskRules()` holds the defaults.
public struct RiskRules: Hashable, Codable, Sendable {
    /// Level for threats of violence (default red).
    public var violenceThreatLevel: RiskLevel
    /// Level for threats of self-harm (default red).
    public var selfHarmThreatLevel: RiskLevel
    /// Police calls about the same parties within 30 days that trigger `repeatedPoliceCallsLevel` (default 2).
    public var policeCallsThreshold: Int
    public var repeatedPoliceCallsLevel: RiskLevel
    /// People involved that make a mass dispute (default 30).
    public var massPeopleThreshold: Int
    public var massPeopleLevel: RiskLevel
    /// Level for a planned collective petition (default orange).
    public var plannedCollectivePetitionLevel: RiskLevel
    /// Level when the dispute crosses villages (default yellow).
    public var crossVillageLevel: RiskLevel
    /// Amount in yuan from which the amount counts as large (default 100,000).
    public var largeAmountThreshold: Decimal
    public var largeAmountLevel: RiskLevel
    /// Failed sessions from which mediation counts as repeatedly failed (default 2).
    public var failedSessionsThreshold: Int
    public var repeatedFailedSessionsLevel: RiskLevel

    public init(violenceThreatLevel: RiskLevel = .red, selfHarmThreatLevel: RiskLevel = .red,
                policeCallsThreshold: Int = 2, repeatedPoliceCallsLevel: RiskLevel = .orange,
                massPeopleThreshold: Int = 30, massPeopleLevel: RiskLevel = .orange,
                plannedCollectivePetitionLevel: RiskLevel = .orange, crossVillageLevel: RiskLevel = .yellow,
                largeAmountThreshold: Decimal = 100_000, largeAmountLevel: RiskLevel = .yellow,
                failedSessionsThreshold: Int = 2, repeatedFailedSessionsLevel: RiskLevel = .yellow) {
        self.violenceThreatLevel = violenceThreatLevel
        self.selfHarmThreatLevel = selfHarmThreatLevel
        self.policeCallsThreshold = policeCallsThreshold
        self.repeatedPoliceCallsLevel = repeatedPoliceCallsLevel
        self.massPeopleThreshold = massPeopleThreshold
        self.massPeopleLevel = massPeopleLevel
        self.plannedCollectivePetitionLevel = plannedCollectivePetitionLevel
        self.crossVillageLevel = crossVillageLevel
        self.largeAmountThreshold = largeAmountThreshold
        self.largeAmountLevel = largeAmountLevel
        self.failedSessionsThreshold = failedSessionsThreshold
        self.repeatedFailedSessionsLevel = repeatedFailedSessionsLevel
    }

    /// The defaults.
    public static let `default` = RiskRules()
}

/// The outcome of assessing a dispute's risk. Also the payload of the `riskAssessed` event.
public struct RiskAssessment: Hashable, Codable, Sendable {
    public var level: RiskLevel
    /// Chinese reasons, one per triggered rule (or the override reason).
    public var reasons: [String]
    /// Whether a manual override decided the level.
    public var overridden: Bool

    public init(level: RiskLevel, reasons: [String], overridden: Bool = false) {
        self.level = level
        self.reasons = reasons
        self.overridden = overridden
    }

    /// Red or orange: a major-dispute report is due.
    public var needsMajorReport: Bool { level.needsMajorReport }
}

/// Applies `RiskRules` to `RiskFacts`. The highest triggered level wins; blue when none.
public enum RiskAssessor {
    /// Assesses `facts`. A manual `override` wins over the rules (its reason comes first).
    public static func assess(facts: RiskFacts, rules: RiskRules = .default, override: RiskOverride? = nil) -> RiskAssessment {
        var hits: [(RiskLevel, String)] = []
        if facts.threatOfViolence { hits.append((rules.violenceThreatLevel, "当事人有暴力威胁言行")) }
        if facts.threatOfSelfHarm { hits.append((rules.selfHarmThreatLevel, "当事人有自伤自残威胁")) }
        if facts.policeCallsWithin30Days >= rules.policeCallsThreshold {
            hits.append((rules.repeatedPoliceCallsLevel, "30 日内同一当事人报警 \(facts.policeCallsWithin30Days) 次"))
        }
        if facts.peopleInvolved >= rules.massPeopleThreshold {
            hits.append((rules.massPeopleLevel, "涉及 \(facts.peopleInvolved) 人（群体性纠纷）"))
        }
        if facts.plannedCollectivePetition { hits.append((rules.plannedCollectivePetitionLevel, "有集体上访苗头")) }
        if facts.crossesVillages { hits.append((rules.crossVillageLevel, "纠纷跨村")) }
        if let amount = facts.amount, amount >= rules.largeAmountThreshold {
            hits.append((rules.largeAmountLevel, "涉及金额较大（\(amount) 元）"))
        }
        if facts.failedSessions >= rules.failedSessionsThreshold {
            hits.append((rules.repeatedFailedSessionsLevel, "多次调解未成（\(facts.failedSessions) 次）"))
        }
        let ruleLevel = hits.map(\.0).max() ?? .blue
        let reasons = hits.map { "\($0.1) → \($0.0.label)" }
        if let override {
            return RiskAssessment(level: override.level, reasons: ["人工调整：\(override.reason)"] + reasons, overridden: true)
        }
        return RiskAssessment(level: ruleLevel, reasons: reasons)
    }
}

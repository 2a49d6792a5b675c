import Foundation
import PinganDomain

/// Counts per mediation level (JSON: `{"village": 1793, "township": 762, …}`).
public struct LevelCounts: Hashable, Codable, Sendable {
    public var village = 0
    public var township = 0
    public var county = 0
    public var department = 0
    public var professional = 0

    public init() {}

    public subscript(level: MediationLevel) -> Int {
        get { self[keyPath: Self.field(level)] }
        set { self[keyPath: Self.field(level)] = newValue }
    }

    private static func field(_ level: MediationLevel) -> WritableKeyPath<LevelCounts, Int> {
        switch level {
        case .village: \.village
        case .township: \.township
        case .county: \.county
        case .department: \.department
        case .professional: \.professional
        }
    }

    public var total: Int { MediationLevel.allCases.reduce(0) { $0 + self[$1] } }
}

/// Count per category (JSON-friendly row).
public struct CategoryCount: Hashable, Codable, Sendable {
    public var category: DisputeCategory
    public var received: Int
    public var settled: Int
}

/// Mediation statistics (M13), always computed from dispute states, never typed in.
public struct MediationStatistics: Hashable, Codable, Sendable {
    /// Disputes received (registered).
    public var received = 0
    /// By the level that received them.
    public var receivedByLevel = LevelCounts()
    /// Disputes with an agreement (调解成功).
    public var settled = 0
    /// `settled / received` (0 when nothing received).
    public var settledRate = 0.0
    /// By the level where the agreement was reached.
    public var settledAtLevel = LevelCounts()
    /// Village-received disputes settled in the village / village-received ("小事不出村").
    public var keptInVillageRate = 0.0
    /// Village- and township-received disputes settled at village or township level ("大事不出乡").
    public var keptInTownshipRate = 0.0
    public var rejected = 0
    public var terminated = 0
    /// Still open (registered, accepted or mediating).
    public var inProgress = 0
    public var archived = 0
    public var escalated = 0
    public var automaticallyEscalated = 0
    /// Difficult disputes (`DisputeState.isDifficult`).
    public var difficult = 0
    /// Petition-referred or petition-linked disputes settled (信访化解).
    public var petitionsResolved = 0
    /// Settled disputes that were mass-incident risks (30+ people or a planned collective petition).
    public var massIncidentsPrevented = 0
    public var followedUp = 0
    public var judicialConfirmationsRequested = 0
    public var byRisk: [RiskLevel: Int] = [:]
    public var byCategory: [CategoryCount] = []

    public init() {}

    /// Computes the statistics of `states`. `massPeopleThreshold` matches the risk rule (default 30).
    public init(states: [DisputeState], massPeopleThreshold: Int = RiskRules.default.massPeopleThreshold) {
        var cat: [DisputeCategory: (Int, Int)] = [:]
        var villageReceived = 0, villageKept = 0, lowReceived = 0, lowKept = 0
        for s in states {
            received += 1
            receivedByLevel[s.receivedLevel] += 1
            byRisk[s.riskLevel, default: 0] += 1
            var c = cat[s.intake.category] ?? (0, 0)
            c.0 += 1
            if s.stage == .rejected || (s.stage == .archived && s.rejection != nil) { rejected += 1 }
            if s.termination != nil { terminated += 1 }
            if s.stage.isOpen { inProgress += 1 }
            if s.stage == .archived { archived += 1 }
            if s.wasEscalated { escalated += 1 }
            if s.escalations.contains(where: \.escalation.automatic) { automaticallyEscalated += 1 }
            if s.isDifficult { difficult += 1 }
            if !s.followUps.isEmpty { followedUp += 1 }
            if s.judicialConfirmation != nil { judicialConfirmationsRequested += 1 }
            if s.receivedLevel == .village { villageReceived += 1 }
            if s.receivedLevel == .village || s.receivedLevel == .township { lowReceived += 1 }
            if let level = s.settledLevel {
                settled += 1
                c.1 += 1
                settledAtLevel[level] += 1
                if s.receivedLevel == .village, level == .village { villageKept += 1 }
                if s.receivedLevel.rank <= 1, s.receivedLevel != .department, s.receivedLevel != .professional,
                   level == .village || level == .township { lowKept += 1 }
                if s.intake.source == .petitionReferral || s.channel == .petitionLinked { petitionsResolved += 1 }
                if s.intake.peopleInvolved >= massPeopleThreshold || s.intake.riskSigns.plannedCollectivePetition {
                    massIncidentsPrevented += 1
                }
            }
            cat[s.intake.category] = c
        }
        settledRate = received == 0 ? 0 : Double(settled) / Double(received)
        keptInVillageRate = villageReceived == 0 ? 0 : Double(villageKept) / Double(villageReceived)
        keptInTownshipRate = lowReceived == 0 ? 0 : Double(lowKept) / Double(lowReceived)
        byCategory = DisputeCategory.allCases.compactMap { k in
            cat[k].map { CategoryCount(category: k, received: $0.0, settled: $0.1) }
        }
    }
}

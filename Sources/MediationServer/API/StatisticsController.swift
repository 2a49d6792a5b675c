import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `GET /api/v1/statistics?orgUnit=&from=&to=` (M13): mediation statistics of a unit's subtree
/// (default: the caller's scope), computed from the records. Justice-branch roles only; a unit
/// outside the caller's scope is 404 like an unknown one.
package struct StatisticsController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.statistics, use: show)
    }

    package func show(req: Request) async throws -> StatisticsDTO {
        try await Self.statistics(req, actor: try DisputeController.caller(req))
    }

    package static func statistics(_ req: Request, actor: Caller) async throws -> StatisticsDTO {
        let unitID: UUID
        if let raw = req.query[String.self, at: "orgUnit"], !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw APIError.notFound("单位") }
            unitID = id
        } else {
            unitID = actor.scopeUnitID
        }
        guard let unit = try await OrgUnitStore(db: req.db).find(unitID, scopePath: actor.scopePath) else { throw APIError.notFound("单位") }
        let from = try AuditController.date(req, "from")
        let to = try AuditController.date(req, "to")
        // from after to is an empty period: every figure is 0 (the document cannot say from ≤ to).
        let figures = try await DisputeStatistics(db: req.db).compute(scopePath: unit.path, from: from, to: to)
        return StatisticsDTO(figures, unit: unit, from: from, to: to)
    }

    package init() {
    }
}

/// The statistics as the API and the page give them: the domain's figures plus Chinese labels.
package struct StatisticsDTO: Content {
    package struct Row: Content {
        package var key: String
        package var label: String
        package var received: Int
        package var settled: Int?
    }

    package var orgUnitId: UUID
    package var orgUnitName: String
    package var from: Date?
    package var to: Date?
    package var received: Int
    package var receivedByLevel: LevelCounts
    package var settled: Int
    package var settledRate: Double
    package var settledAtLevel: LevelCounts
    /// 小事不出村: village-received disputes settled in the village.
    package var keptInVillageRate: Double
    /// 大事不出乡: village- and township-received disputes settled at village or township level.
    package var keptInTownshipRate: Double
    package var rejected: Int
    package var terminated: Int
    package var inProgress: Int
    package var archived: Int
    package var escalated: Int
    package var automaticallyEscalated: Int
    package var difficult: Int
    package var followedUp: Int
    package var petitionsResolved: Int
    package var judicialConfirmationsRequested: Int
    /// Per level: received there and settled there (村/乡/县/部门/专业).
    package var levels: [Row]
    package var byRisk: [Row]
    package var byCategory: [Row]

    package init(_ figures: DisputeStatistics.Figures, unit: OrgUnitModel, from: Date?, to: Date?) {
        let s = figures.stats
        orgUnitId = unit.id ?? UUID()
        orgUnitName = unit.name
        self.from = from
        self.to = to
        received = s.received
        receivedByLevel = s.receivedByLevel
        settled = s.settled
        settledRate = s.settledRate
        settledAtLevel = s.settledAtLevel
        keptInVillageRate = s.keptInVillageRate
        keptInTownshipRate = s.keptInTownshipRate
        rejected = s.rejected
        terminated = s.terminated
        inProgress = s.inProgress
        archived = s.archived
        escalated = s.escalated
        automaticallyEscalated = s.automaticallyEscalated
        difficult = s.difficult
        followedUp = s.followedUp
        petitionsResolved = s.petitionsResolved
        judicialConfirmationsRequested = s.judicialConfirmationsRequested
        levels = MediationLevel.allCases.map {
            Row(key: $0.rawValue, label: $0.label, received: s.receivedByLevel[$0], settled: s.settledAtLevel[$0])
        }
        byRisk = RiskLevel.allCases.map { Row(key: $0.rawValue, label: $0.label, received: s.byRisk[$0] ?? 0, settled: nil) }
        byCategory = figures.categories.sorted { $0.received > $1.received }
            .map { Row(key: $0.category.rawValue, label: $0.category.label, received: $0.received, settled: $0.settled) }
    }
}

import Fluent
import PinganDomain
import Vapor

/// The township judicial office's morning board (M7): open disputes by risk then deadline,
/// counts by stage, unacknowledged major reports, what changed since yesterday and the
/// deadline lists. Built by one query function so the page, the JSON API and the tests agree.
struct BoardModel: Content {
    typealias Item = DisputeRow
    struct RiskGroup: Content { var risk, riskLabel: String; var items: [Item] }
    struct StageCount: Content { var stage, stageLabel: String; var count: Int }
    struct Report: Content {
        var id: UUID
        var disputeId: UUID
        var risk, riskLabel, summary, createdText: String
        var forMyUnit: Bool
    }
    struct Township: Content { var id: UUID; var name: String; var selected: Bool }

    var areaName: String
    var orgUnitId: UUID
    var generatedAt: Date
    var openCount: Int
    var groups: [RiskGroup]
    var stageCounts: [StageCount]
    var majorReports: [Report]
    var sinceYesterday: [Item]
    var overdue: [Item]
    var warning: [Item]
    /// Townships a county user may switch between (empty for a township's own office).
    var townships: [Township]?

    /// The board of `orgUnit` (a unit in the actor's scope; default: the actor's own scope) at `now`.
    static func build(for actor: Actor, orgUnit: UUID? = nil, on db: Database, now: Date) async throws -> BoardModel {
        var area: OrgUnitModel
        if let orgUnit {
            guard let u = try await OrgUnitStore(db: db).find(orgUnit, scopePath: actor.scopePath) else { throw APIError.notFound("单位") }
            area = u
        } else {
            guard let u = try await OrgUnitModel.find(actor.scopeUnitID, on: db) else { throw APIError.notFound("单位") }
            area = u
        }
        // Each part of the board is its own narrow query: a township may hold tens of thousands of
        // closed disputes, and none of them is loaded to draw the morning's work.
        let store = DisputeStore(db: db)
        func rows(_ q: QueryBuilder<DisputeModel>, limit: Int) async throws -> [Item] {
            try await DisputeModel.listColumns(q).limit(limit).all().map { DisputeRow($0, now: now) }
        }
        let openStages = DisputeStage.allCases.filter(\.isOpen).map(\.rawValue)
        let open = try await rows(store.visible(in: area).filter(\.$stage ~~ openStages), limit: 2_000)
        let byDeadline: (Item, Item) -> Bool = { a, b in
            switch (a.deadlineAt, b.deadlineAt) {
            case let (x?, y?): x != y ? x < y : a.registeredAt < b.registeredAt
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.registeredAt < b.registeredAt
            }
        }
        let groups = RiskLevel.allCases.reversed().compactMap { level -> RiskGroup? in
            let items = open.filter { $0.risk == level.rawValue }.sorted(by: byDeadline)
            return items.isEmpty ? nil : RiskGroup(risk: level.rawValue, riskLabel: level.label, items: items)
        }
        let counted = try await store.countByStage(in: area)
        let stageCounts = DisputeStage.allCases.map { s in StageCount(stage: s.rawValue, stageLabel: s.label, count: counted[s.rawValue] ?? 0) }
        let dayAgo = now.addingTimeInterval(-86_400)
        let since = try await rows(store.visible(in: area).filter(\.$lastEventAt >= dayAgo).sort(\.$lastEventAt, .descending), limit: 200)
        let warnUntil = now.addingTimeInterval(Double(TimeLimits.default.warningDaysBefore) * 86_400)
        let running = { store.visible(in: area).filter(\.$stage != DisputeStage.archived.rawValue).sort(\.$deadlineAt) }
        let overdue = try await rows(running().filter(\.$deadlineAt <= now), limit: 500)
        let warning = try await rows(running().filter(\.$deadlineAt > now).filter(\.$deadlineAt <= warnUntil), limit: 500)
        let reports = try await MajorReportModel.query(on: db).filter(\.$recipientPath =~ area.path).filter(\.$acknowledgedAt == nil)
            .sort(\.$createdAt, .descending).all()
        var townships: [Township] = []
        if actor.role == .justiceBureauStaff || actor.role == .admin {
            let units = try await OrgUnitModel.query(on: db).filter(\.$path =~ actor.scopePath)
                .filter(\.$kind == OrgUnitKind.township.rawValue).sort(\.$code).all()
            townships = units.compactMap { u in u.id.map { Township(id: $0, name: u.name, selected: $0 == area.id) } }
        }
        return BoardModel(
            areaName: area.name, orgUnitId: try area.requireID(), generatedAt: now, openCount: open.count, groups: groups,
            stageCounts: stageCounts, majorReports: reports.map {
                Report(id: $0.id!, disputeId: $0.disputeID, risk: $0.risk, riskLabel: RiskLevel(rawValue: $0.risk)?.label ?? $0.risk,
                       summary: Self.withoutRiskPrefix($0.summary), createdText: PageFormat.dateTime($0.createdAt), forMyUnit: $0.recipientOrgUnitID == actor.orgUnitID)
            },
            sinceYesterday: since,
            overdue: overdue.sorted(by: byDeadline),
            warning: warning.sorted(by: byDeadline),
            townships: townships.isEmpty ? nil : townships)
    }
}

extension BoardModel {
    /// Reports are stored as "红色：…"; the board shows the colour as a badge beside it.
    static func withoutRiskPrefix(_ summary: String) -> String {
        for level in RiskLevel.allCases where summary.hasPrefix(level.label + "：") {
            return String(summary.dropFirst(level.label.count + 1))
        }
        return summary
    }
}

/// `GET /api/v1/disputes/board?orgUnit=`: the board as JSON.
struct DisputeBoardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("disputes", "board", use: board)
    }

    func board(req: Request) async throws -> BoardModel {
        let actor = try DisputeController.actor(req)
        let unit = try req.query[String.self, at: "orgUnit"].map { raw -> UUID in
            guard let id = UUID(uuidString: raw) else { throw APIError.badRequest("orgUnit 不是有效编号 / invalid orgUnit", code: "invalid_query") }
            return id
        }
        return try await BoardModel.build(for: actor, orgUnit: unit, on: req.db, now: req.now)
    }
}

import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import SQLKit
import Vapor

/// The township judicial office's morning board (M7): open disputes by risk then deadline,
/// counts by stage, unacknowledged major reports, what changed since yesterday and the
/// deadline lists. Built by one query function so the page, the JSON API and the tests agree.
///
/// Every list holds its first `listLimit` rows with the whole count beside it and a link to the
/// dispute list filtered the same way: a township of 100,000 disputes has hundreds open, and a
/// board that drew them all took seconds to answer and was no use to read on a phone.
package struct BoardModel: Content {
    package typealias Item = DisputeRow
    package static let listLimit = 50

    package struct RiskGroup: Content {
        package var risk, riskLabel: String
        /// Open disputes at this risk; `items` are the first `listLimit` of them.
        package var count: Int
        package var items: [Item]
        /// The dispute list of this group, when the board shows only part of it.
        package var moreHref: String?

        package init(risk: String, riskLabel: String, count: Int, items: [Item], moreHref: String? = nil) {
            self.risk = risk
            self.riskLabel = riskLabel
            self.count = count
            self.items = items
            self.moreHref = moreHref
        }
    }
    package struct StageCount: Content { var stage, stageLabel: String; var count: Int }
    package struct Report: Content {
        package var id: UUID
        package var disputeId: UUID
        package var risk, riskLabel, summary, createdText: String
        package var forMyUnit: Bool

        package init(id: UUID, disputeId: UUID, risk: String, riskLabel: String, summary: String, createdText: String, forMyUnit: Bool) {
            self.id = id
            self.disputeId = disputeId
            self.risk = risk
            self.riskLabel = riskLabel
            self.summary = summary
            self.createdText = createdText
            self.forMyUnit = forMyUnit
        }
    }
    package struct Township: Content { var id: UUID; var name: String; var selected: Bool }
    /// Count and link of a deadline or change list (the rows are in the list itself).
    package struct ListInfo: Content { var count: Int; var moreHref: String? }

    package var areaName: String
    package var orgUnitId: UUID
    package var generatedAt: Date
    package var openCount: Int
    package var groups: [RiskGroup]
    package var stageCounts: [StageCount]
    package var majorReports: [Report]
    package var sinceYesterday: [Item]
    package var overdue: [Item]
    package var warning: [Item]
    package var sinceYesterdayInfo: ListInfo
    package var overdueInfo: ListInfo
    package var warningInfo: ListInfo
    /// Townships a county user may switch between (empty for a township's own office).
    package var townships: [Township]?
    /// X1: open follow-up tasks of the area's committees, and incidents the police handed over
    /// that wait for the township's receipt.
    package var followUpTasks: [PoliceLinkController.TaskItem] = []
    package var policeHandovers: [PoliceLinkController.HandoverItem] = []
    /// `listLimit`, for the page's "first N" notes.
    package var shownPerList = BoardModel.listLimit

    /// The board of `orgUnit` (a unit in the actor's scope; default: the actor's own scope) at `now`.
    package static func build(for actor: Caller, orgUnit: UUID? = nil, on db: Database, now: Date,
                              patrol: (any PatrolBridge)? = nil) async throws -> BoardModel {
        var area: OrgUnitModel
        if let orgUnit {
            guard let u = try await OrgUnitStore(db: db).find(orgUnit, scopePath: actor.scopePath) else { throw APIError.notFound("单位") }
            area = u
        } else {
            guard let u = try await OrgUnitModel.find(actor.scopeUnitID, on: db) else { throw APIError.notFound("单位") }
            area = u
        }
        let areaID = try area.requireID()
        // Each part of the board is its own narrow query by the township's indexed id; none loads
        // more than `listLimit` rows, and the totals are counted by the database.
        let store = DisputeStore(db: db)
        func rows(_ q: QueryBuilder<DisputeModel>) async throws -> [Item] {
            try await DisputeModel.listRows(q.limit(listLimit)).map { DisputeRow($0, now: now) }
        }
        func href(_ filters: [(String, String)]) -> String {
            var c = URLComponents()
            c.queryItems = ([("orgUnit", areaID.uuidString)] + filters).map { URLQueryItem(name: $0.0, value: $0.1) }
            return MediationRoutes.disputeListPage.link(query: c.percentEncodedQuery)
        }
        func info(_ count: Int, _ filters: [(String, String)]) -> ListInfo {
            ListInfo(count: count, moreHref: count > listLimit ? href(filters) : nil)
        }

        let counted = try await store.countByStageAndRisk(in: area)
        let stageCounts = DisputeStage.allCases.map { s in
            StageCount(stage: s.rawValue, stageLabel: s.label, count: counted.filter { $0.stage == s.rawValue }.reduce(0) { $0 + $1.count })
        }
        let openByRisk = counted.filter { DisputeStage(rawValue: $0.stage)?.isOpen == true }.reduce(into: [String: Int]()) { $0[$1.risk, default: 0] += $1.count }
        var groups: [RiskGroup] = []
        for level in RiskLevel.allCases.reversed() {
            let count = openByRisk[level.rawValue] ?? 0
            guard count > 0 else { continue }
            // Nearest deadline first, no deadline last (the same on SQLite and PostgreSQL, which
            // otherwise disagree on where NULL sorts), then the earliest registered.
            let q = store.visible(in: area).open().filter(\.$risk == level.rawValue)
                .sort(.custom(SQLRaw("deadline_at IS NULL"))).sort(\.$deadlineAt).sort(\.$registeredAt)
            groups.append(RiskGroup(risk: level.rawValue, riskLabel: level.label, count: count, items: try await rows(q),
                                    moreHref: info(count, [("open", "true"), ("risk", level.rawValue)]).moreHref))
        }

        let dayAgo = now.addingTimeInterval(-86_400)
        let changed = { store.visible(in: area).filter(\.$lastEventAt >= dayAgo) }
        let since = try await rows(changed().sort(\.$lastEventAt, .descending))
        let overdueQ = { store.visible(in: area).overdue(at: now) }
        let warningQ = { store.visible(in: area).dueSoon(at: now) }
        let overdue = try await rows(overdueQ().sort(\.$deadlineAt).sort(\.$registeredAt))
        let warning = try await rows(warningQ().sort(\.$deadlineAt).sort(\.$registeredAt))
        // The counts are needed only when a list is full; otherwise the list is the count.
        func total(_ shown: [Item], _ q: () -> QueryBuilder<DisputeModel>) async throws -> Int {
            shown.count < listLimit ? shown.count : try await q().countRows()
        }
        let sinceInfo = info(try await total(since, changed), [("changedSince", ISO8601DateFormatter().string(from: dayAgo))])
        let overdueInfo = info(try await total(overdue, overdueQ), [("overdue", "true")])
        let warningInfo = info(try await total(warning, warningQ), [("dueSoon", "true")])

        let reports = try await MajorReportModel.query(on: db).filter(\.$recipientPath =~ area.path).filter(\.$acknowledgedAt == nil)
            .sort(\.$createdAt, .descending).all()
        var townships: [Township] = []
        if actor.role == .justiceBureauStaff || actor.role == .admin {
            let units = try await OrgUnitStore(db: db).visible(scopePath: actor.scopePath, kind: .township, parentID: nil, search: nil).all()
            townships = units.compactMap { u in u.id.map { Township(id: $0, name: u.name, selected: $0 == area.id) } }
        }
        let tasks = try await FollowUpTaskModel.query(on: db).filter(\.$committeePath =~ area.path).filter(\.$closedAt == nil)
            .sort(\.$createdAt).limit(listLimit).all()
        let handovers = try await PoliceHandoverModel.query(on: db).filter(\.$scopePath =~ area.path).filter(\.$acknowledgedAt == nil)
            .sort(\.$createdAt).limit(listLimit).all()
        var model = BoardModel(
            areaName: area.name, orgUnitId: areaID, generatedAt: now, openCount: openByRisk.values.reduce(0, +), groups: groups,
            stageCounts: stageCounts, majorReports: reports.map {
                Report(id: $0.id!, disputeId: $0.disputeID, risk: $0.risk, riskLabel: RiskLevel(rawValue: $0.risk)?.label ?? $0.risk,
                       summary: Self.withoutRiskPrefix($0.summary), createdText: PageFormat.dateTime($0.createdAt), forMyUnit: $0.recipientOrgUnitID == actor.orgUnitID)
            },
            sinceYesterday: since, overdue: overdue, warning: warning,
            sinceYesterdayInfo: sinceInfo, overdueInfo: overdueInfo, warningInfo: warningInfo,
            townships: townships.isEmpty ? nil : townships)
        model.followUpTasks = try await PoliceLinkController.items(tasks, on: db)
        model.policeHandovers = try await PoliceLinkController.handoverItems(handovers, on: db, patrol: patrol)
        return model
    }
}

extension BoardModel {
    /// Reports are stored as "红色：…"; the board shows the colour as a badge beside it.
    package static func withoutRiskPrefix(_ summary: String) -> String {
        for level in RiskLevel.allCases where summary.hasPrefix(level.label + "：") {
            return String(summary.dropFirst(level.label.count + 1))
        }
        return summary
    }
}

/// `GET /api/v1/disputes/board?orgUnit=`: the board as JSON.
package struct DisputeBoardController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.board, use: board)
    }

    package func board(req: Request) async throws -> BoardModel {
        let actor = try DisputeController.caller(req)
        let unit = try req.query[String.self, at: "orgUnit"].map { raw -> UUID in
            guard let id = UUID(uuidString: raw) else { throw APIError.badRequest("orgUnit 不是有效编号 / invalid orgUnit", code: "invalid_query") }
            return id
        }
        return try await BoardModel.build(for: actor, orgUnit: unit, on: req.db, now: req.now, patrol: req.application.patrolBridge)
    }

    package init() {
    }
}

import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import SQLKit
import Vapor

package struct ReinforcementDecisionRequest: Content {
    /// Why (required to reject; optional to accept).
    package var note: String?
}

/// A spike alert as the command map shows it: the grid, the hour's count against its usual
/// level, the proposal with call signs and grid names, the decision and the tasks that followed.
package struct ReinforcementAlertDTO: Content {
    package struct Move: Content {
        package var unitId: UUID
        package var callSign: String
        package var fromGridId: UUID
        package var fromGridName: String
        package var seconds: Double
    }
    package struct Donor: Content {
        package var gridId: UUID
        package var gridName: String
        package var coveredMetersBefore: Double
        package var coveredMetersAfter: Double
        package var keptShare: Double?
    }
    package struct Passed: Content {
        package var unitId: UUID
        package var callSign: String
        package var gridName: String
        package var wouldKeepShare: Double
    }
    package struct Task: Content {
        package var unitId: UUID
        package var callSign: String
        package var plannedSeconds: Double
        package var assignedAt: Date
    }
    package var id: UUID
    package var gridId: UUID
    package var gridName: String
    package var raisedHour: Date
    package var count: Int
    package var expected: Double
    package var status: String
    package var statusLabel: String
    package var keepShare: Double?
    package var moves: [Move]
    package var donors: [Donor]
    package var passed: [Passed]
    /// Why there is no proposal (no road network, or the grid has no point on the roads).
    package var proposalNote: String?
    package var decidedBy: String?
    package var decidedAt: Date?
    package var note: String?
    package var clearedAt: Date?
    package var tasks: [Task]
}

/// `/api/v1/reinforcement-alerts` (P6): the spike alerts of the grids in scope (an officer: those
/// their unit was moved for, shown on the phone as a task); the command centre's accept (the
/// proposal's moves become tasks) or reject (with a reason). Raising and clearing are the hourly
/// watch's (`SpikeMonitor`).
package struct ReinforcementController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.reinforcementAlerts, use: list)
        routes.on(PatrolRoutes.reinforcementAlert, use: show)
        routes.on(PatrolRoutes.acceptReinforcement, use: accept)
        routes.on(PatrolRoutes.rejectReinforcement, use: reject)
    }

    package func list(req: Request) async throws -> ListPage<ReinforcementAlertDTO> {
        let caller = try req.caller()
        let q = try await Self.visible(to: caller, on: req.db)
        if let open = try Check.bool(req, "open") { if open { q.filter(\.$clearedAt == nil) } else { q.filter(\.$clearedAt != nil) } }
        if let status = try Check.choice(req, "status", ReinforcementDecision.self) { q.filter(\.$status == status.rawValue) }
        if let grid = try Check.uuid(req, "grid") { q.filter(\.$gridOrgUnitID == grid) }
        q.sort(\.$raisedHour, .descending).sort(\.$id)
        return try await q.pagedRows(try PageRequest(req)) { try await Self.dtos($0, on: req.db) }
    }

    package func show(req: Request) async throws -> ReinforcementAlertDTO {
        try await Self.dtos([try await Self.alert(req)], on: req.db)[0]
    }

    /// Accepts the proposal: each move still possible (its unit still standing by) becomes a task to
    /// the spiking grid's point. Accepting again answers the same; after a rejection it is a conflict.
    package func accept(req: Request) async throws -> ReinforcementAlertDTO {
        let caller = try req.caller()
        let alert = try await Self.alert(req)
        let body = try req.content.decode(ReinforcementDecisionRequest.self)
        let note = try Check.optionalText(body.note, "note", max: 500)
        if alert.status == ReinforcementDecision.accepted.rawValue { return try await Self.dtos([alert], on: req.db)[0] }
        let proposal = try Self.proposal(of: alert)
        let anchor = try await OrgUnitModel.find(alert.gridOrgUnitID, on: req.db)?.unitGeometry?.anchor
        let moveIDs = (proposal?.moves ?? []).compactMap { UUID(uuidString: $0.unitID) }
        let units = Dictionary(uniqueKeysWithValues: try await PatrolUnitModel.query(on: req.db).filter(\.$id ~~ moveIDs).all().map { ($0.id!, $0) })
        let now = req.now
        let alertID = try alert.requireID()
        // The moves still possible now; the others are named in the log.
        var tasks: [ReinforcementTaskModel] = [], sent: [String] = [], skipped: [String] = []
        for move in proposal?.moves ?? [] {
            guard let id = UUID(uuidString: move.unitID), let unit = units[id], let from = UUID(uuidString: move.fromGridID), let anchor,
                  PatrolUnitStatus(rawValue: unit.status)?.isDispatchable == true else {
                skipped.append(UUID(uuidString: move.unitID).flatMap { units[$0]?.callSign } ?? move.unitID)
                continue
            }
            let task = ReinforcementTaskModel()
            task.alertID = alertID
            task.unitID = id
            task.fromGridOrgUnitID = from
            task.stationPath = unit.stationPath
            task.lat = anchor.lat
            task.lon = anchor.lon
            task.plannedSeconds = move.seconds
            task.assignedAt = now
            tasks.append(task)
            sent.append(unit.callSign)
        }
        Self.decide(alert, .accepted, by: caller, note: note, at: now)
        let logged = ["status": ReinforcementDecision.accepted.rawValue, "tasks": sent.joined(separator: "、"),
                      "skipped": skipped.joined(separator: "、"), "note": note ?? ""]
        let created = tasks
        try await req.db.writeTransaction { tx in
            try await Self.claim(alert, as: .accepted, on: tx)
            for t in created { try await t.create(on: tx) }
            try await alert.save(on: tx)
            try await AuditLog.record(on: tx, at: now, actor: caller, action: "reinforcement.accept", entityType: "reinforcement_alert",
                                      entityID: alertID, before: ["status": ReinforcementDecision.open.rawValue], after: logged)
        }
        return try await Self.dtos([alert], on: req.db)[0]
    }

    /// Rejects the proposal with a reason; nothing moves. Rejecting again answers the same.
    package func reject(req: Request) async throws -> ReinforcementAlertDTO {
        let caller = try req.caller()
        let alert = try await Self.alert(req)
        let body = try req.content.decode(ReinforcementDecisionRequest.self)
        let note = try Check.text(body.note ?? "", "note", max: 500)
        if alert.status == ReinforcementDecision.rejected.rawValue { return try await Self.dtos([alert], on: req.db)[0] }
        Self.decide(alert, .rejected, by: caller, note: note, at: req.now)
        try await req.db.writeTransaction { tx in
            try await Self.claim(alert, as: .rejected, on: tx)
            try await alert.save(on: tx)
            try await AuditLog.record(on: tx, at: req.now, actor: caller, action: "reinforcement.reject", entityType: "reinforcement_alert",
                                      entityID: alert.id, before: ["status": ReinforcementDecision.open.rawValue],
                                      after: ["status": ReinforcementDecision.rejected.rawValue, "note": note])
        }
        return try await Self.dtos([alert], on: req.db)[0]
    }

    /// The alerts `caller` may see, by the rule of incidents and containment orders: an officer
    /// those with a task of their unit; everyone else those of grids in their subtree, and those a
    /// unit of their subtree was moved for (a donor station sees where its car went).
    static func visible(to caller: Caller, on db: any Database) async throws -> QueryBuilder<ReinforcementAlertModel> {
        try await IncidentStore.visible(ReinforcementAlertModel.self, to: caller, scope: \.$scopePath, tasks: ReinforcementTaskModel.schema, key: "alert_id", on: db)
    }

    /// The alert named in the path, if the caller sees it (404 otherwise, as if it did not exist).
    static func alert(_ req: Request) async throws -> ReinforcementAlertModel {
        let caller = try req.caller()
        let id = try req.uuidParameter(what: "增援提示")
        guard let m = try await ReinforcementAlertModel.find(id, on: req.db),
              try await IncidentStore.sees(caller, record: id, at: m.scopePath, tasks: ReinforcementTaskModel.schema, key: "alert_id", on: req.db)
        else { throw DomainError.notFound("增援提示") }
        return m
    }

    static func undecided(_ m: ReinforcementAlertModel) throws {
        guard m.status == ReinforcementDecision.open.rawValue else {
            let label = ReinforcementDecision(rawValue: m.status)?.label ?? m.status
            throw DomainError(code: "already_decided", message: "the proposal was already \(m.status) by \(m.decidedName ?? "")",
                              messageZh: "该增援建议已由\(m.decidedName ?? "他人")决定：\(label)", kind: .conflict)
        }
    }

    /// The decision on the model, to be saved after `claim` has won it.
    static func decide(_ alert: ReinforcementAlertModel, _ decision: ReinforcementDecision, by caller: Caller, note: String?, at now: Date) {
        alert.status = decision.rawValue
        alert.decidedBy = caller.userID
        alert.decidedName = caller.displayName
        alert.decidedAt = now
        alert.note = note
    }

    /// Moves the alert out of `open` only if it still is: the one check that it is undecided, since
    /// an alert read as open may be decided a moment later. Of two dispatchers deciding at once, the
    /// second is told who decided (409) and its transaction, tasks included, is undone.
    static func claim(_ alert: ReinforcementAlertModel, as decision: ReinforcementDecision, on tx: any Database) async throws {
        guard let sql = tx as? any SQLDatabase else { return }
        let id = try alert.requireID()
        let won = try await sql.raw("""
            UPDATE \(ident: ReinforcementAlertModel.schema) SET "status" = \(bind: decision.rawValue)
            WHERE "id" = \(bind: id) AND "status" = \(bind: ReinforcementDecision.open.rawValue) RETURNING "id"
            """).all()
        guard won.isEmpty else { return }
        guard let now = try await ReinforcementAlertModel.find(id, on: tx) else { throw DomainError.notFound("增援提示") }
        try undecided(now)
        throw DomainError(code: "already_decided", message: "the proposal is being decided by someone else", messageZh: "该增援建议正由他人决定", kind: .conflict)
    }

    static func proposal(of m: ReinforcementAlertModel) throws -> ReinforcementProposal? {
        try m.proposal.map { try StoredJSON.decoder.decode(ReinforcementProposal.self, from: Data($0.utf8)) }
    }

    static func dtos(_ rows: [ReinforcementAlertModel], on db: any Database) async throws -> [ReinforcementAlertDTO] {
        let proposals = try rows.map(proposal(of:))
        let alertIDs = rows.compactMap(\.id)
        let tasks = alertIDs.isEmpty ? [] : try await ReinforcementTaskModel.query(on: db).filter(\.$alertID ~~ alertIDs).sort(\.$assignedAt).all()
        var unitIDs = Set(tasks.map(\.unitID))
        var gridIDs = Set(rows.map(\.gridOrgUnitID))
        for p in proposals.compactMap({ $0 }) {
            for m in p.moves { if let u = UUID(uuidString: m.unitID) { unitIDs.insert(u) }; if let g = UUID(uuidString: m.fromGridID) { gridIDs.insert(g) } }
            for d in p.donors { if let g = UUID(uuidString: d.gridID) { gridIDs.insert(g) } }
            for x in p.passed { if let u = UUID(uuidString: x.unitID) { unitIDs.insert(u) }; if let g = UUID(uuidString: x.gridID) { gridIDs.insert(g) } }
        }
        let signs = try await IncidentController.callSigns(unitIDs, on: db)
        let names = gridIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await OrgUnitModel.query(on: db).filter(\.$id ~~ Array(gridIDs)).all().map { ($0.id!, $0.name) })
        func sign(_ s: String) -> String { UUID(uuidString: s).flatMap { signs[$0] } ?? "" }
        func grid(_ s: String) -> String { UUID(uuidString: s).flatMap { names[$0] } ?? "" }
        return try zip(rows, proposals).map { m, p in
            let id = try m.requireID()
            return ReinforcementAlertDTO(
                id: id, gridId: m.gridOrgUnitID, gridName: names[m.gridOrgUnitID] ?? "", raisedHour: m.raisedHour, count: m.count,
                expected: (m.expected * 1000).rounded() / 1000, status: m.status, statusLabel: ReinforcementDecision(rawValue: m.status)?.label ?? m.status,
                keepShare: p?.keepShare,
                moves: (p?.moves ?? []).compactMap { mv in
                    guard let u = UUID(uuidString: mv.unitID), let g = UUID(uuidString: mv.fromGridID) else { return nil }
                    return ReinforcementAlertDTO.Move(unitId: u, callSign: sign(mv.unitID), fromGridId: g, fromGridName: grid(mv.fromGridID), seconds: (mv.seconds * 10).rounded() / 10)
                },
                donors: (p?.donors ?? []).compactMap { d in
                    UUID(uuidString: d.gridID).map { ReinforcementAlertDTO.Donor(gridId: $0, gridName: grid(d.gridID), coveredMetersBefore: d.coveredMetersBefore.rounded(),
                                                          coveredMetersAfter: d.coveredMetersAfter.rounded(), keptShare: d.keptShare) }
                },
                passed: (p?.passed ?? []).compactMap { x in
                    UUID(uuidString: x.unitID).map { ReinforcementAlertDTO.Passed(unitId: $0, callSign: sign(x.unitID), gridName: grid(x.gridID), wouldKeepShare: x.wouldKeepShare) }
                },
                proposalNote: p == nil ? "未载入路网或该网格没有道路上的位置，未能提出增援建议" : (p!.moves.isEmpty ? "周边单元均无法在不低于覆盖底线的情况下抽调" : nil),
                decidedBy: m.decidedName, decidedAt: m.decidedAt, note: m.note, clearedAt: m.clearedAt,
                tasks: tasks.filter { $0.alertID == id }.map { ReinforcementAlertDTO.Task(unitId: $0.unitID, callSign: signs[$0.unitID] ?? "", plannedSeconds: $0.plannedSeconds, assignedAt: $0.assignedAt) })
        }
    }
}

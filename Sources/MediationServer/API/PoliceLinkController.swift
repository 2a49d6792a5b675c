import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// X1 on the mediation side: the committees' follow-up tasks, the incidents the police handed over
/// (警调对接) waiting for the township's receipt, and a dispute's police links — the incident's
/// number, kind, time and place, never the police record.
package struct PoliceLinkController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.followUpTasks, use: tasks)
        routes.on(MediationRoutes.followUpTask, use: task)
        routes.on(MediationRoutes.acknowledgeFollowUpTask, use: acknowledgeTask)
        routes.on(MediationRoutes.closeFollowUpTask, use: closeTask)
        routes.on(MediationRoutes.policeHandovers, use: handovers)
        routes.on(MediationRoutes.acknowledgePoliceHandover, use: acknowledgeHandover)
        routes.on(MediationRoutes.disputePoliceLinks, use: links)
    }

    package struct TaskItem: Content {
        var id: UUID, disputeId: UUID, committeeOrgUnitId: UUID, reason: String, createdAt: Date
        var acknowledgedAt: Date?, closedAt: Date?, closeNote: String?, disputeSummary: String, risk: String, riskLabel: String
    }

    package struct HandoverItem: Content {
        var id: UUID, disputeId: UUID, incidentNumber: String, note: String, handedOverBy: String, createdAt: Date
        var acknowledgedAt: Date?, acknowledgedName: String?, disputeSummary: String, incident: BridgedIncident?
    }

    package struct CallItem: Content {
        var incidentId: UUID, incidentNumber: String, calledAt: Date, placeLabel: String, lat: Double, lon: Double, reportsViolence: Bool
    }

    package struct Links: Content {
        var fromIncident: HandoverItem?
        var calls: [CallItem]
        var followUpTasks: [TaskItem]
    }

    package struct CloseRequest: Content { var note: String }

    // MARK: Follow-up tasks

    package func tasks(req: Request) async throws -> ListPage<TaskItem> {
        let caller = try DisputeController.caller(req)
        let q = FollowUpTasks(db: req.db).visible(to: caller)
        if try Check.bool(req, "open") == true { q.filter(\.$closedAt == nil) }
        return try await q.sort(\.$createdAt, .descending).sort(\.$id).pagedRows(try PageRequest(req)) { try await Self.items($0, on: req.db) }
    }

    package func task(req: Request) async throws -> TaskItem {
        let caller = try DisputeController.caller(req)
        let t = try await FollowUpTasks(db: req.db).find(try req.uuidParameter(what: "跟进任务"), for: caller)
        return try await Self.items([t], on: req.db)[0]
    }

    package func acknowledgeTask(req: Request) async throws -> TaskItem {
        let caller = try DisputeController.caller(req)
        let store = FollowUpTasks(db: req.db)
        let t = try await store.find(try req.uuidParameter(what: "跟进任务"), for: caller)
        try await store.acknowledge(t, by: caller, at: req.now)
        return try await Self.items([t], on: req.db)[0]
    }

    package func closeTask(req: Request) async throws -> TaskItem {
        let caller = try DisputeController.caller(req)
        let store = FollowUpTasks(db: req.db)
        let t = try await store.find(try req.uuidParameter(what: "跟进任务"), for: caller)
        let note = try Check.text(try req.content.decode(CloseRequest.self).note, "note", max: 2000)
        try await store.close(t, note: note, by: caller, at: req.now)
        return try await Self.items([t], on: req.db)[0]
    }

    static func items(_ rows: [FollowUpTaskModel], on db: any Database) async throws -> [TaskItem] {
        let disputes = try await DisputeModel.query(on: db).filter(\.$id ~~ Set(rows.map(\.disputeID))).all()
        let byID = Dictionary(disputes.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        return rows.map { t in
            let d = byID[t.disputeID]
            return TaskItem(id: t.id!, disputeId: t.disputeID, committeeOrgUnitId: t.committeeOrgUnitID, reason: t.reason, createdAt: t.createdAt,
                            acknowledgedAt: t.acknowledgedAt, closedAt: t.closedAt, closeNote: t.closeNote, disputeSummary: d?.summary ?? "",
                            risk: d?.risk ?? "", riskLabel: d.flatMap { RiskLevel(rawValue: $0.risk)?.label } ?? "")
        }
    }

    // MARK: Police handovers (警调对接)

    package func handovers(req: Request) async throws -> ListPage<HandoverItem> {
        let caller = try DisputeController.caller(req)
        let q = PoliceHandoverModel.query(on: req.db).filter(\.$scopePath =~ caller.scopePath)
        if try Check.bool(req, "pending") == true { q.filter(\.$acknowledgedAt == nil) }
        return try await q.sort(\.$createdAt, .descending).sort(\.$id).pagedRows(try PageRequest(req)) { try await Self.handoverItems($0, on: req.db, patrol: req.application.patrolBridge) }
    }

    /// The township (its judicial office) or the bureau takes receipt; the police then see 已接收.
    package func acknowledgeHandover(req: Request) async throws -> HandoverItem {
        let caller = try DisputeController.caller(req)
        guard let h = try await PoliceHandoverModel.find(try req.uuidParameter(what: "移交"), on: req.db), caller.canSee(path: h.scopePath) else {
            throw APIError.notFound("移交")
        }
        if h.acknowledgedAt == nil {
            let now = req.now
            h.acknowledgedAt = now
            h.acknowledgedBy = caller.userID
            h.acknowledgedName = caller.username
            try await req.db.writeTransaction { db in
                try await h.update(on: db)
                try await AuditLog.record(on: db, at: now, actor: caller, action: "acknowledge", entityType: "police_handover", entityID: h.id,
                                          before: ["acknowledgedAt": nil as Date?], after: ["acknowledgedAt": now])
            }
        }
        return try await Self.handoverItems([h], on: req.db, patrol: req.application.patrolBridge)[0]
    }

    static func handoverItems(_ rows: [PoliceHandoverModel], on db: any Database, patrol: (any PatrolBridge)?) async throws -> [HandoverItem] {
        let disputes = try await DisputeModel.query(on: db).filter(\.$id ~~ Set(rows.map(\.disputeID))).all()
        let summaries = Dictionary(disputes.map { ($0.id!, $0.summary) }, uniquingKeysWith: { a, _ in a })
        let incidents = try await patrol?.incidents(rows.map(\.incidentID), on: db) ?? []
        let byIncident = Dictionary(incidents.map { ($0.incidentId, $0) }, uniquingKeysWith: { a, _ in a })
        return rows.map { h in
            HandoverItem(id: h.id!, disputeId: h.disputeID, incidentNumber: h.incidentNumber, note: h.note, handedOverBy: h.handedOverBy,
                         createdAt: h.createdAt, acknowledgedAt: h.acknowledgedAt, acknowledgedName: h.acknowledgedName,
                         disputeSummary: summaries[h.disputeID] ?? "", incident: byIncident[h.incidentID])
        }
    }

    // MARK: A dispute's police links

    package func links(req: Request) async throws -> Links {
        let caller = try DisputeController.caller(req)
        guard let d = try await DisputeStore(db: req.db).find(try req.uuidParameter(what: "纠纷"), scopePath: caller.scopePath) else {
            throw APIError.notFound("纠纷")
        }
        return try await Self.links(of: d.requireID(), req: req)
    }

    static func links(of disputeID: UUID, req: Request) async throws -> Links {
        let handover = try await PoliceHandoverModel.query(on: req.db).filter(\.$disputeID == disputeID).first()
        let calls = try await DisputePoliceCallModel.query(on: req.db).filter(\.$disputeID == disputeID).sort(\.$calledAt).all()
        let tasks = try await FollowUpTaskModel.query(on: req.db).filter(\.$disputeID == disputeID).sort(\.$createdAt).all()
        return Links(fromIncident: try await handover.asyncMap { try await handoverItems([$0], on: req.db, patrol: req.application.patrolBridge)[0] },
                     calls: calls.map { CallItem(incidentId: $0.incidentID, incidentNumber: $0.incidentNumber, calledAt: $0.calledAt,
                                                 placeLabel: $0.placeLabel, lat: $0.lat, lon: $0.lon, reportsViolence: $0.reportsViolence) },
                     followUpTasks: try await items(tasks, on: req.db))
    }

    package init() {}
}

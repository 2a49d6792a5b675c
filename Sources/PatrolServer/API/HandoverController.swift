import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

package struct HandoverRequest: Content {
    /// Made by the client: a resend is one handover.
    package var id: UUID
    package var note: String
}

package struct HandoverDTO: Content {
    package struct Incident: Content {
        package var id: UUID
        package var number: String
        package var typeLabel: String
        package var statusLabel: String
        package var placeLabel: String
    }
    package var id: UUID
    package var fromUserId: UUID
    package var fromName: String
    package var note: String
    package var createdAt: Date
    package var incidents: [Incident]
    package var acknowledgedBy: UUID?
    package var acknowledgedName: String?
    package var acknowledgedAt: Date?
}

/// `/api/v1/handovers` (交接班): the dispatcher going off shift hands the open incidents of their
/// scope over with a note; the one coming on acknowledges. A dispatcher cannot acknowledge their own.
package struct HandoverController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.handovers, use: list)
        routes.on(PatrolRoutes.handOver, use: create)
        routes.on(PatrolRoutes.acknowledgeHandover, use: acknowledge)
    }

    package func list(req: Request) async throws -> ListPage<HandoverDTO> {
        let caller = try req.caller()
        let q = DispatchHandoverModel.query(on: req.db).filter(\.$scopePath =~ caller.scopePath)
        if let pending = try Check.bool(req, "pending") { if pending { q.filter(\.$acknowledgedAt == nil) } else { q.filter(\.$acknowledgedAt != nil) } }
        q.sort(\.$createdAt, .descending).sort(\.$id)
        return try await q.pagedRows(try PageRequest(req)) { try await Self.dtos($0, on: req.db) }
    }

    package func create(req: Request) async throws -> Response {
        let caller = try req.caller()
        let body = try req.content.decode(HandoverRequest.self)
        let note = try Check.text(body.note, "note", max: 2000)
        if let existing = try await DispatchHandoverModel.find(body.id, on: req.db) {
            guard existing.fromUserID == caller.userID, existing.note == note else { throw DomainError.duplicateID(body.id) }
            return try await Self.dtos([existing], on: req.db)[0].encodeResponse(status: .ok, for: req)
        }
        let open = try await IncidentStore(db: req.db).visible(to: caller)
            .filter(\.$status ~~ IncidentStatus.allCases.filter(\.isOpen).map(\.rawValue)).sort(\.$reportedAt).all()
        let h = DispatchHandoverModel()
        h.id = body.id
        h.scopePath = caller.scopePath
        h.fromUserID = caller.userID
        h.fromName = caller.displayName
        h.note = note
        h.incidentIDs = open.compactMap { $0.id?.uuidString }.joined(separator: ",")
        h.createdAt = req.now
        do {
            try await req.db.writeTransaction { tx in
                try await h.create(on: tx)
                try await AuditLog.record(on: tx, at: req.now, actor: caller, action: "handover.create", entityType: "dispatch_handover",
                                          entityID: body.id, before: Nothing?.none, after: ["incidents": String(open.count)])
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            guard let existing = try await DispatchHandoverModel.find(body.id, on: req.db) else { throw error }
            return try await Self.dtos([existing], on: req.db)[0].encodeResponse(status: .ok, for: req)
        }
        return try await Self.dtos([h], on: req.db)[0].encodeResponse(status: .created, for: req)
    }

    package func acknowledge(req: Request) async throws -> HandoverDTO {
        let caller = try req.caller()
        guard let h = try await DispatchHandoverModel.find(try req.uuidParameter(what: "交接班记录"), on: req.db),
              h.scopePath.hasPrefix(caller.scopePath) else { throw DomainError.notFound("交接班记录") }
        if let by = h.acknowledgedBy {
            // A resend of one's own acknowledgement is answered; someone else's is a conflict.
            guard by == caller.userID else {
                throw DomainError(code: "already_acknowledged", message: "already acknowledged by \(h.acknowledgedName ?? "")",
                                  messageZh: "已由\(h.acknowledgedName ?? "他人")接班确认", kind: .conflict)
            }
            return try await Self.dtos([h], on: req.db)[0]
        }
        guard h.fromUserID != caller.userID else {
            throw DomainError(code: "own_handover", message: "the dispatcher coming on acknowledges, not the one going off",
                              messageZh: "交班人不能自己接班确认", kind: .conflict)
        }
        h.acknowledgedBy = caller.userID
        h.acknowledgedName = caller.displayName
        h.acknowledgedAt = req.now
        try await req.db.writeTransaction { tx in
            try await h.save(on: tx)
            try await AuditLog.record(on: tx, at: req.now, actor: caller, action: "handover.acknowledge", entityType: "dispatch_handover",
                                      entityID: h.id, before: ["acknowledged": "false"], after: ["acknowledged": "true"])
        }
        return try await Self.dtos([h], on: req.db)[0]
    }

    static func dtos(_ rows: [DispatchHandoverModel], on db: any Database) async throws -> [HandoverDTO] {
        let ids = Set(rows.flatMap(\.incidents))
        let incidents = ids.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await IncidentModel.query(on: db).filter(\.$id ~~ Array(ids)).all().map { ($0.id!, $0) })
        return try rows.map { h in
            HandoverDTO(id: try h.requireID(), fromUserId: h.fromUserID, fromName: h.fromName, note: h.note, createdAt: h.createdAt,
                        incidents: try h.incidents.compactMap { id in
                            guard let m = incidents[id] else { return nil }
                            let s = try IncidentStore.state(of: m)
                            return HandoverDTO.Incident(id: id, number: m.number, typeLabel: s.type.label, statusLabel: s.status.label, placeLabel: s.place.label)
                        },
                        acknowledgedBy: h.acknowledgedBy, acknowledgedName: h.acknowledgedName, acknowledgedAt: h.acknowledgedAt)
        }
    }
}

import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `/api/v1/discussions`: 重大疑难纠纷集体讨论 (M9). A meeting on one dispute is scheduled,
/// held (minutes) and decided; the decision is also recorded on the dispute's history as a
/// `comment_added` event "集体讨论决定：…" whose event id is the discussion id.
package struct DiscussionController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.discussions, use: list)
        routes.on(MediationRoutes.scheduleDiscussion, use: create)
        routes.on(MediationRoutes.discussion, use: show)
        routes.on(MediationRoutes.holdDiscussion, use: hold)
        routes.on(MediationRoutes.decideDiscussion, use: decide)
    }

    package struct CreateRequest: Content {
        package var id: UUID?
        package var disputeId: UUID
        package var scheduledAt: Date
        package var place: String
        package var participants: [String]
    }

    package struct HoldRequest: Content {
        package var minutes: String
        /// Who actually attended, when it differs from the invitation.
        package var participants: [String]?
    }

    package struct DecideRequest: Content {
        package var decision: String
    }

    package struct Item: Content {
        package var id: UUID
        package var disputeId: UUID
        package var scheduledAt: Date
        package var place: String
        package var participants: [String]
        package var minutes: String?
        package var decision: String?
        package var status: String
        package var statusLabel: String
        package var createdBy: UUID
        package var createdAt: Date
        package var heldAt: Date?
        package var decidedAt: Date?

        package init(_ m: DiscussionModel) {
            id = m.id!
            disputeId = m.disputeID
            scheduledAt = m.scheduledAt
            place = m.place
            participants = (try? JSONDecoder().decode([String].self, from: Data(m.participants.utf8))) ?? []
            minutes = m.minutes
            decision = m.decision
            status = m.status
            statusLabel = m.status == "held" ? "已召开" : "待召开"
            createdBy = m.createdBy
            createdAt = m.createdAt
            heldAt = m.heldAt
            decidedAt = m.decidedAt
        }
    }

    // MARK: Reading

    /// Discussions of disputes visible in the listed subtree.
    package func list(req: Request) async throws -> ListPage<Item> {
        let actor = try DisputeController.caller(req)
        let f = try await DirectivesListFilter(req, actor: actor)
        let status = try DirectivesListFilter.choice(req, "status", ["scheduled", "held"])
        let disputeID = try DirectivesListFilter.uuid(req, "disputeId")
        let q = DiscussionModel.query(on: req.db)
            .join(DisputeModel.self, on: \DiscussionModel.$disputeID == \DisputeModel.$id)
            .group(.or) { $0.filter(DisputeModel.self, \.$originPath =~ f.scopePath).filter(DisputeModel.self, \.$handlingPath =~ f.scopePath) }
        if let status { q.filter(\.$status == status) }
        if let disputeID { q.filter(\.$disputeID == disputeID) }
        if let from = f.from { q.filter(\.$scheduledAt >= from) }
        if let to = f.to { q.filter(\.$scheduledAt <= to) }
        return try await q.sort(\.$scheduledAt, .descending).sort(\.$id).paged(try PageRequest(req)) { Item($0) }
    }

    package func show(req: Request) async throws -> Item {
        let actor = try DisputeController.caller(req)
        return Item(try await find(req, actor: actor))
    }

    package func find(_ req: Request, actor: Caller) async throws -> DiscussionModel {
        guard let m = try await DiscussionModel.find(try req.uuidParameter(what: "集体讨论"), on: req.db),
              try await DisputeStore(db: req.db).find(m.disputeID, scopePath: actor.scopePath) != nil else {
            throw APIError.notFound("集体讨论")
        }
        return m
    }

    package static func participants(_ names: [String]) throws -> String {
        guard (1...50).contains(names.count) else { throw APIError.validation("participants 须有 1–50 人 / participants needs 1–50 names") }
        let checked = try names.map { try Check.text($0, "participants", max: 50) }
        return String(decoding: try JSONEncoder().encode(checked), as: UTF8.self)
    }

    // MARK: Writing

    package func create(req: Request) async throws -> Response {
        let access = try await DirectivesAccess.load(req)
        try access.require(DirectivesAccess.conveners)
        let actor = access.actor
        let body = try req.content.decode(CreateRequest.self)
        let id = body.id ?? UUID()
        // The body is checked before a resend is answered: a malformed resend is refused, not
        // answered with the stored record as if it had been valid.
        let place = try Check.text(body.place, "place", max: 100)
        let participants = try Self.participants(body.participants)
        if let existing = try await DiscussionModel.find(id, on: req.db) {
            guard existing.createdBy == actor.userID, existing.disputeID == body.disputeId else { throw APIError.idTaken(id) }
            return try await Item(existing).encodeResponse(status: .ok, for: req)
        }
        guard try await DisputeStore(db: req.db).find(body.disputeId, scopePath: actor.scopePath) != nil else { throw APIError.notFound("纠纷") }
        let now = req.now
        let (m, created) = try await IdempotentCreate.run(write: {
            let m = DiscussionModel()
            m.id = id
            m.disputeID = body.disputeId
            m.scheduledAt = body.scheduledAt
            m.place = place
            m.participants = participants
            m.createdBy = actor.userID
            m.createdByOrgUnitID = actor.orgUnitID
            m.createdAt = now
            m.status = "scheduled"
            try await req.db.writeTransaction { db in
                try await m.create(on: db)
                try await AuditLog.record(on: db, at: now, actor: actor, action: "create", entityType: "discussion", entityID: id,
                                          before: Nothing?.none, after: Item(m))
            }
            return m
        }, stored: { try await DiscussionModel.find(id, on: req.db) })
        return try await Item(m).encodeResponse(status: created ? .created : .ok, for: req)
    }

    /// Records the minutes. The same minutes again is a no-op; different ones after the fact are 409.
    package func hold(req: Request) async throws -> Item {
        let access = try await DirectivesAccess.load(req)
        try access.require(DirectivesAccess.conveners)
        let m = try await find(req, actor: access.actor)
        let body = try req.content.decode(HoldRequest.self)
        let minutes = try Check.text(body.minutes, "minutes", max: 8000)
        let participants = try body.participants.map(Self.participants)
        if m.status == "held" {
            guard m.minutes == minutes else { throw APIError.conflict("会议纪要已记录 / minutes already recorded", code: "already_held") }
            return Item(m)
        }
        let now = req.now
        let before = Item(m)
        m.minutes = minutes
        if let participants { m.participants = participants }
        m.status = "held"
        m.heldAt = now
        try await req.db.writeTransaction { db in
            try await m.update(on: db)
            try await AuditLog.record(on: db, at: now, actor: access.actor, action: "hold", entityType: "discussion", entityID: m.id,
                                      before: before, after: Item(m))
        }
        return Item(m)
    }

    /// Records the decision of a held meeting and attaches it to the dispute.
    package func decide(req: Request) async throws -> Item {
        let access = try await DirectivesAccess.load(req)
        try access.require(DirectivesAccess.conveners)
        let m = try await find(req, actor: access.actor)
        let decision = try Check.text(try req.content.decode(DecideRequest.self).decision, "decision", max: 4000)
        if let stored = m.decision {
            guard stored == decision else { throw APIError.conflict("已作出决定 / a decision was already recorded", code: "already_decided") }
            return Item(m)
        }
        guard m.status == "held" else {
            // The discussion's state, not the body, is wrong: a conflict.
            throw APIError.conflict("请先记录会议纪要再作出决定 / record the minutes (hold) before the decision", code: "not_held")
        }
        let now = req.now
        m.decision = decision
        m.decidedAt = now
        try await req.db.writeTransaction { db in
            _ = try await DisputeStore(db: db).append(disputeID: m.disputeID, eventID: m.id!,
                                                      kind: .commentAdded(DisputeNote(text: "集体讨论决定：\(decision)")),
                                                      baseVersion: nil, by: EventActor(access.actor), at: now)
            try await m.update(on: db)
            try await AuditLog.record(on: db, at: now, actor: access.actor, action: "decide", entityType: "discussion", entityID: m.id,
                                      before: ["decision": nil as String?], after: ["decision": decision])
        }
        return Item(m)
    }

    package init() {
    }
}

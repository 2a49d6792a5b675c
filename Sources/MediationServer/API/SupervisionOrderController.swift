import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `/api/v1/supervision-orders`: 督办 (M8). The bureau orders a unit to act on a dispute by a
/// deadline; the order and the answer are events of the dispute (so its state and the deadline
/// sweep know them) and rows of `supervision_orders` (for lists), which the append's reactions
/// (`DisputeReactions.recordSupervision`) write in the event's transaction.
package struct SupervisionOrderController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.supervisionOrders, use: list)
        routes.on(MediationRoutes.placeSupervision, use: create)
        routes.on(MediationRoutes.supervisionOrder, use: show)
        routes.on(MediationRoutes.answerSupervision, use: answer)
    }

    package struct CreateRequest: Content {
        package var id: UUID?
        package var disputeId: UUID
        package var assigneeOrgUnitId: UUID?
        package var instruction: String
        package var deadline: Date
    }

    package struct AnswerRequest: Content {
        /// The event id of the answer; optional, a resend is recognised by the stored reply.
        package var id: UUID?
        package var reply: String
    }

    package struct Item: Content {
        package var id: UUID
        package var disputeId: UUID
        package var issuedByOrgUnitId: UUID
        package var issuedByUserId: UUID
        package var assigneeOrgUnitId: UUID
        package var assigneeName: String
        package var instruction: String
        package var issuedAt: Date
        package var deadline: Date
        package var answeredAt: Date?
        package var reply: String?
        /// open, answered or overdue (open past its deadline).
        package var status: String
        package var statusLabel: String
        package var mine: Bool
    }

    package static func item(_ m: SupervisionOrderModel, names: [UUID: String], access: DirectivesAccess, now: Date) -> Item {
        let status = m.answeredAt != nil ? "answered" : (m.deadline <= now ? "overdue" : "open")
        let label = ["answered": "已回复", "overdue": "已逾期", "open": "待回复"][status]!
        return Item(id: m.id!, disputeId: m.disputeID, issuedByOrgUnitId: m.issuedByOrgUnitID, issuedByUserId: m.issuedByUserID,
                    assigneeOrgUnitId: m.assigneeOrgUnitID, assigneeName: names[m.assigneeOrgUnitID] ?? "", instruction: m.instruction,
                    issuedAt: m.issuedAt, deadline: m.deadline, answeredAt: m.answeredAt, reply: m.reply, status: status,
                    statusLabel: label, mine: access.answersFor(m.assigneeOrgUnitID))
    }

    package func items(_ rows: [SupervisionOrderModel], access: DirectivesAccess, req: Request) async throws -> [Item] {
        let names = try await UnitNames.load(rows.map(\.assigneeOrgUnitID), on: req.db)
        return rows.map { Self.item($0, names: names, access: access, now: req.now) }
    }

    // MARK: Reading

    /// Orders assigned into the listed subtree; unfiltered, also those assigned to the caller's
    /// own units and those their unit issued.
    package func list(req: Request) async throws -> ListPage<Item> {
        let access = try await DirectivesAccess.load(req)
        let f = try await DirectivesListFilter(req, actor: access.actor)
        let status = try DirectivesListFilter.choice(req, "status", ["open", "answered", "overdue"])
        let disputeID = try DirectivesListFilter.uuid(req, "disputeId")
        let page = try PageRequest(req)
        let scoped = { (q: QueryBuilder<SupervisionOrderModel>) -> QueryBuilder<SupervisionOrderModel> in
            q.group(.or) { g in
                g.filter(\.$assigneePath =~ f.scopePath)
                if !f.narrowed(access.actor) {
                    if !access.ownUnits.isEmpty { g.filter(\.$assigneeOrgUnitID ~~ access.ownUnits) }
                    g.filter(\.$issuedByOrgUnitID == access.actor.orgUnitID)
                }
            }
        }
        let q = scoped(SupervisionOrderModel.query(on: req.db))
        switch status {
        case "answered": q.filter(\.$answeredAt != nil)
        case "open": q.filter(\.$answeredAt == nil).filter(\.$deadline > req.now)
        case "overdue": q.filter(\.$answeredAt == nil).filter(\.$deadline <= req.now)
        default: break
        }
        if let disputeID { q.filter(\.$disputeID == disputeID) }
        if let from = f.from { q.filter(\.$issuedAt >= from) }
        if let to = f.to { q.filter(\.$issuedAt <= to) }
        return try await q.sort(\.$deadline).sort(\.$id).pagedRows(page) { try await items($0, access: access, req: req) }
    }

    package func show(req: Request) async throws -> Item {
        let access = try await DirectivesAccess.load(req)
        let m = try await find(try req.uuidParameter(what: "督办单"), req: req, access: access)
        return try await items([m], access: access, req: req)[0]
    }

    package func find(_ id: UUID, req: Request, access: DirectivesAccess) async throws -> SupervisionOrderModel {
        guard let m = try await SupervisionOrderModel.find(id, on: req.db),
              access.sees(unitID: m.assigneeOrgUnitID, path: m.assigneePath) || m.issuedByOrgUnitID == access.actor.orgUnitID else {
            throw APIError.notFound("督办单")
        }
        return m
    }

    // MARK: Writing

    /// Places an order on a dispute in scope, for a unit in scope, with a deadline in the future.
    /// The order id is the event id, so a resend stores it once and answers 200.
    package func create(req: Request) async throws -> Response {
        let access = try await DirectivesAccess.load(req)
        try access.require(DirectivesAccess.issuers)
        let actor = access.actor
        let body = try req.content.decode(CreateRequest.self)
        let id = body.id ?? UUID()
        // The body is checked before a resend is answered: a malformed resend is refused.
        guard let assigneeID = body.assigneeOrgUnitId else {
            throw APIError.validation("assigneeOrgUnitId 不能为空：须指定承办单位 / assigneeOrgUnitId is required")
        }
        _ = try Check.text(body.instruction, "instruction", max: 1000)
        if let existing = try await SupervisionOrderModel.find(id, on: req.db) {
            guard existing.issuedByUserID == actor.userID, existing.disputeID == body.disputeId else { throw APIError.idTaken(id) }
            return try await items([existing], access: access, req: req)[0].encodeResponse(status: .ok, for: req)
        }
        guard let dispute = try await DisputeStore(db: req.db).find(body.disputeId, scopePath: actor.scopePath) else {
            throw APIError.notFound("纠纷")
        }
        guard let assignee = try await OrgUnitStore(db: req.db).find(assigneeID, scopePath: actor.scopePath) else {
            throw APIError.notFound("单位")
        }
        let instruction = try Check.text(body.instruction, "instruction", max: 1000)
        let now = req.now
        // Past is relative to the server's clock, which the document cannot state: a conflict.
        guard body.deadline > now else { throw APIError.conflict("deadline 须晚于当前时间 / deadline must be in the future", code: "in_the_past") }
        let order = SupervisionOrder(id: id, disputeId: try dispute.requireID(), issuedByOrgUnitId: actor.orgUnitID,
                                     assigneeOrgUnitId: assigneeID, instruction: instruction, issuedAt: now, deadline: body.deadline)
        // The dispute's one write path stores the event, and its reactions the order's row and audit record.
        let r = try await DisputeStore(db: req.db).history.append(to: dispute, eventID: id, kind: .supervisionOrdered(order),
                                                                  baseVersion: nil, by: EventActor(actor), at: now)
        let m: SupervisionOrderModel
        if r.outcome == .created {
            m = DisputeReactions.supervisionRow(order, dispute: order.disputeId!, issuedBy: actor.userID, assigneePath: assignee.path)
        } else {
            guard let stored = try await SupervisionOrderModel.find(id, on: req.db) else { throw APIError.idTaken(id) }
            m = stored
        }
        return try await items([m], access: access, req: req)[0].encodeResponse(status: r.outcome == .created ? .created : .ok, for: req)
    }

    /// The assignee unit answers. The same reply again is a no-op; a different one is 409.
    package func answer(req: Request) async throws -> Item {
        let access = try await DirectivesAccess.load(req)
        let m = try await find(try req.uuidParameter(what: "督办单"), req: req, access: access)
        guard access.answersFor(m.assigneeOrgUnitID) else { throw DirectivesAccess.notRecipient }
        let body = try req.content.decode(AnswerRequest.self)
        let reply = try Check.text(body.reply, "reply", max: 2000)
        if let stored = m.reply {
            guard stored == reply else { throw APIError.conflict("该督办单已回复 / this order has already been answered", code: "already_answered") }
            return try await items([m], access: access, req: req)[0]
        }
        let now = req.now
        // The event's reaction fills in the order's row (and audits it); this answer shows the same.
        _ = try await DisputeStore(db: req.db).append(disputeID: m.disputeID, eventID: body.id ?? UUID(),
                                                      kind: .supervisionAnswered(SupervisionReply(orderId: m.id!, reply: reply)),
                                                      baseVersion: nil, by: EventActor(access.actor), at: now)
        m.answeredAt = now
        m.answeredBy = access.actor.userID
        m.reply = reply
        return try await items([m], access: access, req: req)[0]
    }

    package init() {
    }
}

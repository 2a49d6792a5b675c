import MediationDomain
import ServerCore
import Fluent
import FluentSQL
import SQLKit
import PinganDomain
import Vapor

/// `/api/v1/instructions`: 工作指令 (M8). The bureau issues an instruction to chosen units; each
/// recipient unit acknowledges (签收) and replies (回复); the issuer sees who has not.
package struct InstructionController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.instructions, use: list)
        routes.on(MediationRoutes.issueInstruction, use: create)
        routes.on(MediationRoutes.instruction, use: show)
        routes.on(MediationRoutes.acknowledgeInstruction, use: acknowledge)
        routes.on(MediationRoutes.replyInstruction, use: reply)
    }

    package struct CreateRequest: Content {
        package var id: UUID?
        package var title: String
        package var body: String
        package var recipientOrgUnitIds: [UUID]
        package var dueAt: Date?
        package var disputeId: UUID?
    }

    package struct RecipientRequest: Content {
        /// Which recipient unit answers, when the user answers for more than one.
        package var orgUnitId: UUID?
        package var reply: String?
    }

    package struct Recipient: Content {
        package var orgUnitId: UUID
        package var orgUnitName: String
        package var acknowledgedAt: Date?
        package var acknowledgedBy: UUID?
        package var reply: String?
        package var repliedAt: Date?
        package var repliedBy: UUID?
        /// The caller answers for this unit.
        package var mine: Bool
    }

    package struct Item: Content {
        package var id: UUID
        package var title: String
        package var body: String
        package var issuedByUserId: UUID
        package var issuedByOrgUnitId: UUID
        package var issuedAt: Date
        package var dueAt: Date?
        package var disputeId: UUID?
        package var recipientCount: Int
        package var acknowledgedCount: Int
        package var repliedCount: Int
        package var recipients: [Recipient]
        /// Names of the units that have not acknowledged / not replied yet.
        package var notAcknowledged: [String]
        package var notReplied: [String]
    }

    // MARK: Reading

    package func list(req: Request) async throws -> ListPage<Item> {
        let access = try await DirectivesAccess.load(req)
        let f = try await DirectivesListFilter(req, actor: access.actor)
        let status = try DirectivesListFilter.choice(req, "status", ["open", "replied"])
        let page = try PageRequest(req)
        // Instructions with a recipient in the listed subtree, or (unfiltered) addressed to the
        // caller's own units or issued by their unit. The recipient tests are correlated
        // subqueries probing `instruction_recipients (instruction_id, …)` per instruction, so no
        // recipient rows are loaded beyond those of the page's instructions (`items`).
        let own = f.narrowed(access.actor) ? [] : access.ownUnits
        var mine: SQLQueryString = "r.org_unit_path LIKE \(bind: f.scopePath + "%")"
        if !own.isEmpty { mine = "(\(mine) OR r.org_unit_id IN (\(binds: own)))" }
        let addressed: SQLQueryString = "EXISTS (SELECT 1 FROM instruction_recipients r WHERE r.instruction_id = instructions.id AND \(mine)"
            + (status == "open" ? " AND r.replied_at IS NULL)" : ")")
        let q = InstructionModel.query(on: req.db)
        if !f.narrowed(access.actor) && status == nil {
            q.group(.or) { $0.filter(.sql(embed: addressed)).filter(\.$issuedByOrgUnitID == access.actor.orgUnitID) }
        } else {
            q.filter(.sql(embed: addressed))
            if status == "replied" {
                q.filter(.sql(embed: "NOT EXISTS (SELECT 1 FROM instruction_recipients o WHERE o.instruction_id = instructions.id AND o.replied_at IS NULL)"))
            }
        }
        if let from = f.from { q.filter(\.$issuedAt >= from) }
        if let to = f.to { q.filter(\.$issuedAt <= to) }
        return try await q.sort(\.$issuedAt, .descending).sort(\.$id).pagedRows(page) { try await items($0, access: access, db: req.db) }
    }

    package func show(req: Request) async throws -> Item {
        let access = try await DirectivesAccess.load(req)
        let m = try await find(req, access: access)
        return try await items([m], access: access, db: req.db)[0]
    }

    /// The instruction if the caller may see it: issued by their unit, or addressed into their
    /// scope or to a unit they answer for. Anything else is 404.
    package func find(_ req: Request, access: DirectivesAccess) async throws -> InstructionModel {
        let id = try req.uuidParameter(what: "工作指令")
        guard let m = try await InstructionModel.find(id, on: req.db), try await visible(m, access: access, db: req.db) else {
            throw APIError.notFound("工作指令")
        }
        return m
    }

    package func visible(_ m: InstructionModel, access: DirectivesAccess, db: Database) async throws -> Bool {
        if m.issuedByOrgUnitID == access.actor.orgUnitID { return true }
        let rs = try await InstructionRecipientModel.query(on: db).filter(\.$instructionID == m.id!).all()
        return rs.contains { access.sees(unitID: $0.orgUnitID, path: $0.orgUnitPath) }
    }

    package func items(_ rows: [InstructionModel], access: DirectivesAccess, db: Database) async throws -> [Item] {
        let ids = rows.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let all = try await InstructionRecipientModel.query(on: db).filter(\.$instructionID ~~ ids).all()
        let names = try await UnitNames.load(all.map(\.orgUnitID), on: db)
        let byInstruction = Dictionary(grouping: all, by: \.instructionID)
        return rows.map { m in
            let rs = (byInstruction[m.id!] ?? []).sorted { (names[$0.orgUnitID] ?? "", $0.orgUnitPath) < (names[$1.orgUnitID] ?? "", $1.orgUnitPath) }
            let recipients = rs.map { r in
                Recipient(orgUnitId: r.orgUnitID, orgUnitName: names[r.orgUnitID] ?? "", acknowledgedAt: r.acknowledgedAt,
                          acknowledgedBy: r.acknowledgedBy, reply: r.reply, repliedAt: r.repliedAt, repliedBy: r.repliedBy,
                          mine: access.answersFor(r.orgUnitID))
            }
            return Item(id: m.id!, title: m.title, body: m.body, issuedByUserId: m.issuedByUserID, issuedByOrgUnitId: m.issuedByOrgUnitID,
                        issuedAt: m.issuedAt, dueAt: m.dueAt, disputeId: m.disputeID, recipientCount: rs.count,
                        acknowledgedCount: rs.filter { $0.acknowledgedAt != nil }.count, repliedCount: rs.filter { $0.repliedAt != nil }.count,
                        recipients: recipients, notAcknowledged: recipients.filter { $0.acknowledgedAt == nil }.map(\.orgUnitName),
                        notReplied: recipients.filter { $0.repliedAt == nil }.map(\.orgUnitName))
        }
    }

    // MARK: Writing

    /// Issues an instruction. A resend with the same client id returns the stored one (200).
    package func create(req: Request) async throws -> Response {
        let access = try await DirectivesAccess.load(req)
        try access.require(DirectivesAccess.issuers)
        let actor = access.actor
        let body = try req.content.decode(CreateRequest.self)
        let id = body.id ?? UUID()
        // The body is checked before a resend is answered: a malformed resend is refused.
        let title = try Check.text(body.title, "title", max: 100)
        let text = try Check.text(body.body, "body", max: 4000)
        guard (1...200).contains(body.recipientOrgUnitIds.count) else {
            throw APIError.validation("recipientOrgUnitIds 须有 1–200 个接收单位 / recipientOrgUnitIds needs 1–200 units")
        }
        if let existing = try await InstructionModel.find(id, on: req.db) {
            guard existing.issuedByUserID == actor.userID else { throw APIError.idTaken(id) }
            return try await items([existing], access: access, db: req.db)[0].encodeResponse(status: .ok, for: req)
        }
        var seen = Set<UUID>()
        let unitIDs = body.recipientOrgUnitIds.filter { seen.insert($0).inserted }
        guard (1...200).contains(unitIDs.count) else {
            throw APIError.validation("recipientOrgUnitIds 须有 1–200 个接收单位 / recipientOrgUnitIds needs 1–200 units")
        }
        let now = req.now
        // Past is relative to the server's clock, which the document cannot state: a conflict.
        if let due = body.dueAt, due <= now { throw APIError.conflict("dueAt 须晚于当前时间 / dueAt must be in the future", code: "in_the_past") }
        if let d = body.disputeId, try await DisputeStore(db: req.db).find(d, scopePath: actor.scopePath) == nil {
            throw APIError.notFound("纠纷")
        }
        // One query for all recipients; any unknown or out-of-scope unit is 404, in the order given.
        let inScope = try await OrgUnitStore(db: req.db).visible(scopePath: actor.scopePath, kind: nil, parentID: nil, search: nil)
            .filter(\.$id ~~ unitIDs).all()
        let byID = Dictionary(uniqueKeysWithValues: inScope.compactMap { u in u.id.map { ($0, u) } })
        let units = try unitIDs.map { id in
            guard let u = byID[id] else { throw APIError.notFound("单位") }
            return u
        }
        let (m, created) = try await IdempotentCreate.run(write: {
            let m = InstructionModel()
            m.id = id
            m.title = title
            m.body = text
            m.issuedByUserID = actor.userID
            m.issuedByOrgUnitID = actor.orgUnitID
            m.issuedAt = now
            m.dueAt = body.dueAt
            m.disputeID = body.disputeId
            try await req.db.writeTransaction { db in
                try await m.create(on: db)
                for u in units {
                    let r = InstructionRecipientModel()
                    r.instructionID = id
                    r.orgUnitID = try u.requireID()
                    r.orgUnitPath = u.path
                    try await r.create(on: db)
                }
                try await AuditLog.record(on: db, at: now, actor: actor, action: "create", entityType: "instruction", entityID: id,
                                          before: Nothing?.none,
                                          after: ["title": title, "recipients": units.map(\.name).joined(separator: "、")])
            }
            return m
        }, stored: { try await InstructionModel.find(id, on: req.db) })
        return try await items([m], access: access, db: req.db)[0].encodeResponse(status: created ? .created : .ok, for: req)
    }

    package func acknowledge(req: Request) async throws -> Item {
        try await answer(req, reply: false)
    }

    package func reply(req: Request) async throws -> Item {
        try await answer(req, reply: true)
    }

    /// Acknowledges (and with `reply`, replies) for one recipient unit the caller answers for.
    /// Repeating an acknowledgement or the same reply changes nothing.
    package func answer(_ req: Request, reply: Bool) async throws -> Item {
        let access = try await DirectivesAccess.load(req)
        let m = try await find(req, access: access)
        let body = try req.content.decode(RecipientRequest.self)
        let text = reply ? try Check.text(body.reply ?? "", "reply", max: 2000) : nil
        let all = try await InstructionRecipientModel.query(on: req.db).filter(\.$instructionID == m.id!).all()
        let mine = all.filter { access.answersFor($0.orgUnitID) && (body.orgUnitId == nil || body.orgUnitId == $0.orgUnitID) }
        guard !mine.isEmpty else { throw DirectivesAccess.notRecipient }
        guard mine.count == 1 else {
            throw APIError.validation("您可代表多个接收单位，请指定 orgUnitId / you answer for several recipients: give orgUnitId")
        }
        let r = mine[0]
        let now = req.now
        let before = ["acknowledgedAt": r.acknowledgedAt.map { "\($0)" }, "reply": r.reply]
        var changed = false
        if r.acknowledgedAt == nil {
            r.acknowledgedAt = now
            r.acknowledgedBy = access.actor.userID
            changed = true
        }
        if let text {
            if let stored = r.reply {
                guard stored == text else {
                    throw APIError.conflict("该单位已回复，不能覆盖 / this unit has already replied", code: "already_replied")
                }
            } else {
                r.reply = text
                r.repliedAt = now
                r.repliedBy = access.actor.userID
                changed = true
            }
        }
        if changed {
            try await req.db.writeTransaction { db in
                try await r.update(on: db)
                try await AuditLog.record(on: db, at: now, actor: access.actor, action: reply ? "reply" : "acknowledge",
                                          entityType: "instruction", entityID: m.id, before: before,
                                          after: ["orgUnitId": r.orgUnitID.uuidString, "acknowledgedAt": "\(now)", "reply": r.reply])
            }
        }
        return try await items([m], access: access, db: req.db)[0]
    }

    package init() {
    }
}

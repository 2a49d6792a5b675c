import Fluent
import PinganDomain
import Vapor

/// `/command` (M8, 指令督办): what the county bureau directs and supervises, seen from each side.
/// A unit sees the work instructions and supervision orders addressed to it and answers them
/// (签收, 回复); the bureau issues instructions to townships and follows who has not answered.
struct CommandPageModel: Encodable {
    struct Received: Encodable {
        var id: UUID
        var title, body, issuedText, dueText: String
        var orgUnitId: UUID
        var orgUnitName: String
        var acknowledged: Bool
        var reply: String
        var disputeId: UUID?
    }
    struct Issued: Encodable {
        var id: UUID
        var title, issuedText, dueText: String
        var recipientCount, acknowledgedCount, repliedCount: Int
        var notReplied: String
        var replies: [String]
    }
    struct Order: Encodable {
        var id, disputeId: UUID
        var instruction, assigneeName, deadlineText, status, statusLabel, reply: String
        var mine: Bool
    }
    struct Unit: Encodable { var id: UUID; var name: String }

    var canIssue: Bool
    var townships: [Unit]
    var received: [Received]
    var issued: [Issued]
    var ordersForMe: [Order]
    var ordersIssued: [Order]

    static let shown = 50

    static func build(_ req: Request) async throws -> CommandPageModel {
        let access = try await CommandAccess.load(req)
        let actor = access.actor
        let own = access.ownUnits
        let instructions = InstructionController()

        let myRecipients = own.isEmpty ? [] : try await InstructionRecipientModel.query(on: req.db).filter(\.$orgUnitID ~~ own).all(\.$instructionID)
        let receivedRows = try await InstructionModel.query(on: req.db).filter(\.$id ~~ Set(myRecipients))
            .sort(\.$issuedAt, .descending).limit(shown).all()
        let received = try await instructions.items(receivedRows, access: access, db: req.db).compactMap { i -> Received? in
            guard let r = i.recipients.first(where: \.mine) else { return nil }
            return Received(id: i.id, title: i.title, body: i.body, issuedText: PageFormat.dateTime(i.issuedAt), dueText: PageFormat.dateTime(i.dueAt),
                            orgUnitId: r.orgUnitId, orgUnitName: r.orgUnitName, acknowledged: r.acknowledgedAt != nil, reply: r.reply ?? "",
                            disputeId: i.disputeId)
        }

        let canIssue = CommandAccess.issuers.contains(actor.role)
        var issued: [Issued] = []
        var townships: [Unit] = []
        if canIssue {
            let rows = try await InstructionModel.query(on: req.db).filter(\.$issuedByOrgUnitID == actor.orgUnitID)
                .sort(\.$issuedAt, .descending).limit(shown).all()
            issued = try await instructions.items(rows, access: access, db: req.db).map { i in
                Issued(id: i.id, title: i.title, issuedText: PageFormat.dateTime(i.issuedAt), dueText: PageFormat.dateTime(i.dueAt),
                       recipientCount: i.recipientCount, acknowledgedCount: i.acknowledgedCount, repliedCount: i.repliedCount,
                       notReplied: i.notReplied.joined(separator: "、"),
                       replies: i.recipients.compactMap { r in r.reply.map { "\(r.orgUnitName)：\($0)" } })
            }
            townships = try await OrgUnitStore(db: req.db).visible(scopePath: actor.scopePath, kind: .township, parentID: nil, search: nil).all()
                .map { Unit(id: $0.id!, name: $0.name) }
        }

        let orders = SupervisionOrderController()
        func orderRows(_ q: QueryBuilder<SupervisionOrderModel>) async throws -> [Order] {
            try await orders.items(try await q.sort(\.$deadline, .descending).limit(shown).all(), access: access, req: req).map {
                Order(id: $0.id, disputeId: $0.disputeId, instruction: $0.instruction, assigneeName: $0.assigneeName,
                      deadlineText: PageFormat.dateTime($0.deadline), status: $0.status, statusLabel: $0.statusLabel,
                      reply: $0.reply ?? "", mine: $0.mine)
            }
        }
        let forMe = own.isEmpty ? [] : try await orderRows(SupervisionOrderModel.query(on: req.db).filter(\.$assigneeOrgUnitID ~~ own))
        let issuedOrders = canIssue ? try await orderRows(SupervisionOrderModel.query(on: req.db).filter(\.$issuedByOrgUnitID == actor.orgUnitID)) : []
        return CommandPageModel(canIssue: canIssue, townships: townships, received: received, issued: issued,
                                ordersForMe: forMe, ordersIssued: issuedOrders)
    }
}

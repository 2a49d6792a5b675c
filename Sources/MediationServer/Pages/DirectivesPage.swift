import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `/directives` (M8, 指令督办): what the county bureau directs and supervises, seen from each side.
/// A unit sees the work instructions and supervision orders addressed to it and answers them
/// (签收, 回复); the bureau issues instructions to townships and follows who has not answered.
package struct DirectivesPageModel: Encodable {
    package struct Received: Encodable {
        package var id: UUID
        package var title, body, issuedText, dueText: String
        package var orgUnitId: UUID
        package var orgUnitName: String
        package var acknowledged: Bool
        package var reply: String
        package var disputeId: UUID?

        package init(id: UUID, title: String, body: String, issuedText: String, dueText: String, orgUnitId: UUID, orgUnitName: String, acknowledged: Bool, reply: String, disputeId: UUID? = nil) {
            self.id = id
            self.title = title
            self.body = body
            self.issuedText = issuedText
            self.dueText = dueText
            self.orgUnitId = orgUnitId
            self.orgUnitName = orgUnitName
            self.acknowledged = acknowledged
            self.reply = reply
            self.disputeId = disputeId
        }
    }
    package struct Issued: Encodable {
        package var id: UUID
        package var title, issuedText, dueText: String
        package var recipientCount, acknowledgedCount, repliedCount: Int
        package var notReplied: String
        package var replies: [String]

        package init(id: UUID, title: String, issuedText: String, dueText: String, recipientCount: Int, acknowledgedCount: Int, repliedCount: Int, notReplied: String, replies: [String]) {
            self.id = id
            self.title = title
            self.issuedText = issuedText
            self.dueText = dueText
            self.recipientCount = recipientCount
            self.acknowledgedCount = acknowledgedCount
            self.repliedCount = repliedCount
            self.notReplied = notReplied
            self.replies = replies
        }
    }
    package struct Order: Encodable {
        package var id, disputeId: UUID
        package var instruction, assigneeName, deadlineText, status, statusLabel, reply: String
        package var mine: Bool

        package init(id: UUID, disputeId: UUID, instruction: String, assigneeName: String, deadlineText: String, status: String, statusLabel: String, reply: String, mine: Bool) {
            self.id = id
            self.disputeId = disputeId
            self.instruction = instruction
            self.assigneeName = assigneeName
            self.deadlineText = deadlineText
            self.status = status
            self.statusLabel = statusLabel
            self.reply = reply
            self.mine = mine
        }
    }
    package struct Unit: Encodable { var id: UUID; var name: String }

    package var canIssue: Bool
    package var townships: [Unit]
    package var received: [Received]
    package var issued: [Issued]
    package var ordersForMe: [Order]
    package var ordersIssued: [Order]

    package static let shown = 50

    package static func build(_ req: Request) async throws -> DirectivesPageModel {
        let access = try await DirectivesAccess.load(req)
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

        let canIssue = DirectivesAccess.issuers.contains(actor.role)
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
        return DirectivesPageModel(canIssue: canIssue, townships: townships, received: received, issued: issued,
                                ordersForMe: forMe, ordersIssued: issuedOrders)
    }
}

import MediationDomain
import ServerCore
import Fluent
import Foundation
import PinganDomain

/// What follows an append, inside its transaction: the rows other parts of the wing read that
/// an event implies. Each reaction looks at the event (or the projected row) and does nothing
/// when it does not apply. Add a new one as one more call in `react`.
package struct DisputeReactions {
    package let db: Database

    package func react(to event: DisputeEvent, dispute m: DisputeModel, state: DisputeState, by actor: EventActor,
                       at now: Date) async throws {
        try await raiseMajorReports(for: m, at: now)
        try await recordSupervision(event, by: actor, at: now)
        try await LawyerConsultationIndex.record(event, on: db)
    }

    /// A red or orange dispute is reported at once to its township's judicial office and to the
    /// county justice bureau; each report waits for its recipient's acknowledgement.
    package func raiseMajorReports(for m: DisputeModel, at now: Date) async throws {
        guard let level = RiskLevel(rawValue: m.risk), level.needsMajorReport, let id = m.id else { return }
        var recipients: [OrgUnitModel] = []
        if let t = m.townshipID, let office = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.judicialOffice.rawValue)
            .filter(\.$jurisdictionID == t).first() { recipients.append(office) }
        if let bureau = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.justiceBureau.rawValue).first() {
            recipients.append(bureau)
        }
        let reported = Set(try await MajorReportModel.query(on: db).filter(\.$disputeID == id).all().map(\.recipientOrgUnitID))
        for r in recipients {
            guard let rid = r.id, !reported.contains(rid) else { continue }
            let report = MajorReportModel()
            report.disputeID = id
            report.recipientOrgUnitID = rid
            // The report is seen by the recipient's jurisdiction (a judicial office's township).
            report.recipientPath = try await DisputeProjection(db: db).unitPath(r.jurisdictionID ?? rid)
            report.risk = level.rawValue
            report.summary = "\(level.label)：\(m.summary)"
            report.createdAt = now
            try await report.create(on: db)
        }
    }

    /// A supervision order (督办) is also a row of `supervision_orders`, which the command pages
    /// list; its answer fills the row in. Both are audited as the order's own actions.
    package func recordSupervision(_ event: DisputeEvent, by actor: EventActor, at now: Date) async throws {
        switch event.kind {
        case .supervisionOrdered(let order):
            let path = try await DisputeProjection(db: db).unitPath(order.assigneeOrgUnitId)
            try await Self.supervisionRow(order, dispute: event.disputeId, issuedBy: event.actorUserId, assigneePath: path).create(on: db)
            try await AuditLog.record(on: db, at: now, actor: actor.actor, actorName: actor.username, action: "create",
                                      entityType: "supervision_order", entityID: order.id, before: Nothing?.none, after: order)
        case .supervisionAnswered(let reply):
            try await SupervisionOrderModel.query(on: db).filter(\.$id == reply.orderId)
                .set(\.$answeredAt, to: event.at).set(\.$answeredBy, to: event.actorUserId).set(\.$reply, to: reply.reply).update()
            try await AuditLog.record(on: db, at: now, actor: actor.actor, actorName: actor.username, action: "answer",
                                      entityType: "supervision_order", entityID: reply.orderId,
                                      before: ["answeredAt": nil as Date?], after: ["answeredAt": event.at])
        default:
            break
        }
    }

    /// The `supervision_orders` row of an order.
    package static func supervisionRow(_ order: SupervisionOrder, dispute disputeID: UUID, issuedBy userID: UUID,
                                       assigneePath: String) -> SupervisionOrderModel {
        let m = SupervisionOrderModel()
        m.id = order.id
        m.disputeID = disputeID
        m.issuedByOrgUnitID = order.issuedByOrgUnitId
        m.issuedByUserID = userID
        m.assigneeOrgUnitID = order.assigneeOrgUnitId
        m.assigneePath = assigneePath
        m.instruction = order.instruction
        m.issuedAt = order.issuedAt
        m.deadline = order.deadline
        return m
    }
}

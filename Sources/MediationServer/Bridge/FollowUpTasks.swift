import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore

/// The committees' follow-up tasks (跟进任务): raised by a repeated or violent police call about a
/// dispute's parties (X1), acknowledged and closed with a note by the handling committee or anyone
/// above it.
package struct FollowUpTasks {
    package let db: any Database

    /// Raises the task for one dispute and call, once: a resend finds it there.
    func raise(for dispute: DisputeModel, call: PoliceCallFacts, callsIn30Days: Int, at now: Date) async throws {
        let disputeID = try dispute.requireID()
        guard try await FollowUpTaskModel.query(on: db).filter(\.$disputeID == disputeID).filter(\.$incidentID == call.incidentID).first() == nil
        else { return }
        let t = FollowUpTaskModel()
        t.id = MediationSideOfBridge.derivedID(call.incidentID, disputeID, salt: 0x46)
        t.disputeID = disputeID
        t.incidentID = call.incidentID
        t.committeeOrgUnitID = dispute.handlingOrgUnitID
        t.committeePath = dispute.handlingPath
        t.townshipID = dispute.townshipID
        var why: [String] = []
        if callsIn30Days >= 2 { why.append("30 日内同一当事人第 \(callsIn30Days) 次报警") }
        if call.reportsViolence { why.append("报警称有暴力或威胁") }
        t.reason = "警情 \(call.incidentNumber)：\(why.joined(separator: "，"))。请当日上门了解情况、稳控化解，防止民转刑。"
        t.createdAt = now
        do {
            try await t.create(on: db)
            try await AuditLog.record(on: db, at: now, actor: nil, actorName: "system", action: "raise", entityType: "follow_up_task",
                                      entityID: t.id, before: Nothing?.none, after: ["dispute": disputeID.uuidString, "reason": t.reason])
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Raised by a concurrent resend.
        }
    }

    /// The tasks the caller's scope covers, newest first; `open` keeps those not yet closed.
    package func visible(to caller: Caller) -> QueryBuilder<FollowUpTaskModel> {
        FollowUpTaskModel.query(on: db).filter(\.$committeePath =~ caller.scopePath)
    }

    package func find(_ id: UUID, for caller: Caller) async throws -> FollowUpTaskModel {
        guard let t = try await FollowUpTaskModel.find(id, on: db), caller.canSee(path: t.committeePath) else { throw APIError.notFound("跟进任务") }
        return t
    }

    package func acknowledge(_ t: FollowUpTaskModel, by caller: Caller, at now: Date) async throws {
        guard t.acknowledgedAt == nil else { return }
        t.acknowledgedAt = now
        t.acknowledgedBy = caller.userID
        try await db.writeTransaction { db in
            try await t.update(on: db)
            try await AuditLog.record(on: db, at: now, actor: caller, action: "acknowledge", entityType: "follow_up_task", entityID: t.id,
                                      before: ["acknowledgedAt": nil as Date?], after: ["acknowledgedAt": now])
        }
    }

    /// Closes with what was done. Acknowledges too, if nobody had; a second close is 409.
    package func close(_ t: FollowUpTaskModel, note: String, by caller: Caller, at now: Date) async throws {
        guard t.closedAt == nil else {
            throw APIError(status: .conflict, code: "already_closed", message: "该跟进任务已办结 / the task is already closed")
        }
        if t.acknowledgedAt == nil { t.acknowledgedAt = now; t.acknowledgedBy = caller.userID }
        t.closedAt = now
        t.closedBy = caller.userID
        t.closeNote = note
        try await db.writeTransaction { db in
            try await t.update(on: db)
            try await AuditLog.record(on: db, at: now, actor: caller, action: "close", entityType: "follow_up_task", entityID: t.id,
                                      before: ["closedAt": nil as Date?], after: ["closedAt": now])
        }
    }

    /// The committee's (or a township's) open tasks on its home page, oldest first: each waits for
    /// someone to go and see the parties.
    package func homePanel(for caller: Caller) async throws -> HomePanel {
        let open = try await visible(to: caller).filter(\.$closedAt == nil).sort(\.$createdAt).limit(50).all()
        let summaries = Dictionary(try await DisputeModel.query(on: db).filter(\.$id ~~ Set(open.map(\.disputeID))).all().map { ($0.id!, $0.summary) },
                                   uniquingKeysWith: { a, _ in a })
        return HomePanel(id: "follow-up-tasks", title: "跟进任务（\(open.count)）", items: open.map { t in
            .init(href: MediationRoutes.disputePage.link(t.disputeID), title: summaries[t.disputeID] ?? "纠纷", note: t.reason,
                  detail: (t.acknowledgedAt == nil ? "待签收 · " : "已签收 · ") + PageFormat.dateTime(t.createdAt))
        }, emptyText: "没有待办的跟进任务。")
    }
}

import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `/api/v1/major-reports`: 重大纠纷报告 raised at once for red and orange disputes. Each
/// recipient unit acknowledges its own; unacknowledged reports stay listed first.
package struct MajorReportController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.majorReports, use: list)
        routes.on(MediationRoutes.acknowledgeReport, use: acknowledge)
    }

    package struct Item: Content {
        package var id: UUID
        package var disputeId: UUID
        package var recipientOrgUnitId: UUID
        package var risk: String
        package var riskLabel: String
        package var summary: String
        package var createdAt: Date
        package var acknowledgedAt: Date?
        package var forMyUnit: Bool

        package init(_ m: MajorReportModel, actor: Caller) {
            id = m.id!
            disputeId = m.disputeID
            recipientOrgUnitId = m.recipientOrgUnitID
            risk = m.risk
            riskLabel = RiskLevel(rawValue: m.risk)?.label ?? m.risk
            summary = m.summary
            createdAt = m.createdAt
            acknowledgedAt = m.acknowledgedAt
            forMyUnit = m.recipientOrgUnitID == actor.orgUnitID
        }
    }

    /// Reports addressed inside the caller's scope; `?acknowledged=false` for the open ones.
    package func list(req: Request) async throws -> ListPage<Item> {
        let actor = try DisputeController.caller(req)
        let q = MajorReportModel.query(on: req.db).filter(\.$recipientPath =~ actor.scopePath)
        if let ack = try Check.bool(req, "acknowledged") {
            if ack { q.filter(\.$acknowledgedAt != nil) } else { q.filter(\.$acknowledgedAt == nil) }
        }
        return try await q.sort(\.$createdAt, .descending).sort(\.$id).paged(try PageRequest(req)) { Item($0, actor: actor) }
    }

    package func acknowledge(req: Request) async throws -> Item {
        let actor = try DisputeController.caller(req)
        guard let r = try await MajorReportModel.find(try req.uuidParameter(what: "报告"), on: req.db),
              r.recipientPath.hasPrefix(actor.scopePath) else { throw APIError.notFound("报告") }
        guard r.recipientOrgUnitID == actor.orgUnitID else {
            throw APIError(status: .forbidden, code: "not_recipient", message: "只有报告接收单位可以签收 / only the recipient unit acknowledges")
        }
        if r.acknowledgedAt == nil {
            let now = req.now
            r.acknowledgedAt = now
            r.acknowledgedBy = actor.userID
            try await req.db.writeTransaction { db in
                try await r.update(on: db)
                try await AuditLog.record(on: db, at: now, actor: actor, action: "acknowledge", entityType: "major_report", entityID: r.id,
                                          before: ["acknowledgedAt": nil as Date?], after: ["acknowledgedAt": now])
            }
        }
        return Item(r, actor: actor)
    }

    package init() {
    }
}

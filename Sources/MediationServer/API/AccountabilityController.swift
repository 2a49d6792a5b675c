import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `GET /api/v1/accountability-records`: 责任追究 (M9) written by the deadline sweep when a
/// supervision order's deadline passes unanswered. Seen in the scope of the responsible unit.
package struct AccountabilityController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.accountability, use: list)
    }

    package struct Item: Content {
        package var id: UUID
        package var supervisionOrderId: UUID
        package var disputeId: UUID?
        package var responsibleOrgUnitId: UUID
        package var responsibleName: String
        package var issuedByOrgUnitId: UUID
        package var deadline: Date
        package var detectedAt: Date
        package var reason: String
    }

    package func list(req: Request) async throws -> ListPage<Item> {
        let actor = try DisputeController.caller(req)
        let f = try await DirectivesListFilter(req, actor: actor)
        let page = try PageRequest(req)
        let q = AccountabilityRecordModel.query(on: req.db).filter(\.$responsiblePath =~ f.scopePath)
        if let from = f.from { q.filter(\.$detectedAt >= from) }
        if let to = f.to { q.filter(\.$detectedAt <= to) }
        return try await q.sort(\.$detectedAt, .descending).sort(\.$id).pagedRows(page) { rows in
            let names = try await UnitNames.load(rows.map(\.responsibleOrgUnitID), on: req.db)
            return rows.map {
                Item(id: $0.id!, supervisionOrderId: $0.supervisionOrderID, disputeId: $0.disputeID, responsibleOrgUnitId: $0.responsibleOrgUnitID,
                     responsibleName: names[$0.responsibleOrgUnitID] ?? "", issuedByOrgUnitId: $0.issuedByOrgUnitID, deadline: $0.deadline,
                     detectedAt: $0.detectedAt, reason: $0.reason)
            }
        }
    }

    package init() {
    }
}

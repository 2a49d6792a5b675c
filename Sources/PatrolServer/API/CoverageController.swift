import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import Routing
import ServerCore
import Vapor

/// `/api/v1/coverage` (standing coverage) and `/api/v1/response-times` (response intervals), the
/// command map's two standing figures.
package struct CoverageController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.coverage, use: coverage)
        routes.on(PatrolRoutes.responseTimes, use: responseTimes)
    }

    /// The roads within `limit` seconds of a unit standing by, coloured by the unit that reaches
    /// them first; the county's covered share; the grids below `below`. Computed at most every
    /// `CoverageCache.refreshSeconds` per scope and question, not per fix.
    package func coverage(req: Request) async throws -> CoverageLayer {
        let caller = try req.caller()
        let limit = Double(try Check.int(req, "seconds", in: 30...1800) ?? 180)
        let below = Double(try Check.int(req, "below", in: 0...100) ?? 50) / 100
        let lines = try Check.bool(req, "lines") ?? true
        let network = req.application.roadNetwork
        guard let graph = network.graph else {
            throw DomainError(code: "no_road_network", message: "no road network is loaded", messageZh: "未载入路网，无法计算覆盖", kind: .conflict)
        }
        let cache = req.application.coverageCache
        let key = "\(caller.role == .patrolOfficer ? caller.userID.uuidString : caller.scopePath)|\(limit)|\(below)|\(lines)"
        if let layer = cache.layer(for: key, now: req.now) { return layer }
        let grids = try await OrgUnitModel.query(on: req.db).filter(\.$kind == OrgUnitKind.patrolGrid.rawValue).filter(\.$geometry != nil)
            .filter(\.$path =~ caller.scopePath).sort(\.$path).all()
        let index = cache.gridIndex(of: grids, graph: graph)
        let (_, candidates) = try await Recommender(req: req, caller: caller).candidates()
        let now = req.now
        guard let layer = try network.withRouter({ router in
            try CoverageLayer.build(router: router, candidates: candidates, now: now, limitSeconds: limit, grids: index, belowShare: below, lines: lines)
        }) else { throw DomainError.notFound("路网") }
        cache.keep(layer, for: key, at: now)
        return layer
    }

    /// Call→dispatch, dispatch→on scene and call→on scene: count, median and P90, overall, by grid
    /// and by hour of the call, over the incidents in scope reported in [from, to) (the last 30 days by default).
    package func responseTimes(req: Request) async throws -> ResponseTimes {
        let caller = try req.caller()
        let to = try Check.date(req, "to") ?? req.now
        let from = try Check.date(req, "from") ?? to.addingTimeInterval(-30 * 86_400)
        let q = try await IncidentStore(db: req.db).visible(to: caller)
            .filter(\.$reportedAt >= from).filter(\.$reportedAt < to).filter(\.$status != IncidentStatus.merged.rawValue)
        if let grid = try Check.uuid(req, "grid") { q.filter(\.$gridOrgUnitID == grid) }
        let rows = try await q.field(\.$id).field(\.$gridOrgUnitID).field(\.$reportedAt).field(\.$firstDispatchedAt).field(\.$firstOnSceneAt).all()
        let records = rows.map { m in
            ResponseRecord(incidentID: m.id?.uuidString ?? "", gridID: m.gridOrgUnitID?.uuidString, reportedAt: m.reportedAt,
                           dispatchedAt: m.firstDispatchedAt, onSceneAt: m.firstOnSceneAt)
        }
        return ResponseTimes.build(records)
    }
}

extension CoverageLayer: Content {}
extension ResponseTimes: Content {}

import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import Routing
import ServerCore
import Vapor

package struct ContainmentStartRequest: Content {
    /// Made by the client: a resend starts one order.
    package var id: UUID
    package var incidentId: UUID?
    /// A drill (实战演练) names its scene; a real order takes its incident's place.
    package var scene: IncidentPlace?
    package var drill: Bool?
}

/// An order as the command map draws it and a drill report reads it: each task with its planned
/// and actual arrival against the ring's target, the red checkpoints with their best arrival, the
/// 3/5/10-minute rings, and the share of checkpoints within target.
package struct ContainmentOrderDTO: Content {
    package struct Task: Content {
        package var ring: String
        package var siteName: String?
        package var siteKind: String?
        package var lat: Double
        package var lon: Double
        package var unitId: UUID?
        package var callSign: String?
        package var plannedSeconds: Double?
        package var targetSeconds: Double
        package var staffedByPost: Bool
        package var red: Bool
        package var bestSeconds: Double?
        package var actualSeconds: Double?
        package var withinTarget: Bool
        package var outcome: String
    }
    package var id: UUID
    package var incidentId: UUID?
    package var drill: Bool
    package var scene: IncidentPlace
    package var startedAt: Date
    package var liftedAt: Date?
    package var targets: ContainmentPlan.Targets
    package var tasks: [Task]
    package var checkpoints: DrillReport.Summary
    package var rings: [DrillReport.RingSummary]
    package var firstOnSceneSeconds: Double?
    /// The 3/5/10-minute isochrones from the scene, largest first.
    package var isochrones: [Isochrone]?

    /// One ring: the area reached within `seconds`, as closed [lon, lat] rings (GeoJSON MultiPolygon order).
    package struct Isochrone: Content {
        package var seconds: Double
        package var polygons: [[[Double]]]
    }
}

/// `/api/v1/containment-orders` (P5): 启动封控 on a serious incident, or a drill on a chosen scene;
/// the order's tasks and arrivals; its lift.
package struct ContainmentController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.containmentOrders, use: list)
        routes.on(PatrolRoutes.startContainment, use: start)
        routes.on(PatrolRoutes.containmentOrder, use: show)
        routes.on(PatrolRoutes.liftContainment, use: lift)
    }

    package func list(req: Request) async throws -> ListPage<ContainmentOrderDTO> {
        let caller = try req.caller()
        let q = try await ContainmentStore(db: req.db).visible(to: caller)
        if let drill = try Check.bool(req, "drill") { q.filter(\.$drill == drill) }
        if let open = try Check.bool(req, "open") { if open { q.filter(\.$liftedAt == nil) } else { q.filter(\.$liftedAt != nil) } }
        q.sort(\.$startedAt, .descending).sort(\.$id)
        return try await q.pagedRows(try PageRequest(req)) { rows in
            var out: [ContainmentOrderDTO] = []
            for m in rows { out.append(try await Self.dto(m, req: req, withRings: false)) }
            return out
        }
    }

    package func show(req: Request) async throws -> ContainmentOrderDTO {
        let caller = try req.caller()
        let m = try await ContainmentStore(db: req.db).order(try req.uuidParameter(what: "封控指令"), for: caller)
        return try await Self.dto(m, req: req, withRings: true)
    }

    package func start(req: Request) async throws -> Response {
        let caller = try req.caller()
        let body = try req.content.decode(ContainmentStartRequest.self)
        let store = ContainmentStore(db: req.db)
        // The body is checked before a resend is answered: a malformed resend is refused.
        if let s = body.scene, !(-90...90).contains(s.lat) || !(-180...180).contains(s.lon) {
            throw DomainError.invalid("invalid_place", "the scene is not a WGS84 coordinate", "现场坐标无效")
        }
        if let s = body.scene { _ = try Check.optionalText(s.label, "scene.label", max: 200) }
        if let existing = try await ContainmentOrderModel.find(body.id, on: req.db) {
            // A resend: the stored order, if the caller may see it.
            let m = try await store.order(try existing.requireID(), for: caller)
            return try await Self.dto(m, req: req, withRings: true).encodeResponse(status: .ok, for: req)
        }
        // An order without an incident can only be a drill.
        let drill = (body.drill ?? false) || body.incidentId == nil
        var incident: IncidentModel?
        if let id = body.incidentId { incident = try await IncidentStore(db: req.db).incident(id, for: caller) }
        let place: IncidentPlace
        if let incident { place = try IncidentStore.state(of: incident).place } else if let scene = body.scene, drill { place = scene } else {
            throw DomainError.invalid("missing_scene", "a real order needs its incident; a drill needs a scene", "启动封控须指明警情；演练须指明现场位置")
        }
        guard (-90...90).contains(place.lat), (-180...180).contains(place.lon) else {
            throw DomainError.invalid("invalid_place", "the scene is not a WGS84 coordinate", "现场坐标无效")
        }
        let network = req.application.roadNetwork
        guard network.graph != nil else {
            throw DomainError(code: "no_road_network", message: "no road network is loaded", messageZh: "未载入路网，无法规划封控", kind: .conflict)
        }
        let (units, candidates) = try await Recommender(req: req, caller: caller).candidates()
        let now = req.now
        let planned = try network.withRouter { router -> (ContainmentPlan, [ContainmentOrderDTO.Isochrone], String)? in
            guard let scene = try? router.graph.snap(GeoPoint(lat: place.lat, lon: place.lon), maxMeters: 1000) else { return nil }
            let plan = try ContainmentPlan.build(scene: scene, candidates: candidates, sites: network.checkpoints, router: router, now: now)
            let t = plan.targets
            let iso = try router.isochrone(from: scene, limitsSeconds: [t.sceneSeconds, t.gateSeconds, t.exitSeconds])
            let shapes = iso.limitsMilliseconds.reversed().map { ms in
                ContainmentOrderDTO.Isochrone(seconds: Double(ms) / 1000, polygons: iso.polygons(withinMilliseconds: ms).map { ring in
                    ring.map { [($0.lon * 1e6).rounded() / 1e6, ($0.lat * 1e6).rounded() / 1e6] }
                })
            }
            return (plan, shapes, String(decoding: try JSONEncoder().encode(shapes), as: UTF8.self))
        } ?? nil
        guard let (plan, shapes, rings) = planned else {
            throw DomainError(code: "scene_off_road", message: "no road within 1 km of the scene", messageZh: "现场 1 公里内没有道路", kind: .conflict)
        }
        let (order, created, changed) = try await store.start(id: body.id, incident: incident, scene: GeoPoint(lat: place.lat, lon: place.lon),
                                                              drill: drill, plan: plan, rings: rings, units: units, by: caller, now: now)
        await IncidentController.publish(changed, req: req)
        // A new order has no arrivals yet (only fixes after its start count): no tracks to read; and
        // its rings are at hand, not to be decoded again from the row.
        return try await Self.dto(order, req: req, withRings: true, readTracks: !created, rings: created ? shapes : nil).encodeResponse(status: created ? .created : .ok, for: req)
    }

    package func lift(req: Request) async throws -> ContainmentOrderDTO {
        let caller = try req.caller()
        let store = ContainmentStore(db: req.db)
        let m = try await store.order(try req.uuidParameter(what: "封控指令"), for: caller)
        let (order, changed) = try await store.lift(m, by: caller, now: req.now)
        await IncidentController.publish(changed, req: req)
        return try await Self.dto(order, req: req, withRings: true)
    }

    static func dto(_ m: ContainmentOrderModel, req: Request, withRings: Bool, readTracks: Bool = true,
                    rings: [ContainmentOrderDTO.Isochrone]? = nil) async throws -> ContainmentOrderDTO {
        let plan = try ContainmentStore.plan(of: m)
        let report = readTracks ? try await ContainmentStore(db: req.db).report(of: m, now: req.now)
            : DrillReport.build(plan: plan, startedAt: m.startedAt, arrivals: [:], liftedAt: m.liftedAt)
        let ids = Set(report.rows.compactMap { $0.unitID.flatMap(UUID.init(uuidString:)) })
        let signs = try await IncidentController.callSigns(ids, on: req.db)
        let best = Dictionary((plan.gates + plan.exits).map { ($0.site.name, $0.bestSeconds) }, uniquingKeysWith: { a, _ in a })
        let tasks = report.rows.map { r in
            let unit = r.unitID.flatMap(UUID.init(uuidString:))
            return ContainmentOrderDTO.Task(ring: r.ring.rawValue, siteName: r.site?.name, siteKind: r.site?.kind.rawValue,
                                            lat: r.site?.position.lat ?? m.sceneLat, lon: r.site?.position.lon ?? m.sceneLon,
                                            unitId: unit, callSign: unit.flatMap { signs[$0] }, plannedSeconds: r.plannedSeconds.map { ($0 * 10).rounded() / 10 },
                                            targetSeconds: r.targetSeconds, staffedByPost: r.staffedByPost, red: r.outcome == .red,
                                            bestSeconds: r.site.flatMap { best[$0.name] ?? nil }.map { ($0 * 10).rounded() / 10 },
                                            actualSeconds: r.actualSeconds, withinTarget: r.withinTarget, outcome: r.outcome.rawValue)
        }
        return ContainmentOrderDTO(id: try m.requireID(), incidentId: m.incidentID, drill: m.drill, scene: IncidentPlace(lat: m.sceneLat, lon: m.sceneLon),
                                   startedAt: m.startedAt, liftedAt: m.liftedAt, targets: plan.targets, tasks: tasks,
                                   checkpoints: report.checkpoints, rings: report.rings, firstOnSceneSeconds: report.firstOnSceneSeconds,
                                   isochrones: !withRings ? nil : try rings ?? JSONDecoder().decode([ContainmentOrderDTO.Isochrone].self, from: Data(m.rings.utf8)))
    }
}

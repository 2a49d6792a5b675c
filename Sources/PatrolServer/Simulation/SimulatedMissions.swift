import Foundation
import PatrolDomain
import PinganDomain
import Vapor

/// What the simulated units do besides patrolling: they answer their tasks as an officer would,
/// through the same API the phone uses. An incident task is acknowledged, driven to along the
/// route the server gives, marked en route and on scene, then cleared after a while on scene; a
/// containment task is driven to and held until the order is lifted; so is a plan's post (P9),
/// along the route the activation planned, until the plan is deactivated. So dispatch, containment and
/// the response figures are alive in the demo.
actor SimulatedMissions {
    struct Mission {
        var drive: MissionDrive
        var incidentID: UUID?
        var orderID: UUID?
        var onSceneAt: TimeInterval?
        var activationID: UUID?
    }

    /// Patrol seconds a unit stays on scene before it clears.
    static let onSceneSeconds: TimeInterval = 120
    private var missions: [UUID: Mission] = [:]

    func mission(of unit: UUID) -> Mission? { missions[unit] }
    func set(_ m: Mission?, for unit: UUID) { missions[unit] = m }

    struct TaskPage: Decodable {
        struct Incident: Decodable { struct T: Decodable { var unitId: UUID; var state: String }; var id: UUID; var tasks: [T] }
        var items: [Incident]
    }
    struct OrderPage: Decodable {
        struct Order: Decodable { struct T: Decodable { var unitId: UUID?; var lat: Double; var lon: Double; var staffedByPost: Bool }; var id: UUID; var tasks: [T] }
        var items: [Order]
    }
    struct Route: Decodable { var route: [[Double]] }
    struct ActivationPage: Decodable {
        struct Activation: Decodable { struct Post: Decodable { var unitId: UUID?; var lat: Double; var lon: Double; var route: [[Double]] }; var id: UUID; var posts: [Post] }
        var items: [Activation]
    }

    /// Looks at the unit's tasks and moves its mission on; `t` is patrol time, `at` the unit's point now.
    func update(_ u: PatrolSimulator.Driven, t: TimeInterval, at here: GeoPoint, simulator: PatrolSimulator, app: Application) async {
        let speed = MissionDrive.responseSpeed(u.kind)
        func step(_ incident: UUID, _ type: String, _ extra: String = "") async {
            _ = try? await simulator.post(app, PatrolRoutes.appendIncidentEvent.link(incident), token: u.officerToken,
                                          body: #"{"id":"\#(UUID())","type":"\#(type)","unitId":"\#(u.unitID)"\#(extra)}"#)
        }
        if var m = missions[u.unitID] {
            if let incident = m.incidentID {
                if m.onSceneAt == nil, m.drive.arrived(at: t) {
                    await step(incident, "on_scene")
                    m.onSceneAt = t
                    missions[u.unitID] = m
                } else if let on = m.onSceneAt, t - on >= Self.onSceneSeconds {
                    await step(incident, "cleared", #","disposition":"现场处置完毕（模拟）""#)
                    missions[u.unitID] = nil
                }
                return
            }
            // A plan's post holds until the plan is deactivated.
            if let activation = m.activationID {
                if let page: ActivationPage = await simulator.get(app, PlanRoutes.activations.link(query: "open=true&limit=10"), token: u.officerToken),
                   !page.items.contains(where: { $0.id == activation }) {
                    missions[u.unitID] = nil
                }
                return
            }
            // A containment task holds until its order is lifted.
            if let order = m.orderID, let page: OrderPage = await simulator.get(app, PatrolRoutes.containmentOrders.link(query: "open=true&limit=5"), token: u.officerToken),
               !page.items.contains(where: { $0.id == order }) {
                missions[u.unitID] = nil
            }
            return
        }
        if let page: TaskPage = await simulator.get(app, PatrolRoutes.incidents.link(query: "open=true&limit=20"), token: u.officerToken),
           let incident = page.items.first(where: { $0.tasks.contains { $0.unitId == u.unitID && ["assigned", "acknowledged", "en_route"].contains($0.state) } }) {
            await step(incident.id, "acknowledged")
            let route: Route? = await simulator.get(app, PatrolRoutes.incidentRoute.link(incident.id), token: u.officerToken)
            let path = route?.route.map { GeoPoint(lat: $0[1], lon: $0[0]) } ?? []
            await step(incident.id, "en_route")
            missions[u.unitID] = Mission(drive: MissionDrive(route: [here] + path, speed: speed, startedAt: t), incidentID: incident.id)
            return
        }
        if let page: OrderPage = await simulator.get(app, PatrolRoutes.containmentOrders.link(query: "open=true&limit=5"), token: u.officerToken),
           let order = page.items.first(where: { $0.tasks.contains { $0.unitId == u.unitID && !$0.staffedByPost } }),
           let task = order.tasks.first(where: { $0.unitId == u.unitID }) {
            let site = GeoPoint(lat: task.lat, lon: task.lon)
            let path = simulator.route?(here, site) ?? [here, site]
            missions[u.unitID] = Mission(drive: MissionDrive(route: path + [site], speed: speed, startedAt: t), orderID: order.id)
            return
        }
        if let page: ActivationPage = await simulator.get(app, PlanRoutes.activations.link(query: "open=true&limit=10"), token: u.officerToken),
           let activation = page.items.first(where: { $0.posts.contains { $0.unitId == u.unitID } }),
           let post = activation.posts.first(where: { $0.unitId == u.unitID }) {
            let site = GeoPoint(lat: post.lat, lon: post.lon)
            let planned = post.route.map { GeoPoint(lat: $0[1], lon: $0[0]) }
            let path = planned.count >= 2 ? planned : simulator.route?(here, site) ?? [here, site]
            missions[u.unitID] = Mission(drive: MissionDrive(route: [here] + path + [site], speed: speed, startedAt: t), activationID: activation.id)
        }
    }
}

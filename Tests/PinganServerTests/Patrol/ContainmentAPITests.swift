import Fluent
import Foundation
import GeoSupport
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
import Routing
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// #10 acceptance 2 through the API, on both databases: 启动封控 on an incident plans ring 1 as a
/// reference search would, gives each unit at most one task, shows unreachable checkpoints red with
/// their best arrival, draws the three rings; a drill's report sets the planned arrival against the
/// one read from the unit's fixes; lifting puts the units back on patrol.
@Suite("Containment orders and drills")
struct ContainmentAPITests {
    static let now = IncidentAPITests.now

    @Test("An order on the demo network: ring 1 as the reference, one task per unit, red with best arrival, rings; a drill's report from GPS; lift",
          arguments: TestDatabase.available)
    func orderAndDrill(db: TestDatabase) async throws {
        let clock = TestClock(Self.now)
        try await withApp(db, clock: clock) { app in
            let g = try #require(app.roadNetwork.graph)
            let sites = app.roadNetwork.checkpoints
            let gates = sites.filter { $0.kind == .cityGate }
            #expect(!gates.isEmpty && sites.contains { $0.kind == .countyExit })
            let dispatcher = try await app.token("dispatcher")
            // The scene at the first gate's vertex's neighbour; five units, one of them right at the scene.
            let sceneVertex = gates[0].vertex
            let dist = IncidentAPITests.reference(g, to: sceneVertex)
            let units = try await PatrolUnitModel.query(on: app.db).sort(\.$callSign).all().filter { $0.unitKind?.moves == true }
            var rng = SplitMix64(seed: 7)
            var at: [UUID: Int] = [:]
            for (i, u) in units.prefix(5).enumerated() {
                var v = sceneVertex
                if i > 0 { repeat { v = Int(rng.next() % UInt64(g.nodeCount)) } while dist[v] == .max }
                try await IncidentAPITests.place(app, u, at: v)
                at[u.id!] = v
            }
            let incident = UUID()
            let report = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher,
                                           json: IncidentAPITests.intake(incident, at: g.coordinate(ofVertex: sceneVertex)))
            #expect(report.status == .created)
            let orderID = UUID()
            let body = #"{"id":"\#(orderID)","incidentId":"\#(incident)"}"#
            let started = try await app.api(.POST, PatrolRoutes.startContainment.link(), token: dispatcher, json: body)
            #expect(started.status == .created, "\(started.body.string.prefix(300))")
            let order = try started.content.decode(ContainmentOrderDTO.self)
            #expect(try await app.api(.POST, PatrolRoutes.startContainment.link(), token: dispatcher, json: body).status == .ok, "a resend is one order")
            #expect(try await ContainmentOrderModel.query(on: app.db).count() == 1)

            // Ring 1: exactly the units the reference puts within 3 minutes.
            let within = Set(at.filter { dist[$0.value] <= 180_000 }.map(\.key))
            let ring1 = Set(order.tasks.filter { $0.ring == "scene" }.compactMap(\.unitId))
            #expect(ring1 == within, "ring 1 \(ring1) vs reference \(within)")
            #expect(ring1.contains(units[0].id!))
            // One task per unit; every gate and exit has a row; red rows have no unit, and a best arrival when reachable.
            let tasked = order.tasks.compactMap(\.unitId)
            #expect(Set(tasked).count == tasked.count, "a unit gets at most one task")
            #expect(order.tasks.filter { $0.ring != "scene" }.count == sites.count)
            let red = order.tasks.filter(\.red)
            #expect(!red.isEmpty, "five units cannot seal \(sites.count) checkpoints")
            #expect(red.allSatisfy { $0.unitId == nil })
            #expect(red.contains { $0.bestSeconds != nil }, "a red checkpoint shows the best arrival anyone could make")
            #expect(order.checkpoints.tasks == sites.count && order.checkpoints.red == red.count)
            #expect(order.isochrones?.map(\.seconds) == [600, 300, 180] && order.isochrones?.allSatisfy { !$0.polygons.isEmpty } == true)
            for id in tasked { #expect(try await PatrolUnitModel.find(id, on: app.db)?.status == "dispatched") }

            // The unit at the scene reports from there 30 s in, its officer on shift: arrival read from its fixes.
            let sceneUnit = try #require(try await PatrolUnitModel.find(units[0].id!, on: app.db))
            let officer = try #require(try await UserModel.query(on: app.db).filter(\.$username == "patrol").first())
            let shift = PatrolShiftModel()
            shift.unitID = sceneUnit.id!
            shift.officerID = try officer.requireID()
            shift.signedOnAt = Self.now.addingTimeInterval(-600)
            try await shift.create(on: app.db)
            let device = try await PositionIngest.issueToken(for: sceneUnit, kind: PatrolDeviceKind.phone.rawValue, now: clock.now, on: app.db).token
            clock.advance(30)
            let p = g.coordinate(ofVertex: sceneVertex)
            let fix = #"{"unitId":"\#(sceneUnit.id!)","fixes":[{"lat":\#(p.lat),"lon":\#(p.lon),"at":"\#(clock.now.formatted(.iso8601))","accuracy":8}]}"#
            let posted = try await app.api(.POST, PatrolRoutes.positions.link(), token: device, json: fix)
            #expect(posted.status == .ok, "\(posted.body.string)")
            let seen = try await app.api(.GET, PatrolRoutes.containmentOrder.link(orderID), token: dispatcher).content.decode(ContainmentOrderDTO.self)
            let row = try #require(seen.tasks.first { $0.unitId == sceneUnit.id && $0.ring == "scene" })
            #expect(row.actualSeconds == 30 && row.withinTarget && row.outcome == "within_target", "\(row)")

            // Lift: the units go back on patrol; lifting again changes nothing.
            let lifted = try await app.api(.POST, PatrolRoutes.liftContainment.link(orderID), token: dispatcher)
            #expect(lifted.status == .ok)
            for id in tasked { #expect(try await PatrolUnitModel.find(id, on: app.db)?.status == "available") }
            #expect(try await app.api(.POST, PatrolRoutes.liftContainment.link(orderID), token: dispatcher).status == .ok)

            // A drill on a chosen scene, without an incident; the commander may watch, not start.
            let drillID = UUID()
            let drill = try await app.api(.POST, PatrolRoutes.startContainment.link(), token: dispatcher,
                                          json: #"{"id":"\#(drillID)","drill":true,"scene":{"lat":\#(p.lat),"lon":\#(p.lon)}}"#)
            #expect(drill.status == .created, "\(drill.body.string.prefix(200))")
            #expect((try drill.content.decode(ContainmentOrderDTO.self)).drill)
            let commander = try await app.token("commander")
            #expect(try await app.api(.POST, PatrolRoutes.startContainment.link(), token: commander,
                                      json: #"{"id":"\#(UUID())","drill":true,"scene":{"lat":\#(p.lat),"lon":\#(p.lon)}}"#).status == .notFound)
            let noScene = try await app.api(.POST, PatrolRoutes.startContainment.link(), token: dispatcher, json: #"{"id":"\#(UUID())"}"#)
            #expect(noScene.status == .unprocessableEntity && noScene.errorCode == "missing_scene")
            // A scene at the North Pole (found by fuzzing: snapping it once ran for minutes) has no road near it.
            let pole = try await app.api(.POST, PatrolRoutes.startContainment.link(), token: dispatcher,
                                         json: #"{"id":"\#(UUID())","drill":true,"scene":{"lat":90,"lon":69.1}}"#)
            #expect(pole.status == .conflict && pole.errorCode == "scene_off_road", "\(pole.status) \(pole.body.string)")
            let drills = try await app.api(.GET, PatrolRoutes.containmentOrders.link(query: "drill=true"), token: dispatcher)
            #expect(drills.status == .ok && drills.body.string.contains(drillID.uuidString) && !drills.body.string.contains(orderID.uuidString))
            for account in ["bureau", "judicial", "mediator"] {
                #expect(try await app.api(.GET, PatrolRoutes.containmentOrder.link(orderID), token: try await app.token(account)).status == .notFound)
            }
        }
    }
}

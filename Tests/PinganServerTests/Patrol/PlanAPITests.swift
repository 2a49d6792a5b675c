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

/// #11 acceptance 5 through the API, on both databases: activating a plan creates exactly its tasks
/// (a resend is one activation, a second activation 409), each with the drive time the routing
/// core gives; a busy unit is passed over with its reason shown; a fix within 50 m marks the
/// arrival with its time and within-target flag; deactivating ends the tasks and frees the units;
/// scope (another station's commander, justice roles: 404; an officer: their own post only); and a
/// simulator run that drives every post's unit there and records each arrival.
@Suite("Plans and their activation")
struct PlanAPITests {
    static let now = IncidentAPITests.now

    static func activation(_ res: TestingHTTPResponse) throws -> PlanActivationDTO { try res.content.decode(PlanActivationDTO.self) }

    /// A shift for `unit` (so its fixes are kept) and a device token to post them with.
    static func onShift(_ app: Application, _ unit: PatrolUnitModel, officer: String, at: Date) async throws -> String {
        let user = try #require(try await UserModel.query(on: app.db).filter(\.$username == officer).first())
        let shift = PatrolShiftModel()
        shift.unitID = try unit.requireID()
        shift.officerID = try user.requireID()
        shift.signedOnAt = at.addingTimeInterval(-600)
        try await shift.create(on: app.db)
        return try await PositionIngest.issueToken(for: unit, kind: PatrolDeviceKind.phone.rawValue, now: at, on: app.db).token
    }

    static func fix(_ app: Application, _ unit: PatrolUnitModel, device: String, at p: GeoPoint, time: Date) async throws {
        let body = #"{"unitId":"\#(unit.id!)","fixes":[{"lat":\#(p.lat),"lon":\#(p.lon),"at":"\#(time.formatted(.iso8601))","accuracy":8}]}"#
        let res = try await app.api(.POST, PatrolRoutes.positions.link(), token: device, json: body)
        #expect(res.status == .ok, "\(res.body.string)")
    }

    @Test("Activate: exactly the plan's tasks, drive times of the routing core, a busy unit passed over with its reason, arrival from GPS, deactivate frees the units",
          arguments: TestDatabase.available)
    func activateTrackDeactivate(db: TestDatabase) async throws {
        let clock = TestClock(Self.now)
        try await withApp(db, clock: clock) { app in
            let g = try #require(app.roadNetwork.graph)
            let dispatcher = try await app.token("dispatcher")
            let county = try await app.unit(code: "130427000000-GAJ-ZHZX")
            // Four moving units of different kinds at vertices; C is busy (dispatched to an incident).
            var byKind: [String: PatrolUnitModel] = [:]
            for u in try await PatrolUnitModel.query(on: app.db).sort(\.$callSign).all() where u.unitKind?.moves == true && byKind[u.kind] == nil { byKind[u.kind] = u }
            let a = try #require(byKind["patrol_car"]), b = try #require(byKind["motorcycle"]), c = try #require(byKind["foot_patrol"])
            let d = try #require(byKind["plain_clothes"])
            var rng = SplitMix64(seed: 11)
            func reachable(to target: Int) -> (dist: [UInt64], from: Int) {
                let dist = IncidentAPITests.reference(g, to: target)
                var v = target
                repeat { v = Int(rng.next() % UInt64(g.nodeCount)) } while dist[v] == .max || dist[v] > 900_000 || v == target
                return (dist, v)
            }
            let p0 = Int(rng.next() % UInt64(g.nodeCount)), p1 = Int(rng.next() % UInt64(g.nodeCount)), p2 = Int(rng.next() % UInt64(g.nodeCount))
            let (dist0, va) = reachable(to: p0)
            let (dist2, vb) = reachable(to: p2)
            try await IncidentAPITests.place(app, a, at: va)
            try await IncidentAPITests.place(app, b, at: vb)
            try await IncidentAPITests.place(app, c, at: p1, status: .dispatched)
            try await IncidentAPITests.place(app, d, at: p1)
            let (q0, q1, q2) = (g.coordinate(ofVertex: p0), g.coordinate(ofVertex: p1), g.coordinate(ofVertex: p2))
            let planID = UUID()
            let body = PlanFixtures.plan(planID, org: county.id!, at: q0, name: "城区涉恐涉暴处置（测试）", kind: "terror", posts: [
                ("一号岗", q0.lat, q0.lon, "patrol_car", a.id!, 10),
                ("二号卡点", q1.lat, q1.lon, "plain_clothes", c.id!, 1),
                ("三号岗", q2.lat, q2.lon, "motorcycle", nil, 15),
                ("四号岗", q2.lat, q2.lon, "mobile_police_vehicle", nil, 5),
            ])
            #expect(try await app.api(.POST, PlanRoutes.createPlan.link(), token: dispatcher, json: body).status == .created)
            #expect(try await app.api(.POST, PlanRoutes.createPlan.link(), token: dispatcher, json: body).status == .ok, "a resend is one plan")

            let activationID = UUID()
            let on = try await app.api(.POST, PlanRoutes.activatePlan.link(planID), token: dispatcher, json: #"{"id":"\#(activationID)"}"#)
            #expect(on.status == .created, "\(on.body.string.prefix(300))")
            let act = try Self.activation(on)
            #expect(try await app.api(.POST, PlanRoutes.activatePlan.link(planID), token: dispatcher, json: #"{"id":"\#(activationID)"}"#).status == .ok,
                    "a resend is one activation")
            let again = try await app.api(.POST, PlanRoutes.activatePlan.link(planID), token: dispatcher, json: #"{"id":"\#(UUID())"}"#)
            #expect(again.status == .conflict && again.errorCode == "plan_active")
            #expect(try await PlanActivationModel.query(on: app.db).filter(\.$planID == planID).count() == 1)
            let tasks = try await PlanTaskModel.query(on: app.db).filter(\.$activationID == activationID).all()
            #expect(tasks.count == 3 && Set(tasks.map(\.unitID)) == [a.id!, d.id!, b.id!], "one task per staffed post")

            // Who took which post: A as named, D for the busy C (reason shown), B as the nearest motorcycle, nobody for the fourth.
            let posts = act.posts
            #expect(posts.map(\.unitId) == [a.id, d.id, b.id, nil])
            #expect(posts[1].skipped == "busy" && posts[1].skippedCallSign == c.callSign && posts[1].nearest)
            #expect(posts[3].outcome == "red" && act.summary.staffed == 3)
            // Planned drive times are the routing core's (the reference search on the same graph).
            #expect(abs((posts[0].plannedSeconds ?? -1) - Double(dist0[va]) / 1000) <= 1, "\(posts[0].plannedSeconds ?? -1) vs \(dist0[va])")
            #expect(abs((posts[2].plannedSeconds ?? -1) - Double(dist2[vb]) / 1000) <= 1)
            #expect((posts[1].plannedSeconds ?? -1) <= 1, "D stands at its post")
            #expect(posts.prefix(3).allSatisfy { $0.route.count >= 2 || ($0.plannedSeconds ?? 0) < 1 })
            for u in [a, b, d] { #expect(try await PatrolUnitModel.find(u.id, on: app.db)?.status == "dispatched") }

            // Arrivals from GPS: A 30 m from its post at 30 s (within 10 min); D at 90 s (target 1 min: late); B 80 m off (not there).
            let started = clock.now
            let da = try await Self.onShift(app, a, officer: "patrol", at: started)
            let dd = try await Self.onShift(app, d, officer: "admin", at: started)
            let dbb = try await Self.onShift(app, b, officer: "admin", at: started)
            clock.advance(30)
            try await Self.fix(app, a, device: da, at: GeoPoint(lat: q0.lat + 0.00027, lon: q0.lon), time: clock.now)
            try await Self.fix(app, b, device: dbb, at: GeoPoint(lat: q2.lat + 0.00072, lon: q2.lon), time: clock.now)
            clock.advance(60)
            try await Self.fix(app, d, device: dd, at: q1, time: clock.now)
            let seen = try Self.activation(try await app.api(.GET, PlanRoutes.activation.link(activationID), token: dispatcher))
            #expect(seen.posts[0].actualSeconds == 30 && seen.posts[0].withinTarget && seen.posts[0].outcome == "within_target", "\(seen.posts[0])")
            #expect(seen.posts[0].arrivedAt.map { abs($0.timeIntervalSince(started.addingTimeInterval(30))) < 0.01 } == true)
            #expect(seen.posts[1].actualSeconds == 90 && !seen.posts[1].withinTarget && seen.posts[1].outcome == "late")
            #expect(seen.posts[2].actualSeconds == nil && seen.posts[2].outcome == "missed", "80 m is not there")
            #expect(seen.summary.arrived == 2 && seen.summary.withinTarget == 1)

            // The officer on A sees this activation with A's post only; the phone's task feed is this list.
            let officer = try await app.token("patrol")
            let mine = try await app.api(.GET, PlanRoutes.activations.link(query: "open=true"), token: officer).content.decode(ListPage<PlanActivationDTO>.self)
            #expect(mine.items.map(\.id) == [activationID] && mine.items[0].posts.map(\.unitId) == [a.id])
            #expect(try await app.api(.GET, PlanRoutes.plan.link(planID), token: officer).status == .notFound, "officers see tasks, not plans")

            // Deactivate: the tasks end, the units go back on patrol; C (not in the plan) stays busy; again changes nothing.
            clock.advance(10)
            let off = try await app.api(.POST, PlanRoutes.deactivate.link(activationID), token: dispatcher)
            let offDTO = try Self.activation(off)
            #expect(off.status == .ok && offDTO.endedAt != nil)
            for u in [a, b, d] { #expect(try await PatrolUnitModel.find(u.id, on: app.db)?.status == "available") }
            #expect(try await PatrolUnitModel.find(c.id, on: app.db)?.status == "dispatched")
            clock.advance(10)
            try await Self.fix(app, b, device: dbb, at: q2, time: clock.now)
            let ended = try Self.activation(try await app.api(.GET, PlanRoutes.activation.link(activationID), token: dispatcher))
            #expect(ended.posts[2].actualSeconds == nil, "an arrival after deactivation does not count")
            #expect(try await app.api(.POST, PlanRoutes.deactivate.link(activationID), token: dispatcher).status == .ok)
            let open = try await app.api(.GET, PlanRoutes.activations.link(query: "open=true"), token: officer).content.decode(ListPage<PlanActivationDTO>.self)
            #expect(open.items.isEmpty, "the phone's task is gone")
            for action in ["plan.create", "plan.activate", "plan.deactivate"] {
                #expect(try await AuditRecordModel.query(on: app.db).filter(\.$action == action).count() == 1, "\(action) audited once")
            }
            // Activated again later: a new activation.
            #expect(try await app.api(.POST, PlanRoutes.activatePlan.link(planID), token: dispatcher, json: #"{"id":"\#(UUID())"}"#).status == .created)
        }
    }

    @Test("Scope and edits: a station's plan is its own and the command centre's; another station's commander and justice roles get 404; stale edit 409; bad input 4xx",
          arguments: TestDatabase.available)
    func scopeAndEdits(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let commander = try await app.token("commander")
            let admin = try await app.token("admin")
            let pcs02 = try await app.unit(code: "130427000000-GAJ-PCS02")
            let made = try await app.api(.POST, "/api/v1/users", token: admin, json: #"""
                {"username":"commander2","password":"\#(DemoOrgSeed.password)","displayName":"另一所长","role":"station_commander","orgUnitId":"\#(pcs02.id!)"}
                """#)
            #expect(made.status == .created)
            let other = try await app.token("commander2")
            let pcs01 = try await app.unit(code: "130427000000-GAJ-PCS01")
            let at = try #require(try await app.unit(code: "130427000000-GAJ-PCS01-WG").unitGeometry?.anchor)
            let planID = UUID()
            let created = try await app.api(.POST, PlanRoutes.createPlan.link(), token: commander, json: PlanFixtures.plan(planID, org: pcs01.id!, at: at))
            #expect(created.status == .created, "\(created.body.string.prefix(200))")
            let plan = try created.content.decode(PlanDTO.self)
            #expect(plan.version == 1 && plan.mayManage && plan.posts.count == 1 && plan.routes.first?.points.count == 2)
            // The commander may not write a plan for another station.
            #expect(try await app.api(.POST, PlanRoutes.createPlan.link(), token: commander, json: PlanFixtures.plan(UUID(), org: pcs02.id!, at: at)).status == .notFound)

            #expect(try await app.api(.GET, PlanRoutes.plan.link(planID), token: try await app.token("dispatcher")).status == .ok)
            let listed = try await app.api(.GET, PlanRoutes.plans.link(), token: other).content.decode(ListPage<PlanDTO>.self)
            #expect(!listed.items.contains { $0.id == planID })
            for (name, token) in [("commander2", other), ("bureau", try await app.token("bureau")), ("judicial", try await app.token("judicial")),
                                  ("mediator", try await app.token("mediator"))] {
                #expect(try await app.api(.GET, PlanRoutes.plan.link(planID), token: token).status == .notFound, "\(name)")
                #expect(try await app.api(.POST, PlanRoutes.activatePlan.link(planID), token: token, json: #"{"id":"\#(UUID())"}"#).status == .notFound, "\(name)")
            }
            for account in ["bureau", "judicial", "mediator"] {
                #expect(try await app.api(.GET, PlanRoutes.plans.link(), token: try await app.token(account)).status == .notFound)
                #expect(try await app.api(.GET, PlanRoutes.activations.link(), token: try await app.token(account)).status == .notFound)
            }
            let activationID = UUID()
            #expect(try await app.api(.POST, PlanRoutes.activatePlan.link(planID), token: commander, json: #"{"id":"\#(activationID)"}"#).status == .created)
            #expect(try await app.api(.GET, PlanRoutes.activation.link(activationID), token: other).status == .notFound)
            #expect(try await app.api(.POST, PlanRoutes.deactivate.link(activationID), token: other).status == .notFound)
            #expect(try await app.api(.POST, PlanRoutes.retirePlan.link(planID), token: commander).errorCode == "plan_active")
            #expect(try await app.api(.POST, PlanRoutes.deactivate.link(activationID), token: commander).status == .ok)

            // Edits: the whole plan with its version; a stale version is 409.
            var edit = PlanFixtures.plan(planID, org: pcs01.id!, at: at, name: "改名后的预案")
            edit = edit.replacingOccurrences(of: #"{"id":"\#(planID)","#, with: #"{"baseVersion":1,"#)
            let patched = try await app.api(.PATCH, PlanRoutes.updatePlan.link(planID), token: commander, json: edit)
            #expect(patched.status == .ok, "\(patched.body.string.prefix(200))")
            let patchedPlan = try patched.content.decode(PlanDTO.self)
            #expect(patchedPlan.version == 2)
            #expect(try await app.api(.PATCH, PlanRoutes.updatePlan.link(planID), token: commander, json: edit).status == .conflict)
            // Bad input: no posts, an unknown unit, a window ending before it starts.
            let noPosts = PlanFixtures.plan(UUID(), org: pcs01.id!, at: at).replacingOccurrences(of: #""posts":[{"#, with: #""x":[{"#)
            #expect(try await app.api(.POST, PlanRoutes.createPlan.link(), token: commander, json: noPosts).status == .badRequest)
            let ghost = PlanFixtures.plan(UUID(), org: pcs01.id!, at: at, posts: [("岗", at.lat, at.lon, "patrol_car", UUID(), 10)])
            let unknown = try await app.api(.POST, PlanRoutes.createPlan.link(), token: commander, json: ghost)
            #expect(unknown.status == .unprocessableEntity && unknown.errorCode == "unknown_unit")
            let window = PlanFixtures.plan(UUID(), org: pcs01.id!, at: at).replacingOccurrences(of: #""description":"测试","#,
                with: #""windowStart":"2026-12-05T10:00:00Z","windowEnd":"2026-12-05T09:00:00Z","#)
            #expect(try await app.api(.POST, PlanRoutes.createPlan.link(), token: commander, json: window).errorCode == "invalid_window")
            let late = PlanFixtures.plan(UUID(), org: pcs01.id!, at: at, posts: [("岗", at.lat, at.lon, "patrol_car", nil, 500)])
            #expect(try await app.api(.POST, PlanRoutes.createPlan.link(), token: commander, json: late).status.code / 100 == 4)
            // Retire: gone from the lists and the routes.
            #expect(try await app.api(.POST, PlanRoutes.retirePlan.link(planID), token: commander).status == .ok)
            #expect(try await app.api(.GET, PlanRoutes.plan.link(planID), token: commander).status == .notFound)
        }
    }

    @Test("A simulator run drives every post's unit to its post and each arrival is recorded", arguments: TestDatabase.available)
    func simulatorTracksArrivals(db: TestDatabase) async throws {
        try await withApp(db) { app in
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            try await app.server.start()
            let port = try #require(app.http.server.shared.localAddress?.port)
            let simulator = PatrolSimulator(base: "http://127.0.0.1:\(port)", interval: 1, only: nil, timeScale: 5, route: app.roadNetwork.drivingPath)
            // Three cars of the urban grids, each with a post at its own grid's point.
            let cars = try await PatrolUnitModel.query(on: app.db).filter(\.$kind == PatrolUnitKind.patrolCar.rawValue).sort(\.$callSign).all()
            var chosen: [(PatrolUnitModel, GeoPoint)] = []
            for car in cars where chosen.count < 3 {
                guard let grid = car.homeGridOrgUnitID, let anchor = try await OrgUnitModel.find(grid, on: app.db)?.unitGeometry?.anchor else { continue }
                chosen.append((car, anchor))
            }
            var sim = simulator
            sim.only = Set(chosen.map(\.0.callSign))
            let driven = try await sim.start(app: app) { _ in }
            #expect(driven.count == 3)
            let driving = Task { _ = try? await sim.drive(driven, app: app) { _ in } }
            do {
                // Wait until each has a fresh position (its first fixes).
                for _ in 0..<30 {
                    let p = try await app.livePositions.positions(of: chosen.map { $0.0.id! }, loadingFrom: FixStore(db: app.db))
                    if p.count == 3 { break }
                    try await Task.sleep(for: .seconds(1))
                }
                let dispatcher = try await app.token("dispatcher")
                let county = try await app.unit(code: "130427000000-GAJ-ZHZX")
                // Each post 1–4 minutes' drive from where its unit now is (by the reference search): a run of about a minute at 5×.
                let g = try #require(app.roadNetwork.graph)
                let now = try await app.livePositions.positions(of: chosen.map { $0.0.id! }, loadingFrom: FixStore(db: app.db))
                var rng = SplitMix64(seed: 5)
                var posts: [GeoPoint] = []
                for (u, _) in chosen {
                    let here = try #require(now[u.id!]?.fix)
                    let from = (0..<g.nodeCount).min { a, b in
                        let (pa, pb) = (g.coordinate(ofVertex: a), g.coordinate(ofVertex: b))
                        return hypot(pa.lat - here.lat, pa.lon - here.lon) < hypot(pb.lat - here.lat, pb.lon - here.lon)
                    }!
                    // One search towards the unit's vertex; the demo's roads run both ways, so the drive from it is the same.
                    let back = IncidentAPITests.reference(g, to: from)
                    let near = (0..<g.nodeCount).filter { (60_000...240_000).contains(back[$0]) }
                    #expect(!near.isEmpty)
                    posts.append(g.coordinate(ofVertex: near.isEmpty ? from : near[Int(rng.next() % UInt64(near.count))]))
                }
                let planID = UUID()
                let body = PlanFixtures.plan(planID, org: county.id!, at: chosen[0].1, name: "模拟到位", posts: chosen.enumerated().map { i, c in
                    ("岗位\(i + 1)", posts[i].lat, posts[i].lon, "patrol_car", c.0.id!, 10)
                })
                #expect(try await app.api(.POST, PlanRoutes.createPlan.link(), token: dispatcher, json: body).status == .created)
                let activationID = UUID()
                let on = try await app.api(.POST, PlanRoutes.activatePlan.link(planID), token: dispatcher, json: #"{"id":"\#(activationID)"}"#)
                #expect(on.status == .created, "\(on.body.string.prefix(300))")
                let started = try Self.activation(on)
                #expect(started.summary.staffed == 3)
                var seen: PlanActivationDTO?
                for _ in 0..<240 {
                    try await Task.sleep(for: .seconds(1))
                    seen = try Self.activation(try await app.api(.GET, PlanRoutes.activation.link(activationID), token: dispatcher))
                    if seen?.summary.arrived == 3 { break }
                }
                let report = try #require(seen)
                #expect(report.summary.arrived == 3, "\(report.posts.map { "\($0.callSign ?? "") \($0.outcome) \($0.plannedSeconds ?? -1)" })")
                for p in report.posts {
                    #expect(p.arrivedAt != nil && p.actualSeconds != nil, "\(p.name) \(p.callSign ?? "") arrived")
                }
                // Deactivated: the simulated units go back to patrol.
                #expect(try await app.api(.POST, PlanRoutes.deactivate.link(activationID), token: dispatcher).status == .ok)
                for (u, _) in chosen { #expect(try await PatrolUnitModel.find(u.id, on: app.db)?.status == "available") }
            } catch {
                driving.cancel(); await driving.value; await app.server.shutdown()
                throw error
            }
            driving.cancel(); await driving.value
            await sim.stop(driven, app: app)
            await app.server.shutdown()
        }
    }
}

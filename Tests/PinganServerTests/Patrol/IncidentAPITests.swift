import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
import Routing
import GeoSupport
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// #10 acceptance 1: an incident from intake to cleared through the API, on both databases. The
/// recommendation is checked against a plain Dijkstra written here; nearer units that are stale,
/// busy, out of service or lack the capability are in the fixture and never recommended.
@Suite("Incidents: intake, recommendation, dispatch, timeline")
struct IncidentAPITests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// Drive time in ms from every vertex to `target`, by a textbook Dijkstra over reversed edges.
    static func reference(_ g: RoadGraph, to target: Int) -> [UInt64] {
        var incoming = [[(Int, UInt64)]](repeating: [], count: g.nodeCount)
        for v in 0..<g.nodeCount { for e in g.outEdges(v) { incoming[g.edgeTarget(e)].append((v, UInt64(g.edgeMilliseconds(e)))) } }
        var dist = [UInt64](repeating: .max, count: g.nodeCount)
        var heap = [(d: UInt64(0), v: target)]
        dist[target] = 0
        while !heap.isEmpty {
            // A binary heap by hand: pop the least.
            let top = heap[0]
            heap[0] = heap[heap.count - 1]; heap.removeLast()
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, heap[l].d < heap[m].d { m = l }
                if r < heap.count, heap[r].d < heap[m].d { m = r }
                if m == i { break }
                heap.swapAt(i, m); i = m
            }
            guard top.d == dist[top.v] else { continue }
            for (u, w) in incoming[top.v] where top.d + w < dist[u] {
                dist[u] = top.d + w
                heap.append((top.d + w, u))
                var j = heap.count - 1
                while j > 0, heap[(j - 1) / 2].d > heap[j].d { heap.swapAt(j, (j - 1) / 2); j = (j - 1) / 2 }
            }
        }
        return dist
    }

    struct Rec: Decodable {
        struct U: Decodable { var unitId: UUID; var seconds: Double; var route: [[Double]] }
        struct X: Decodable { var unitId: UUID; var reason: String }
        var units: [U]; var excluded: [X]
    }
    struct Timeline: Decodable { struct E: Decodable { var id: UUID; var seq: Int; var type: String; var at: Date; var unitId: UUID? }; var items: [E] }
    struct Page: Decodable { var items: [IncidentDTO]; var total: Int }

    /// Puts `unit` on duty at graph vertex `v` with a fix `age` seconds old.
    static func place(_ app: Application, _ unit: PatrolUnitModel, at v: Int, status: PatrolUnitStatus = .available,
                      capabilities: [PatrolCapability] = [.armed, .traffic], age: TimeInterval = 5) async throws {
        let g = try #require(app.roadNetwork.graph)
        unit.status = status.rawValue
        unit.capabilities = capabilities.map(\.rawValue).joined(separator: ",")
        try await unit.save(on: app.db)
        let p = g.coordinate(ofVertex: v)
        _ = await app.livePositions.advance(try unit.requireID(), to: LivePosition(fix: Fix(lat: p.lat, lon: p.lon, at: now.addingTimeInterval(-age))))
    }

    static func intake(_ id: UUID, at p: GeoPoint, caller: String = "张三", phone: String = "13812345678", type: String = "criminal") -> String {
        #"{"id":"\#(id)","type":"\#(type)","priority":1,"place":{"lat":\#(p.lat),"lon":\#(p.lon),"label":"城关镇十字路口"},"description":"两人持械斗殴","callerName":"\#(caller)","callerPhone":"\#(phone)"}"#
    }

    @Test("Intake to cleared: the reference's nearest units, none of the nearer unfit ones; every step on the timeline; resends once; stale 409",
          arguments: TestDatabase.available)
    func intakeToCleared(db: TestDatabase) async throws {
        let clock = TestClock(Self.now)
        try await withApp(db, clock: clock) { app in
            let g = try #require(app.roadNetwork.graph)
            let dispatcher = try await app.token("dispatcher")
            // The scene: a vertex of 城关派出所's grid, so its commander sees the incident.
            let station = try await app.unit(code: "130427000000-GAJ-PCS01")
            let grid = try await app.unit(code: "130427000000-GAJ-PCS01-WG")
            let gridShape = try JSONDecoder().decode(UnitGeometry.self, from: Data(try #require(grid.geometry).utf8))
            let scene = try #require((0..<g.nodeCount).first { gridShape.contains(g.coordinate(ofVertex: $0)) && g.outEdges($0).count >= 2 })
            let dist = Self.reference(g, to: scene)

            // Twelve fit units at random reachable vertices, and five unfit ones standing at the scene.
            let units = try await PatrolUnitModel.query(on: app.db).sort(\.$callSign).all().filter { $0.unitKind?.moves == true && $0.unitKind != .footPatrol }
            #expect(units.count >= 17)
            var rng = SplitMix64(seed: 42)
            var fitAt: [UUID: Int] = [:]
            for u in units.prefix(12) {
                var v: Int
                repeat { v = Int(rng.next() % UInt64(g.nodeCount)) } while dist[v] == .max || dist[v] > 3_600_000
                try await Self.place(app, u, at: v, status: fitAt.count % 3 == 0 ? .returning : .available)
                fitAt[try u.requireID()] = v
            }
            let unfit: [(PatrolUnitModel, String)] = Array(zip(units.dropFirst(12).prefix(5),
                                                                ["stale", "not_dispatchable", "not_dispatchable", "missing_capability", "off_duty"]))
            try await Self.place(app, unfit[0].0, at: scene, age: 600)
            try await Self.place(app, unfit[1].0, at: scene, status: .onScene)
            try await Self.place(app, unfit[2].0, at: scene, status: .outOfService)
            try await Self.place(app, unfit[3].0, at: scene, capabilities: [.traffic])
            try await Self.place(app, unfit[4].0, at: scene, status: .offDuty)

            // Intake, and its resend.
            let id = UUID()
            let body = Self.intake(id, at: g.coordinate(ofVertex: scene))
            let created = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            let incident = try created.content.decode(IncidentDTO.self)
            #expect(incident.status == "open" && incident.gridOrgUnitId == grid.id && incident.number.hasPrefix("JQ"))
            #expect(incident.calls.first?.callerPhone == "13812345678", "the record shows the caller in full")
            let again = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: body)
            let againDTO = try again.content.decode(IncidentDTO.self)
            #expect(again.status == .ok && againDTO.number == incident.number)
            #expect(try await IncidentModel.query(on: app.db).count() == 1)
            let listed = try await app.api(.GET, PatrolRoutes.incidents.link(), token: dispatcher)
            #expect(listed.status == .ok && listed.body.string.contains("138****5678") && !listed.body.string.contains("13812345678"),
                    "lists mask the caller: \(listed.body.string.prefix(300))")

            // The recommendation: the reference's five nearest fit units, in order.
            let recRes = try await app.api(.GET, PatrolRoutes.recommendation.link(id, query: "limit=5"), token: dispatcher)
            #expect(recRes.status == .ok, "\(recRes.body.string)")
            let rec = try recRes.content.decode(Rec.self)
            let expected = fitAt.map { (unit: $0.key, ms: dist[$0.value]) }.sorted { $0.ms < $1.ms }
            #expect(rec.units.count == 5)
            for (got, want) in zip(rec.units, expected) {
                #expect(abs(got.seconds * 1000 - Double(want.ms)) <= 60, "\(got.unitId): \(got.seconds) s, reference \(want.ms) ms")
                #expect(dist[fitAt[got.unitId] ?? scene] <= expected[4].ms, "\(got.unitId) is not among the reference's five nearest")
                #expect(got.route.count >= 2)
            }
            let unfitIDs = Set(unfit.map { $0.0.id! })
            #expect(rec.units.allSatisfy { !unfitIDs.contains($0.unitId) })
            for (u, reason) in unfit {
                #expect(rec.excluded.first { $0.unitId == u.id }?.reason == reason, "\(u.callSign) should be left out as \(reason)")
            }

            // Dispatch the nearest, resent: one task.
            let first = rec.units[0].unitId
            let dispatchID = UUID()
            let send = #"{"assignments":[{"id":"\#(dispatchID)","unitId":"\#(first)"}],"baseVersion":1}"#
            clock.advance(40)
            let sent = try await app.api(.POST, PatrolRoutes.dispatch.link(id), token: dispatcher, json: send)
            #expect(sent.status == .created, "\(sent.body.string)")
            let resent = try await app.api(.POST, PatrolRoutes.dispatch.link(id), token: dispatcher, json: send)
            #expect(resent.status == .ok, "\(resent.body.string)")
            let afterSend = try resent.content.decode(IncidentDTO.self)
            #expect(afterSend.tasks.count == 1 && afterSend.tasks[0].etaSeconds != nil && afterSend.status == "dispatched" && afterSend.version == 2)
            #expect(try await PatrolUnitModel.find(first, on: app.db)?.status == "dispatched")

            // A stale edit: based on version 1, now at 2.
            let stale = try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(id), token: dispatcher,
                                          json: #"{"id":"\#(UUID())","type":"reclassified","incidentType":"public_order","priority":2,"baseVersion":1}"#)
            #expect(stale.status == .conflict && stale.errorCode == "version_conflict", "\(stale.body.string)")

            // The steps, each resent once, each with its time.
            var times: [String: Date] = [:]
            for (type, extra) in [("acknowledged", ""), ("en_route", ""), ("on_scene", ""), ("cleared", #","disposition":"当场调解，双方和解""#)] {
                clock.advance(30)
                let step = #"{"id":"\#(UUID())","type":"\#(type)","unitId":"\#(first)"\#(extra)}"#
                let res = try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(id), token: dispatcher, json: step)
                #expect(res.status == .created, "\(type): \(res.body.string)")
                let twice = try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(id), token: dispatcher, json: step)
                #expect(twice.status == .ok, "\(type) resent: \(twice.body.string)")
                times[type] = clock.now
            }
            let done = try await app.api(.GET, PatrolRoutes.incident.link(id), token: dispatcher).content.decode(IncidentDTO.self)
            #expect(done.status == "closed" && done.disposition == "当场调解，双方和解" && done.tasks[0].state == "cleared")
            #expect(done.firstDispatchedAt == Self.now.addingTimeInterval(40) && done.firstOnSceneAt == times["on_scene"])
            #expect(try await PatrolUnitModel.find(first, on: app.db)?.status == "available", "a cleared unit is available again")

            let timeline = try await app.api(.GET, PatrolRoutes.incidentEvents.link(id), token: dispatcher).content.decode(Timeline.self)
            #expect(timeline.items.map(\.type) == ["reported", "dispatched", "acknowledged", "en_route", "on_scene", "cleared"])
            #expect(timeline.items.map(\.seq) == Array(1...6))
            for (type, at) in times { #expect(timeline.items.first { $0.type == type }?.at == at, "\(type) at its time") }

            // Closed: no more steps.
            let late = try await app.api(.POST, PatrolRoutes.dispatch.link(id), token: dispatcher,
                                         json: #"{"assignments":[{"id":"\#(UUID())","unitId":"\#(rec.units[1].unitId)"}]}"#)
            #expect(late.status == .conflict && late.errorCode == "incident_closed", "\(late.body.string)")

            // The commander of the grid's station sees it; another station's does not exist here; justice gets 404.
            let commander = try await app.token("commander")
            #expect(try await app.api(.GET, PatrolRoutes.incident.link(id), token: commander).status == .ok)
            _ = station
            for account in ["bureau", "judicial", "mediator", "lawyer", "governance"] {
                let token = try await app.token(account)
                #expect(try await app.api(.GET, PatrolRoutes.incident.link(id), token: token).status == .notFound, "\(account)")
                #expect(try await app.api(.GET, PatrolRoutes.incidents.link(), token: token).status == .notFound, "\(account)")
            }
        }
    }

    @Test("A busy unit is reassigned only with a reason, its earlier task recorded as interrupted; an officer sees and moves only their unit's task",
          arguments: TestDatabase.available)
    func reassignAndOfficer(db: TestDatabase) async throws {
        let clock = TestClock(Self.now)
        try await withApp(db, clock: clock) { app in
            let g = try #require(app.roadNetwork.graph)
            let dispatcher = try await app.token("dispatcher"), patrol = try await app.token("patrol")
            let station = try await app.unit(code: "130427000000-GAJ-PCS01")
            let mine = try #require(try await PatrolUnitModel.query(on: app.db).filter(\.$stationOrgUnitID == station.requireID()).sort(\.$callSign).first())
            let on = try await app.api(.POST, PatrolRoutes.signOn.link(mine.id!), token: patrol, json: #"{"id":"\#(UUID())"}"#)
            #expect(on.status == .created)
            let unit = try #require(try await PatrolUnitModel.find(mine.id!, on: app.db))
            try await Self.place(app, unit, at: g.nodeCount / 2)

            let a = UUID(), b = UUID()
            for (id, v) in [(a, g.nodeCount / 3), (b, g.nodeCount / 4)] {
                let res = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: Self.intake(id, at: g.coordinate(ofVertex: v)))
                #expect(res.status == .created, "\(res.body.string)")
            }
            #expect(try await app.api(.GET, PatrolRoutes.incident.link(a), token: patrol).status == .notFound, "no task yet: not the officer's")
            let toA = try await app.api(.POST, PatrolRoutes.dispatch.link(a), token: dispatcher,
                                        json: #"{"assignments":[{"id":"\#(UUID())","unitId":"\#(unit.id!)"}]}"#)
            #expect(toA.status == .created, "\(toA.body.string)")
            let officerList = try await app.api(.GET, PatrolRoutes.incidents.link(), token: patrol).content.decode(Page.self)
            #expect(officerList.items.map(\.id) == [a], "the officer sees only their unit's task")

            // The officer acknowledges from the phone (unit implied), queued with its own time.
            clock.advance(60)
            let ackAt = Self.now.addingTimeInterval(20)
            let ack = try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(a), token: patrol,
                                        json: #"{"id":"\#(UUID())","type":"acknowledged","at":"\#(ackAt.formatted(.iso8601))"}"#)
            #expect(ack.status == .created, "\(ack.body.string)")
            let acked = try ack.content.decode(IncidentDTO.self)
            #expect(acked.tasks[0].acknowledgedAt == ackAt)
            let notMine = try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(a), token: patrol,
                                            json: #"{"id":"\#(UUID())","type":"closed","disposition":"x"}"#)
            #expect(notMine.status == .unprocessableEntity && notMine.errorCode == "not_for_officer")

            // Reassign to B: refused without a reason, then with one.
            let bare = try await app.api(.POST, PatrolRoutes.dispatch.link(b), token: dispatcher,
                                         json: #"{"assignments":[{"id":"\#(UUID())","unitId":"\#(unit.id!)"}]}"#)
            #expect(bare.status == .conflict && bare.errorCode == "unit_busy", "\(bare.body.string)")
            let withReason = try await app.api(.POST, PatrolRoutes.dispatch.link(b), token: dispatcher,
                                               json: #"{"assignments":[{"id":"\#(UUID())","unitId":"\#(unit.id!)","reason":"B 处持刀伤人，更紧急"}]}"#)
            #expect(withReason.status == .created, "\(withReason.body.string)")
            let first = try await app.api(.GET, PatrolRoutes.incident.link(a), token: dispatcher).content.decode(IncidentDTO.self)
            #expect(first.tasks[0].state == "interrupted" && first.tasks[0].interruptedReason == "B 处持刀伤人，更紧急" && first.status == "open")
            let timeline = try await app.api(.GET, PatrolRoutes.incidentEvents.link(a), token: dispatcher).content.decode(Timeline.self)
            #expect(timeline.items.map(\.type) == ["reported", "dispatched", "acknowledged", "interrupted"])
            #expect(try await PatrolUnitModel.find(unit.id!, on: app.db)?.status == "dispatched")
            // The interrupted task is over: the officer cannot move it.
            let onA = try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(a), token: patrol,
                                        json: #"{"id":"\#(UUID())","type":"on_scene","unitId":"\#(unit.id!)"}"#)
            #expect(onA.status == .conflict && onA.errorCode == "task_ended", "\(onA.body.string)")
        }
    }

    @Test("A station whose unit helps a neighbour's incident sees that incident, and a third station does not", arguments: TestDatabase.available)
    func helpedStationSees(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let admin = try await app.token("admin"), dispatcher = try await app.token("dispatcher"), own = try await app.token("commander")
            for n in ["05", "03"] {
                let station = try await app.unit(code: "130427000000-GAJ-PCS\(n)")
                let made = try await app.api(.POST, "/api/v1/users", token: admin, json: #"""
                    {"username":"commander\#(n)","password":"pingan-demo","displayName":"所长\#(n)","role":"station_commander","orgUnitId":"\#(station.id!)"}
                    """#)
                #expect(made.status == .created, "\(made.body.string)")
            }
            let helper = try await app.token("commander05"), third = try await app.token("commander03")
            // Reported by 城关派出所's commander away from every grid: the incident is the station's.
            let id = UUID()
            let res = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: own, json: Self.intake(id, at: GeoPoint(lat: 0.1, lon: 0.1)))
            #expect(res.status == .created, "\(res.body.string)")
            for token in [helper, third] {
                #expect(try await app.api(.GET, PatrolRoutes.incident.link(id), token: token).status == .notFound, "not theirs before any task")
            }
            let pcs05 = try await app.unit(code: "130427000000-GAJ-PCS05")
            let unit = try #require(try await PatrolUnitModel.query(on: app.db).filter(\.$stationOrgUnitID == pcs05.requireID()).sort(\.$callSign).first())
            unit.status = PatrolUnitStatus.available.rawValue
            try await unit.save(on: app.db)
            let sent = try await app.api(.POST, PatrolRoutes.dispatch.link(id), token: dispatcher,
                                         json: #"{"assignments":[{"id":"\#(UUID())","unitId":"\#(unit.id!)"}]}"#)
            #expect(sent.status == .created, "\(sent.body.string)")
            #expect(try await app.api(.GET, PatrolRoutes.incident.link(id), token: helper).status == .ok, "its unit helps: the helper sees it")
            let helperList = try await app.api(.GET, PatrolRoutes.incidents.link(), token: helper).content.decode(Page.self)
            #expect(helperList.items.map(\.id) == [id])
            #expect(try await app.api(.GET, PatrolRoutes.incident.link(id), token: third).status == .notFound, "no unit of theirs on it")
            #expect(try await app.api(.GET, PatrolRoutes.incidents.link(), token: third).content.decode(Page.self).items.isEmpty)
            #expect(try await app.api(.GET, PatrolRoutes.incident.link(id), token: own).status == .ok)
        }
    }

    @Test("Standing coverage from the units standing by, cached between polls; response times from the timelines", arguments: TestDatabase.available)
    func coverageAndResponseTimes(db: TestDatabase) async throws {
        let clock = TestClock(Self.now)
        try await withApp(db, clock: clock) { app in
            let g = try #require(app.roadNetwork.graph)
            let dispatcher = try await app.token("dispatcher")
            let units = try await PatrolUnitModel.query(on: app.db).sort(\.$callSign).all().filter { $0.unitKind?.moves == true }
            try await Self.place(app, units[0], at: 5)
            try await Self.place(app, units[1], at: g.nodeCount / 2)
            try await Self.place(app, units[2], at: g.nodeCount / 3, status: .onScene)
            struct Layer: Decodable { struct U: Decodable { var unitID: String; var meters: Double }; var share: Double; var units: [U]; var gridsBelow: [String] }
            let res = try await app.api(.GET, PatrolRoutes.coverage.link(query: "seconds=180&below=50"), token: dispatcher)
            #expect(res.status == .ok, "\(res.body.string.prefix(200))")
            let layer = try res.content.decode(Layer.self)
            #expect(Set(layer.units.map(\.unitID)) == Set([units[0].id!.uuidString, units[1].id!.uuidString]), "only units standing by cover roads")
            #expect(layer.share > 0 && layer.share < 1 && !layer.gridsBelow.isEmpty)
            // A unit that moves is seen at the next refresh, not at every poll.
            try await Self.place(app, units[3], at: g.nodeCount / 4)
            let cached = try await app.api(.GET, PatrolRoutes.coverage.link(query: "seconds=180&below=50"), token: dispatcher).content.decode(Layer.self)
            #expect(cached.units.count == 2)
            clock.advance(CoverageCache.refreshSeconds + 1)
            let fresh = try await app.api(.GET, PatrolRoutes.coverage.link(query: "seconds=180&below=50"), token: dispatcher).content.decode(Layer.self)
            #expect(fresh.units.count == 3)
            #expect(try await app.api(.GET, PatrolRoutes.coverage.link(query: "seconds=5"), token: dispatcher).status == .badRequest)
            #expect(try await app.api(.GET, PatrolRoutes.coverage.link(), token: try await app.token("patrol")).status == .notFound)

            // Two incidents: one reached in 40 + 300 s, one never dispatched.
            let a = UUID()
            _ = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: Self.intake(a, at: g.coordinate(ofVertex: 9)))
            _ = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: Self.intake(UUID(), at: g.coordinate(ofVertex: 9)))
            clock.advance(40)
            let unit = try #require(try await PatrolUnitModel.find(units[0].id!, on: app.db))
            let sent = try await app.api(.POST, PatrolRoutes.dispatch.link(a), token: dispatcher, json: #"{"assignments":[{"id":"\#(UUID())","unitId":"\#(unit.id!)"}]}"#)
            #expect(sent.status == .created)
            clock.advance(300)
            _ = try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(a), token: dispatcher, json: #"{"id":"\#(UUID())","type":"on_scene","unitId":"\#(unit.id!)"}"#)
            struct Figures: Decodable { var count: Int; var medianSeconds: Double?; var p90Seconds: Double? }
            struct Report: Decodable { struct G: Decodable { var figures: [String: Figures]; var incidents: Int }; var overall: G }
            let rt = try await app.api(.GET, PatrolRoutes.responseTimes.link(), token: dispatcher)
            #expect(rt.status == .ok, "\(rt.body.string.prefix(300))")
            let report = try rt.content.decode(Report.self)
            #expect(report.overall.incidents == 2)
            #expect(report.overall.figures["call_to_dispatch"]?.medianSeconds == 40 && report.overall.figures["call_to_scene"]?.p90Seconds == 340)
            #expect(report.overall.figures["dispatch_to_scene"]?.count == 1)
        }
    }

    @Test("Shift handover: the open incidents with a note, stored once; acknowledged by the dispatcher coming on, not the one going off",
          arguments: TestDatabase.available)
    func handover(db: TestDatabase) async throws {
        let clock = TestClock(Self.now)
        try await withApp(db, clock: clock) { app in
            let g = try #require(app.roadNetwork.graph)
            let dispatcher = try await app.token("dispatcher"), admin = try await app.token("admin")
            var open: [UUID] = []
            for v in [3, 30, 60] {
                let id = UUID()
                #expect(try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: Self.intake(id, at: g.coordinate(ofVertex: v))).status == .created)
                open.append(id)
            }
            // One of them closed by phone: not handed over.
            #expect(try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(open[2]), token: dispatcher,
                                      json: #"{"id":"\#(UUID())","type":"closed","disposition":"电话劝解"}"#).status == .created)
            struct H: Decodable { struct I: Decodable { var id: UUID }; var id: UUID; var incidents: [I]; var acknowledgedName: String? }
            let id = UUID()
            let body = #"{"id":"\#(id)","note":"东关路口斗殴一起待续报，注意回访报警人"}"#
            let made = try await app.api(.POST, PatrolRoutes.handOver.link(), token: dispatcher, json: body)
            #expect(made.status == .created, "\(made.body.string)")
            let h = try made.content.decode(H.self)
            #expect(Set(h.incidents.map(\.id)) == Set(open.prefix(2)), "the open incidents, not the closed one")
            #expect(try await app.api(.POST, PatrolRoutes.handOver.link(), token: dispatcher, json: body).status == .ok, "a resend is one handover")
            let blank = try await app.api(.POST, PatrolRoutes.handOver.link(), token: dispatcher, json: #"{"id":"\#(UUID())","note":"  "}"#)
            #expect(blank.status == .unprocessableEntity || blank.status == .badRequest, "a handover needs its note: \(blank.status)")
            #expect(try await DispatchHandoverModel.query(on: app.db).count() == 1)
            let own = try await app.api(.POST, PatrolRoutes.acknowledgeHandover.link(id), token: dispatcher)
            #expect(own.status == .conflict && own.errorCode == "own_handover")
            let pending = try await app.api(.GET, PatrolRoutes.handovers.link(query: "pending=true"), token: admin)
            #expect(pending.status == .ok && pending.body.string.contains(id.uuidString))
            let ack = try await app.api(.POST, PatrolRoutes.acknowledgeHandover.link(id), token: admin)
            let acked = try ack.content.decode(H.self)
            #expect(ack.status == .ok && acked.acknowledgedName != nil, "\(ack.body.string)")
            #expect(try await app.api(.POST, PatrolRoutes.acknowledgeHandover.link(id), token: admin).status == .ok, "a resent acknowledgement")
            let after = try await app.api(.GET, PatrolRoutes.handovers.link(query: "pending=true"), token: admin)
            #expect(!after.body.string.contains(id.uuidString))
            // The station commander's scope is the station: the command centre's handover is not theirs; justice gets 404.
            #expect(try await app.api(.POST, PatrolRoutes.acknowledgeHandover.link(id), token: try await app.token("commander")).status == .notFound)
            #expect(try await app.api(.GET, PatrolRoutes.handovers.link(), token: try await app.token("bureau")).status == .notFound)
        }
    }

    @Test("Three calls about one fight are one incident: linked as calls, or merged afterwards", arguments: TestDatabase.available)
    func callsAndMerge(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let g = try #require(app.roadNetwork.graph)
            let dispatcher = try await app.token("dispatcher")
            let a = UUID(), b = UUID()
            let p = g.coordinate(ofVertex: 10)
            #expect(try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: Self.intake(a, at: p)).status == .created)
            let call = #"{"id":"\#(UUID())","type":"call_linked","callerName":"李四","callerPhone":"13900001111"}"#
            #expect(try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(a), token: dispatcher, json: call).status == .created)
            #expect(try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher,
                                      json: Self.intake(b, at: p, caller: "王五", phone: "13700002222")).status == .created)
            let merge = #"{"id":"\#(UUID())","type":"merged","intoIncidentId":"\#(a)"}"#
            let merged = try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(b), token: dispatcher, json: merge)
            #expect(merged.status == .created, "\(merged.body.string)")
            #expect(try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(b), token: dispatcher, json: merge).status == .ok)
            let target = try await app.api(.GET, PatrolRoutes.incident.link(a), token: dispatcher).content.decode(IncidentDTO.self)
            #expect(target.calls.map(\.callerName) == ["张三", "李四", "王五"])
            let open = try await app.api(.GET, PatrolRoutes.incidents.link(query: "open=true"), token: dispatcher).content.decode(Page.self)
            #expect(open.items.map(\.id) == [a], "the merged report is not counted again")
            let bad = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher,
                                        json: #"{"id":"\#(UUID())","type":"criminal","priority":9,"place":{"lat":1,"lon":2}}"#)
            #expect(bad.status == .badRequest || bad.status == .unprocessableEntity, "\(bad.status)")
            let farPlace = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher,
                                             json: #"{"id":"\#(UUID())","type":"criminal","priority":1,"place":{"lat":91,"lon":2}}"#)
            #expect(farPlace.status == .unprocessableEntity && farPlace.errorCode == "invalid_place", "\(farPlace.status) \(farPlace.body.string)")
            #expect(try await IncidentModel.query(on: app.db).count() == 2)
        }
    }

    /// Found by Schemathesis: an intake whose id an event of another incident already had made the
    /// store retry its insert with a model Fluent took for stored, and the server trapped.
    @Test("An intake reusing another incident's event id is 409 and the server goes on; a negative baseVersion is 422 even for a no-op step",
          arguments: TestDatabase.available)
    func reusedIdsAndNegativeVersions(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let g = try #require(app.roadNetwork.graph)
            let dispatcher = try await app.token("dispatcher")
            let a = UUID(), event = UUID()
            let p = g.coordinate(ofVertex: 10)
            #expect(try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: Self.intake(a, at: p)).status == .created)
            let call = #"{"id":"\#(event)","type":"call_linked","callerName":"李四","callerPhone":"13900001111"}"#
            #expect(try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(a), token: dispatcher, json: call).status == .created)
            for _ in 0..<2 {
                let reused = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: Self.intake(event, at: p))
                #expect(reused.status == .conflict && reused.errorCode == "duplicate_id", "\(reused.status) \(reused.body.string)")
            }
            #expect(try await IncidentModel.query(on: app.db).count() == 1)
            #expect(try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: Self.intake(UUID(), at: p)).status == .created)
            // Reclassifying to the type it has changes nothing (200), but a negative version is refused first.
            let same = #"{"id":"\#(UUID())","type":"reclassified","incidentType":"criminal","baseVersion":-1}"#
            let refused = try await app.api(.POST, PatrolRoutes.appendIncidentEvent.link(a), token: dispatcher, json: same)
            #expect(refused.status == .unprocessableEntity && refused.errorCode == "invalid_version", "\(refused.status) \(refused.body.string)")
        }
    }

    /// The mixed load found concurrent intakes drawing the same number and refused after retries.
    @Test("Intakes at once are all registered and numbered in turn from the day's counter; a day with stored incidents goes on after them",
          arguments: TestDatabase.available)
    func concurrentIntakesNumberInTurn(db: TestDatabase) async throws {
        // A file, as the server runs: in-memory SQLite's shared cache refuses concurrent writers outright.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-numbering-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pingan.sqlite").path
        try await withApp(db, clock: TestClock(Self.now), adjust: { if db == .sqlite { $0.database = .sqlite(path: file) } }) { app in
            let g = try #require(app.roadNetwork.graph)
            let dispatcher = try await app.token("dispatcher")
            let p = g.coordinate(ofVertex: 10)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: Self.intake(UUID(), at: p)).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 201, count: 8), "\(statuses)")
            let day = "JQ" + DayKey.string(Self.now) + "-"
            #expect(try await IncidentModel.query(on: app.db).all().map(\.number).sorted() == (1...8).map { day + String(format: "%04d", $0) })

            // The day before has three incidents stored without the counter (as a restore or the
            // demo's loader stores them): its first drawn number is the fourth.
            let before = Self.now.addingTimeInterval(-86_400), dayBefore = "JQ" + DayKey.string(before) + "-"
            for k in 1...3 {
                let copy = try #require(try await IncidentModel.query(on: app.db).first())
                let row = IncidentModel()
                row.id = UUID(); row.number = dayBefore + String(format: "%04d", k); row.type = copy.type; row.priority = copy.priority
                row.status = copy.status; row.lat = copy.lat; row.lon = copy.lon; row.gridOrgUnitID = copy.gridOrgUnitID; row.scopePath = copy.scopePath
                row.reportedAt = before; row.callCount = copy.callCount; row.version = copy.version; row.state = copy.state; row.updatedAt = before
                try await row.create(on: app.db)
            }
            #expect(try await IncidentNumbers(db: app.db).next(for: before) == dayBefore + "0004")
            #expect(try await IncidentNumbers(db: app.db).next(for: before) == dayBefore + "0005")
        }
    }

    @Test("A caller's or a party's phone is digits, +, spaces and dashes: anything else is 422 invalid_phone and nothing is stored",
          arguments: TestDatabase.available)
    func phones(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let g = try #require(app.roadNetwork.graph)
            let dispatcher = try await app.token("dispatcher")
            let p = g.coordinate(ofVertex: 10)
            for bad in ["abc123", "１３８１２３４５６７８", "138;1234"] {
                let res = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: Self.intake(UUID(), at: p, phone: bad))
                #expect(res.status == .unprocessableEntity && res.errorCode == "invalid_phone", "\(bad): \(res.status) \(res.body.string)")
            }
            func party(_ phone: String) -> String {
                #"{"id":"\#(UUID())","type":"dispute","priority":2,"place":{"lat":\#(p.lat),"lon":\#(p.lon),"label":"三里屯村"},"description":"邻里争吵","callerName":"赵六","callerPhone":"13700001111","parties":[{"name":"王五","phone":"\#(phone)"}],"threatOfViolence":false}"#
            }
            let refused = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: party("王五的手机"))
            #expect(refused.status == .unprocessableEntity && refused.errorCode == "invalid_phone" && refused.body.string.contains("parties[0].phone"),
                    "\(refused.status) \(refused.body.string)")
            #expect(try await IncidentModel.query(on: app.db).count() == 0)
            let good = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: Self.intake(UUID(), at: p, phone: "+86 138-1234-5678"))
            #expect(good.status == .created, "\(good.body.string)")
            #expect(try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: party("0310-1234567")).status == .created)
        }
    }
}

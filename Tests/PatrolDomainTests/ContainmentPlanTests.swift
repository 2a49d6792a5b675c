import Foundation
@testable import PatrolDomain
import PinganDomain
import Routing
import Testing

/// #10 acceptance 2: ring 1 matches a reference search, the gate and exit assignments reach the
/// optimal latest arrival (brute force on a small case), and a checkpoint nobody reaches in time,
/// or at all, is red with the best arrival anyone could make.
@Suite("Containment order (3/5/10 minutes)")
struct ContainmentPlanTests {
    let net = CiCountyData.network
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    var reference: DispatchRecommendationTests { DispatchRecommendationTests() }

    func unit(_ id: String, at v: Int, kind: PatrolUnitKind = .patrolCar, status: PatrolUnitStatus = .available, graph: RoadGraph? = nil) -> DispatchCandidate {
        let p = (graph ?? net.graph).coordinate(ofVertex: v)
        return DispatchCandidate(id: id, kind: kind, status: status, capabilities: [.armed],
                                 position: LivePosition(fix: Fix(lat: p.lat, lon: p.lon, at: now.addingTimeInterval(-5))))
    }

    @Test("On the demo network: ring 1 is exactly the reference's 3-minute set, no unit has two tasks, and every task is within its target")
    func demoNetwork() throws {
        let g = net.graph, router = Router(graph: g)
        let scene = net.countySeatVertex
        let toScene = reference.reference(to: scene)
        var rng = SeededRandom(seed: 55)
        // Units around the county seat (within 15 minutes) and beyond.
        var units: [DispatchCandidate] = []
        var vertexOf: [String: Int] = [:]
        while units.count < 60 {
            let v = Int(rng.next() % UInt64(g.nodeCount))
            guard toScene[v] != .max, !net.outsideVertices.contains(v) else { continue }
            let id = "u\(units.count)"
            units.append(unit(id, at: v)); vertexOf[id] = v
        }
        units.append(unit("busy", at: scene, status: .onScene))
        let plan = try ContainmentPlan.build(scene: try g.snap(g.coordinate(ofVertex: scene), maxMeters: 1), candidates: units,
                                             sites: net.checkpoints, router: router, now: now)
        let expected = Set(vertexOf.filter { toScene[$0.value] <= 180_000 }.keys)
        #expect(!expected.isEmpty && expected.count < units.count - 1, "\(expected.count) of \(units.count) units within 3 minutes")
        #expect(Set(plan.scene.map(\.unitID)) == expected)
        for s in plan.scene { #expect(abs(s.seconds * 1000 - Double(toScene[vertexOf[s.unitID]!])) <= 1) }
        let all = plan.scene.map(\.unitID) + (plan.gates + plan.exits).compactMap(\.unitID)
        #expect(Set(all).count == all.count, "a unit has two tasks")
        #expect(!all.contains("busy"))
        #expect(plan.gates.count == net.checkpoints.filter { $0.kind == .cityGate }.count)
        #expect(plan.exits.count == net.checkpoints.filter { $0.kind == .countyExit }.count)
        #expect(plan.gates.contains { !$0.isRed } && plan.exits.contains { !$0.isRed })
        for t in plan.gates where !t.isRed { #expect(t.seconds! <= 300) }
        for t in plan.exits where !t.isRed { #expect(t.seconds! <= 600) }
        // Planned times are true drive times.
        for t in plan.gates + plan.exits where !t.isRed {
            let d = reference.reference(to: t.site.vertex)[vertexOf[t.unitID!]!]
            #expect(abs(t.seconds! * 1000 - Double(d)) <= 1, "\(t.site.name)")
        }
        for t in plan.exits where t.isRed {
            // Red only if no free unit could make it: the best anyone could do is past the target, or taken elsewhere.
            #expect(t.bestSeconds != nil)
        }
    }

    @Test("Gates: the latest arrival is the brute-force optimum over every assignment")
    func bruteForce() throws {
        let g = net.graph, router = Router(graph: g)
        let gates = Array(net.checkpoints.filter { $0.kind == .cityGate }.prefix(3))
        #expect(gates.count == 3)
        let toGate = gates.map { reference.reference(to: $0.vertex) }
        var rng = SeededRandom(seed: 77)
        let toSeat = reference.reference(to: net.countySeatVertex)
        let far = net.villageVertices.max { toSeat[$0] < toSeat[$1] }!
        for round in 0..<6 {
            // Five units within reach of the gates; the scene far away so ring 1 takes none.
            var units: [DispatchCandidate] = [], vertices: [Int] = []
            while units.count < 5 {
                let v = Int(rng.next() % UInt64(g.nodeCount))
                guard toGate.allSatisfy({ $0[v] != .max && $0[v] < 600_000 }) else { continue }
                units.append(unit("g\(units.count)", at: v)); vertices.append(v)
            }
            var targets = ContainmentPlan.Targets()
            targets.sceneSeconds = 1
            targets.gateSeconds = 600
            let plan = try ContainmentPlan.build(scene: try g.snap(g.coordinate(ofVertex: far), maxMeters: 1), candidates: units,
                                                 sites: gates, router: router, now: now, targets: targets)
            #expect(plan.scene.isEmpty)
            // Every way of giving 3 of the 5 units one gate each.
            var bestLatest = UInt64.max
            for a in 0..<5 { for b in 0..<5 where b != a { for c in 0..<5 where c != a && c != b {
                let latest = max(toGate[0][vertices[a]], toGate[1][vertices[b]], toGate[2][vertices[c]])
                if latest <= 600_000 { bestLatest = min(bestLatest, latest) }
            } } }
            #expect(bestLatest != .max)
            let planned = plan.gates.compactMap(\.seconds)
            #expect(planned.count == 3, "round \(round)")
            #expect(abs((planned.max() ?? 0) * 1000 - Double(bestLatest)) <= 1, "round \(round): \(planned) vs \(bestLatest) ms")
        }
    }

    @Test("Red checkpoints: one reachable only after its target shows its best arrival; one nobody can reach shows none; a post seals its own at once")
    func redAndPosts() throws {
        // A line 0 ↔ 1 ↔ 2 ↔ 3 (60 s a hop), a gate at 3, and one at 4, which has a road out but none in.
        let coords = (0..<5).map { GeoPoint(lat: 36.30 + Double($0) * 0.01, lon: 114.30) }
        let line = (0..<3).flatMap { i in
            [RawEdge(source: i, target: i + 1, milliseconds: 60_000, meters: 1_000), RawEdge(source: i + 1, target: i, milliseconds: 60_000, meters: 1_000)]
        }
        let g = try RoadGraph.build(coordinates: coords, edges: line + [RawEdge(source: 4, target: 3, milliseconds: 60_000, meters: 1_000)])
        let router = Router(graph: g)
        let late = CheckpointSite(kind: .cityGate, name: "城区卡口 1", position: coords[3], vertex: 3)
        let island = CheckpointSite(kind: .cityGate, name: "城区卡口 2", position: coords[4], vertex: 4)
        let posted = CheckpointSite(kind: .countyExit, name: "县界出口 1", position: coords[2], vertex: 2)
        let units = [unit("car", at: 0, graph: g), unit("post", at: 2, kind: .checkpointPost, graph: g)]
        var targets = ContainmentPlan.Targets()
        targets.sceneSeconds = 1
        targets.gateSeconds = 120          // the car needs 180 s to gate 1
        let plan = try ContainmentPlan.build(scene: try g.snap(coords[1], maxMeters: 5), candidates: units,
                                             sites: [late, island, posted], router: router, now: now, targets: targets, maxSnapMeters: 50)
        let byName = Dictionary(uniqueKeysWithValues: (plan.gates + plan.exits).map { ($0.site.name, $0) })
        let gate1 = try #require(byName["城区卡口 1"]), gate2 = try #require(byName["城区卡口 2"]), exit1 = try #require(byName["县界出口 1"])
        #expect(gate1.isRed && gate1.bestSeconds == 180)
        #expect(gate2.isRed && gate2.bestSeconds == nil)
        #expect(exit1.staffedByPost && exit1.unitID == "post" && exit1.seconds == 0)
    }
}

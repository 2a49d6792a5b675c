import Foundation
@testable import PatrolDomain
import PinganDomain
import Routing
import Testing

/// #10: the units recommended for an incident are those a plain Dijkstra ranks first, and no unit
/// that is busy, out of service, stale, stationary or lacks what the incident needs is among them,
/// however near it stands.
@Suite("Dispatch recommendation on the demo network")
struct DispatchRecommendationTests {
    let net = CiCountyData.network
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// Drive time in ms from every vertex to `target`: Dijkstra over the reversed edges, by hand.
    func reference(to target: Int) -> [UInt64] {
        let g = net.graph
        var incoming = [[(from: Int, ms: UInt64)]](repeating: [], count: g.nodeCount)
        for v in 0..<g.nodeCount { for e in g.outEdges(v) { incoming[g.edgeTarget(e)].append((v, UInt64(g.edgeMilliseconds(e)))) } }
        var dist = [UInt64](repeating: .max, count: g.nodeCount)
        var heap: [(d: UInt64, v: Int)] = [(0, target)]
        dist[target] = 0
        while let (d, v) = popMin(&heap) {
            guard d == dist[v] else { continue }
            for (u, w) in incoming[v] where d + w < dist[u] {
                dist[u] = d + w
                push(&heap, (d + w, u))
            }
        }
        return dist
    }

    func push(_ h: inout [(d: UInt64, v: Int)], _ x: (d: UInt64, v: Int)) {
        h.append(x)
        var i = h.count - 1
        while i > 0, h[(i - 1) / 2].d > h[i].d { h.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
    }

    func popMin(_ h: inout [(d: UInt64, v: Int)]) -> (UInt64, Int)? {
        guard let top = h.first else { return nil }
        h[0] = h[h.count - 1]
        h.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < h.count, h[l].d < h[m].d { m = l }
            if r < h.count, h[r].d < h[m].d { m = r }
            if m == i { break }
            h.swapAt(i, m); i = m
        }
        return (top.d, top.v)
    }

    func fix(at v: Int, age: TimeInterval = 5) -> LivePosition {
        let p = net.graph.coordinate(ofVertex: v)
        return LivePosition(fix: Fix(lat: p.lat, lon: p.lon, at: now.addingTimeInterval(-age)))
    }

    @Test("The recommended units are the reference's nearest; nearer busy, stale, stationary or unfit units are left out with their reason")
    func matchesReference() throws {
        let g = net.graph
        let router = Router(graph: g)
        var rng = SeededRandom(seed: 10)
        for round in 0..<5 {
            let target = net.villageVertices[(round * 37) % net.villageVertices.count]
            let incident = try g.snap(g.coordinate(ofVertex: target), maxMeters: 1)
            let dist = reference(to: target)
            // Twenty fit units at random reachable vertices.
            var fit: [DispatchCandidate] = []
            while fit.count < 20 {
                let v = Int(rng.next() % UInt64(g.nodeCount))
                guard dist[v] != .max, !net.outsideVertices.contains(v) else { continue }
                fit.append(DispatchCandidate(id: "fit\(fit.count)@\(v)", kind: .patrolCar, status: rng.next() % 2 == 0 ? .available : .returning,
                                             capabilities: [.armed, .traffic], position: fix(at: v)))
            }
            // Unfit units standing right at the scene.
            let scene = target
            let unfit: [(DispatchCandidate, DispatchExclusion)] = [
                (.init(id: "busy", kind: .patrolCar, status: .onScene, capabilities: [.armed], position: fix(at: scene)), .notDispatchable),
                (.init(id: "dispatched", kind: .patrolCar, status: .dispatched, capabilities: [.armed], position: fix(at: scene)), .notDispatchable),
                (.init(id: "out", kind: .patrolCar, status: .outOfService, capabilities: [.armed], position: fix(at: scene)), .notDispatchable),
                (.init(id: "stale", kind: .patrolCar, status: .available, capabilities: [.armed], position: fix(at: scene, age: 600)), .stale),
                (.init(id: "unarmed", kind: .patrolCar, status: .available, capabilities: [.traffic], position: fix(at: scene)), .missingCapability),
                (.init(id: "post", kind: .checkpointPost, status: .available, capabilities: [.armed], position: fix(at: scene)), .stationary),
                (.init(id: "nowhere", kind: .patrolCar, status: .available, capabilities: [.armed], position: nil), .noPosition),
            ]
            let all = (fit + unfit.map(\.0)).shuffled(using: &rng)
            let result = try DispatchRecommendation.rank(all, for: IncidentType.criminal.needs, at: incident, router: router, now: now, limit: 5)
            let expected = fit.map { (id: $0.id, ms: dist[Int($0.id.split(separator: "@")[1])!]) }.sorted { $0.ms < $1.ms }
            #expect(result.units.count == 5)
            for (got, want) in zip(result.units, expected) {
                #expect(abs(got.seconds * 1000 - Double(want.ms)) <= 1, "round \(round): \(got.id) \(got.seconds) s vs \(want.id) \(want.ms) ms")
            }
            // Ties aside, the same units: every recommended unit's reference time is within the top five's.
            let fifth = expected[4].ms
            for got in result.units {
                let v = Int(got.id.split(separator: "@")[1])!
                #expect(dist[v] <= fifth, "round \(round): \(got.id) is not among the reference's nearest")
                #expect(got.route.count >= 1)
            }
            for (c, reason) in unfit { #expect(result.excluded[c.id] == reason, "\(c.id)") }
            #expect(Set(result.excluded.keys) == Set(unfit.map(\.0.id)))
        }
    }

    @Test("What each incident type needs: a crime armed officers, a crash traffic handling, a crowd crowd control; posts never go")
    func needs() {
        #expect(IncidentType.criminal.needs.admits(kind: .patrolCar, capabilities: [.armed]))
        #expect(!IncidentType.criminal.needs.admits(kind: .patrolCar, capabilities: [.traffic]))
        #expect(IncidentType.traffic.needs.admits(kind: .motorcycle, capabilities: [.traffic]))
        #expect(!IncidentType.traffic.needs.admits(kind: .footPatrol, capabilities: [.traffic]))
        #expect(IncidentType.massIncident.needs.admits(kind: .responseTeam, capabilities: [.armed, .crowdControl]))
        for type in IncidentType.allCases {
            #expect(!type.needs.admits(kind: .checkpointPost, capabilities: Set(PatrolCapability.allCases)))
            #expect(!type.label.isEmpty)
        }
        // The demo force can answer every type: some demo unit meets each type's needs.
        let grids = (1...7).map { DemoForce.Grid(code: "Z-WG\($0)", urban: true, commandingUnitCode: "ZHZX") }
            + (1...13).map { DemoForce.Grid(code: String(format: "P%02d-WG", $0), urban: false, commandingUnitCode: String(format: "P%02d", $0)) }
        let force = DemoForce.plan(grids: grids)
        for type in IncidentType.allCases {
            #expect(force.contains { type.needs.admits(kind: $0.kind, capabilities: Set($0.capabilities)) }, "\(type)")
        }
    }
}

/// A seeded generator for reproducible fixtures.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
}

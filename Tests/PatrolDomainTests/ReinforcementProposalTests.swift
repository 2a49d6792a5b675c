import Foundation
@testable import PatrolDomain
import PinganDomain
import Routing
import Testing

/// P6: the units proposed for a spiking grid come nearest first, and every donor grid keeps at least
/// 70 % of its 3-minute road coverage, as a plain Dijkstra per unit (``CoverageReference``) finds it
/// with and without the moved units; units passed over would have taken a donor below that.
@Suite("Reinforcement proposal (P6)")
struct ReinforcementProposalTests {
    /// Covered road metres per grid with `units` in place, worked out independently of the coverage
    /// layer: the reference's covered metres per road piece, each piece in the first grid holding its midpoint.
    func referenceCoverage(_ g: RoadGraph, grids: [(id: String, geometry: UnitGeometry)], units: [ReinforcementProposal.Unit]) -> [String: Double] {
        let ref = CoverageReference(graph: g, limitMs: 180_000)
        let result = ref.run(units.map { .position($0.position) })
        var out = Dictionary(uniqueKeysWithValues: grids.map { ($0.id, 0.0) })
        for (e, m) in result.pieceMeters {
            let mid = ref.midpoint(e)
            guard let k = grids.firstIndex(where: { $0.geometry.contains(mid) }) else { continue }
            out[grids[k].id]! += m
        }
        return out
    }

    func box(_ lon0: Double, _ lon1: Double) -> UnitGeometry {
        .polygon(GeoPolygon(outer: [GeoPoint(lat: 35.9, lon: lon0), GeoPoint(lat: 35.9, lon: lon1), GeoPoint(lat: 36.1, lon: lon1),
                                    GeoPoint(lat: 36.1, lon: lon0), GeoPoint(lat: 35.9, lon: lon0)]))
    }

    /// A road of 30 junctions west to east, a minute apart both ways; grids are bands of it:
    /// S (spiking) v0–v4, M (town) v5–v14, R (rural) v15–v24, R2 (rural, no unit reaches it) v25–v29.
    /// A 3-minute reach is 3 junctions each way.
    @Test("A line of roads by hand: the nearest unit that leaves its town ≥ 70 % goes, a zero-coverage rural donor may give, others are passed")
    func lineByHand() throws {
        let coords = (0..<30).map { GeoPoint(lat: 36.0, lon: 114.0 + 0.01 * Double($0)) }
        var edges: [RawEdge] = []
        for i in 0..<29 {
            let m = coords[i].distance(to: coords[i + 1])
            edges.append(RawEdge(source: i, target: i + 1, milliseconds: 60_000, meters: m))
            edges.append(RawEdge(source: i + 1, target: i, milliseconds: 60_000, meters: m))
        }
        let g = try RoadGraph.build(coordinates: coords, edges: edges)
        #expect(g.nodeCount == 30)
        func at(_ v: Int) throws -> RoadPosition {
            let e = g.outEdges(v).first { g.edgeTarget($0) == (v < 29 ? v + 1 : v - 1) }!
            return try g.position(onEdge: e, fraction: 0)
        }
        let grids: [(id: String, geometry: UnitGeometry)] = [
            ("S", box(113.99, 114.0475)), ("M", box(114.0475, 114.1475)), ("R", box(114.1475, 114.2475)), ("R2", box(114.2475, 114.31)),
        ]
        // s1 is the spiking grid's own; m1, m4, m2 patrol the town, nearest first; r1 belongs to R2 but
        // stands in R (on its way back), so R2 has no coverage at all; m3 is R's only unit.
        let units = [
            ReinforcementProposal.Unit(id: "s1", position: try at(1), homeGridID: "S"),
            ReinforcementProposal.Unit(id: "m1", position: try at(6), homeGridID: "M"),
            ReinforcementProposal.Unit(id: "m4", position: try at(8), homeGridID: "M"),
            ReinforcementProposal.Unit(id: "m2", position: try at(12), homeGridID: "M"),
            ReinforcementProposal.Unit(id: "r1", position: try at(18), homeGridID: "R2"),
            ReinforcementProposal.Unit(id: "m3", position: try at(20), homeGridID: "R"),
        ]
        let router = Router(graph: g), index = CoverageLayer.GridIndex(graph: g, grids: grids)
        let before = referenceCoverage(g, grids: grids, units: units)
        let piece = g.edgeMeters(g.outEdges(0).first!)   // the graph keeps lengths to float precision
        #expect(abs(before["M"]! - 10 * piece) < 0.01, "\(before)")
        #expect(abs(before["R"]! - 8 * piece) < 0.01, "\(before)")
        #expect(before["R2"]! == 0)

        let p = try ReinforcementProposal.propose(gridID: "S", target: try at(2), units: units, router: router, grids: index)
        // m1 (4 min away) goes: m4 and m2 still cover the whole town. m4 and m2 would each leave it 6/10.
        // r1 (16 min) goes: its donor R2 had nothing to lose, and the town keeps all of it.
        #expect(p.moves.map(\.unitID) == ["m1", "r1"])
        #expect(p.moves.map(\.seconds) == [240, 960])
        #expect(p.passed.map(\.unitID) == ["m4", "m2"])
        #expect(p.passed.allSatisfy { $0.gridID == "M" && abs($0.wouldKeepShare - 0.6) < 1e-9 })
        #expect(p.donors.map(\.gridID) == ["M", "R2"])
        #expect(p.donors.first { $0.gridID == "R2" }!.keptShare == nil)

        // Independently: without the moved units, each donor keeps ≥ 70 % of what it had.
        let moved = Set(p.moves.map(\.unitID))
        let after = referenceCoverage(g, grids: grids, units: units.filter { !moved.contains($0.id) })
        for d in p.donors {
            #expect(after[d.gridID]! >= 0.7 * before[d.gridID]! - 1e-6, "\(d.gridID)")
            #expect(abs(d.coveredMetersBefore - before[d.gridID]!) < 1e-6 && abs(d.coveredMetersAfter - after[d.gridID]!) < 1e-6)
        }
        #expect(after["M"]! == before["M"]! && after["R2"]! == 0)

        // Asking for more: m3 is R's only cover (with r1 gone too) and would leave it nothing.
        let more = try ReinforcementProposal.propose(gridID: "S", target: try at(2), units: units, router: router, grids: index, wanted: 5)
        #expect(more.moves.map(\.unitID) == ["m1", "r1"])
        #expect(more.passed.map(\.unitID) == ["m4", "m2", "m3"])
        #expect(more.passed.last!.gridID == "R" && more.passed.last!.wouldKeepShare == 0)
        // At a lower share the town can give two: m1 and m4 leave it 6/10 ≥ 0.5.
        let loose = try ReinforcementProposal.propose(gridID: "S", target: try at(2), units: units, router: router, grids: index, keepShare: 0.5)
        #expect(loose.moves.map(\.unitID) == ["m1", "m4"])
        #expect(try ReinforcementProposal.propose(gridID: "S", target: try at(2), units: units, router: router, grids: index, wanted: 0).moves.isEmpty)
    }

    @Test("The demo network: 40 units, 4 × 4 grids; every donor keeps its share by the reference; passed units would have broken it")
    func demoNetwork() throws {
        let net = CiCountyData.network, g = net.graph
        var rng = SeededRandom(seed: 606)
        var lo = GeoPoint(lat: 90, lon: 180), hi = GeoPoint(lat: -90, lon: -180)
        for v in 0..<g.nodeCount where !net.outsideVertices.contains(v) {
            let p = g.coordinate(ofVertex: v)
            lo = GeoPoint(lat: min(lo.lat, p.lat), lon: min(lo.lon, p.lon)); hi = GeoPoint(lat: max(hi.lat, p.lat), lon: max(hi.lon, p.lon))
        }
        var grids: [(id: String, geometry: UnitGeometry)] = []
        for i in 0..<4 { for j in 0..<4 {
            let a = GeoPoint(lat: lo.lat + (hi.lat - lo.lat) * Double(i) / 4, lon: lo.lon + (hi.lon - lo.lon) * Double(j) / 4)
            let b = GeoPoint(lat: lo.lat + (hi.lat - lo.lat) * Double(i + 1) / 4, lon: lo.lon + (hi.lon - lo.lon) * Double(j + 1) / 4)
            grids.append(("G\(i)\(j)", .polygon(GeoPolygon(outer: [a, GeoPoint(lat: a.lat, lon: b.lon), b, GeoPoint(lat: b.lat, lon: a.lon), a]))))
        } }
        let seatGrid = grids.first { $0.geometry.contains(g.coordinate(ofVertex: net.countySeatVertex)) }!.id
        // Units on roads, most of them in and around the county seat, each homed in the grid it stands in.
        var units: [ReinforcementProposal.Unit] = []
        let seat = g.coordinate(ofVertex: net.countySeatVertex)
        while units.count < 40 {
            let e = Int(rng.next() % UInt64(g.edgeCount))
            guard !net.outsideVertices.contains(g.edgeSource(e)) else { continue }
            let p = try g.position(onEdge: e, fraction: Double(rng.next() % 1000) / 1000)
            if units.count < 25 && p.point.distance(to: seat) > 15_000 { continue }
            guard let home = grids.first(where: { $0.geometry.contains(p.point) }) else { continue }
            units.append(.init(id: "car\(units.count)", position: p, homeGridID: home.id))
        }
        let router = Router(graph: g), index = CoverageLayer.GridIndex(graph: g, grids: grids)
        let before = referenceCoverage(g, grids: grids, units: units)
        let target = try g.position(onEdge: g.outEdges(net.countySeatVertex).first!, fraction: 0)
        // A neighbour of the seat's grid spikes; the seat's units are the nearest donors. At keep 1 a
        // donor may lose nothing: only units whose roads others also cover can go, the rest are passed.
        let spikeGrid = grids.map(\.id).first { id in id != seatGrid && units.contains { $0.homeGridID == id } }!
        var checkedPassed = 0
        for keep in [0.7, 1.0] {
            let p = try ReinforcementProposal.propose(gridID: spikeGrid, target: target, units: units, router: router, grids: index,
                                                      keepShare: keep, wanted: 3)
            print("Reinforcement on the demo network, keep \(keep): moves \(p.moves.map { "\($0.unitID) from \($0.fromGridID) \(Int($0.seconds)) s" }), passed \(p.passed.map { "\($0.unitID) (\($0.gridID) would keep \(String(format: "%.2f", $0.wouldKeepShare)))" })")
            #expect(!p.moves.isEmpty)
            #expect(p.moves.allSatisfy { m in units.first { $0.id == m.unitID }!.homeGridID != spikeGrid })
            #expect(zip(p.moves, p.moves.dropFirst()).allSatisfy { $0.seconds <= $1.seconds })
            let moved = Set(p.moves.map(\.unitID))
            let after = referenceCoverage(g, grids: grids, units: units.filter { !moved.contains($0.id) })
            #expect(Set(p.donors.map(\.gridID)) == Set(p.moves.map(\.fromGridID)))
            for d in p.donors {
                #expect(after[d.gridID]! >= keep * before[d.gridID]! - 1e-6 * max(1, before[d.gridID]!), "\(d.gridID): \(after[d.gridID]!) of \(before[d.gridID]!)")
                #expect(abs(d.coveredMetersBefore - before[d.gridID]!) < 1e-6 * max(1, before[d.gridID]!))
                #expect(abs(d.coveredMetersAfter - after[d.gridID]!) < 1e-6 * max(1, after[d.gridID]!))
            }
            // Each unit passed over, with the units taken before it, would have left its named donor below the share.
            for q in p.passed {
                let earlier = Set(p.moves.filter { $0.seconds <= q.seconds }.map(\.unitID) + [q.unitID])
                let without = referenceCoverage(g, grids: grids, units: units.filter { !earlier.contains($0.id) })
                #expect(without[q.gridID]! < keep * before[q.gridID]!, "\(q.unitID)")
                #expect(abs(without[q.gridID]! / before[q.gridID]! - q.wouldKeepShare) < 1e-6)
                checkedPassed += 1
            }
        }
        #expect(checkedPassed > 0)
    }
}

import Foundation
@testable import PatrolDomain
import PinganDomain
import Routing
import Testing

/// #10 point 4, standing coverage: what each unit covers first and the county's and each grid's
/// covered share equal a plain Dijkstra per unit (owner = argmin), a unit off the network covers
/// nothing, and grids are listed below the share exactly when they are.
@Suite("Standing coverage layer")
struct CoverageLayerTests {
    let net = CiCountyData.network

    /// A random county-sized graph: two-way roads (the two directions at different speeds) and some
    /// one-way ones, no parallel edges, and a vertex no road touches.
    func randomGraph(_ rng: inout SeededRandom, vertices n: Int, roads: Int) throws -> (RoadGraph, [GeoPoint]) {
        let coords = (0..<n).map { _ in
            GeoPoint(lat: 36.3 + Double(rng.next() % 10_000) / 100_000, lon: 114.3 + Double(rng.next() % 10_000) / 100_000)
        }
        var pairs = Set<[Int]>(), edges: [RawEdge] = []
        while pairs.count < roads {
            let a = Int(rng.next() % UInt64(n - 1)), b = Int(rng.next() % UInt64(n - 1))
            guard a != b, !pairs.contains([min(a, b), max(a, b)]) else { continue }
            pairs.insert([min(a, b), max(a, b)])
            let meters = coords[a].distance(to: coords[b]) + 1
            edges.append(RawEdge(source: a, target: b, milliseconds: UInt32(5_000 + rng.next() % 60_000), meters: meters))
            if rng.next() % 4 != 0 {
                edges.append(RawEdge(source: b, target: a, milliseconds: UInt32(5_000 + rng.next() % 60_000), meters: meters))
            }
        }
        return (try RoadGraph.build(coordinates: coords, edges: edges), coords)
    }

    /// A point part-way along edge `e`, snapped back: a unit standing on a road, not at a junction.
    func onRoad(_ g: RoadGraph, _ e: Int, _ f: Double) throws -> RoadPosition {
        try g.snap(g.geometry(ofEdge: e, from: f, to: f)[0], maxMeters: 5)
    }

    func expectMatches(_ layer: CoverageLayer, _ ref: CoverageReference.Result, _ note: String) {
        #expect(abs(layer.coveredMeters - ref.total) <= 1e-6 * max(1, ref.total), "\(note): \(layer.coveredMeters) vs \(ref.total)")
        for (u, m) in ref.unitMeters.enumerated() {
            #expect(abs(layer.units[u].meters - m) <= 1e-6 * max(1, m), "\(note) unit \(u): \(layer.units[u].meters) vs \(m)")
        }
        #expect(abs(layer.units.map(\.meters).reduce(0, +) - layer.coveredMeters) <= 1e-6 * max(1, layer.coveredMeters))
    }

    @Test("Random graphs: per-unit and total covered metres equal one Dijkstra per unit, units at junctions and standing on roads")
    func randomGraphs() throws {
        var rng = SeededRandom(seed: 2024)
        for round in 0..<12 {
            let (g, _) = try randomGraph(&rng, vertices: 60, roads: 110)
            let router = Router(graph: g), index = CoverageLayer.GridIndex(graph: g)
            let limit = Double(30 + rng.next() % 150)
            // Half the rounds at vertices, half on roads (some on one-way edges).
            var placements: [CoverageReference.Placement] = []
            let placed: PlacedUnits
            if round % 2 == 0 {
                let vs = (0..<6).map { _ in Int(rng.next() % 59) }
                placements = vs.map { .vertex($0) }
                placed = PlacedUnits(graph: g, vertices: vs)
            } else {
                var ps: [RoadPosition] = []
                while ps.count < 6 {
                    let e = Int(rng.next() % UInt64(g.edgeCount))
                    ps.append(try onRoad(g, e, 0.05 + Double(rng.next() % 900) / 1000))
                }
                placements = ps.map { .position($0) }
                placed = PlacedUnits(graph: g, ids: ps.indices.map { "u\($0)" }, positions: ps)
            }
            let layer = try CoverageLayer.build(router: router, units: placed, limitSeconds: limit, grids: index)
            let ref = CoverageReference(graph: g, limitMs: limit * 1000).run(placements)
            #expect(ref.total > 0)
            expectMatches(layer, ref, "round \(round)")
            #expect(layer.limitSeconds == limit)
            #expect(abs(layer.share - ref.total / index.totalMeters) < 1e-9)
            // Two-way roads counted once: the network's length is the sum over pieces, less than the directed total.
            #expect(index.totalMeters < g.totalMeters)
        }
    }

    @Test("The demo network: 40 units around the county, per unit and in total as the reference; the grid shares too")
    func demoNetwork() throws {
        let g = net.graph, router = Router(graph: g)
        var rng = SeededRandom(seed: 31)
        var ps: [RoadPosition] = []
        while ps.count < 40 {
            let e = Int(rng.next() % UInt64(g.edgeCount))
            guard !net.outsideVertices.contains(g.edgeSource(e)) else { continue }
            ps.append(try onRoad(g, e, Double(rng.next() % 1000) / 1000))
        }
        // Grids: a 4 × 4 cut of the network's bounding box, one of them a triangle.
        var lo = GeoPoint(lat: 90, lon: 180), hi = GeoPoint(lat: -90, lon: -180)
        for v in 0..<g.nodeCount {
            let p = g.coordinate(ofVertex: v)
            lo = GeoPoint(lat: min(lo.lat, p.lat), lon: min(lo.lon, p.lon)); hi = GeoPoint(lat: max(hi.lat, p.lat), lon: max(hi.lon, p.lon))
        }
        var grids: [(id: String, geometry: UnitGeometry)] = []
        for i in 0..<4 { for j in 0..<4 {
            let a = GeoPoint(lat: lo.lat + (hi.lat - lo.lat) * Double(i) / 4, lon: lo.lon + (hi.lon - lo.lon) * Double(j) / 4)
            let b = GeoPoint(lat: lo.lat + (hi.lat - lo.lat) * Double(i + 1) / 4, lon: lo.lon + (hi.lon - lo.lon) * Double(j + 1) / 4)
            let ring = i == 1 && j == 1 ? [a, GeoPoint(lat: a.lat, lon: b.lon), b, a]
                : [a, GeoPoint(lat: a.lat, lon: b.lon), b, GeoPoint(lat: b.lat, lon: a.lon), a]
            grids.append(("G\(i)\(j)", .polygon(GeoPolygon(outer: ring))))
        } }
        let index = CoverageLayer.GridIndex(graph: g, grids: grids)
        let placed = PlacedUnits(graph: g, ids: ps.indices.map { "car\($0)" }, positions: ps)
        let layer = try CoverageLayer.build(router: router, units: placed, limitSeconds: 180, grids: index, belowShare: 0.3)
        let refCalc = CoverageReference(graph: g, limitMs: 180_000)
        let ref = refCalc.run(ps.map { .position($0) })
        expectMatches(layer, ref, "demo")
        #expect(layer.share > 0.01 && layer.share < 0.9, "share \(layer.share)")

        // Grids by brute force: every piece's midpoint tested against every grid.
        var total = [Double](repeating: 0, count: grids.count), covered = total
        for e in 0..<g.edgeCount {
            if let t = g.twinEdge(e), t < e { continue }
            let mid = refCalc.midpoint(e)
            guard let k = grids.firstIndex(where: { $0.geometry.contains(mid) }) else { continue }
            total[k] += g.edgeMeters(e)
            covered[k] += ref.pieceMeters[e] ?? 0
        }
        #expect(layer.grids.map(\.gridID) == grids.map(\.id))
        for (k, row) in layer.grids.enumerated() {
            #expect(abs(row.totalMeters - total[k]) < 1e-6 * max(1, total[k]), "\(row.gridID)")
            #expect(abs(row.coveredMeters - covered[k]) < 1e-6 * max(1, covered[k]), "\(row.gridID)")
            if total[k] > 0 { #expect(abs(row.share! - covered[k] / total[k]) < 1e-9) } else { #expect(row.share == nil) }
        }
        let expectedBelow = grids.indices.filter { total[$0] > 0 && covered[$0] / total[$0] < 0.3 }
            .sorted { (covered[$0] / total[$0], $0) < (covered[$1] / total[$1], $1) }.map { grids[$0].id }
        #expect(layer.gridsBelow == expectedBelow)
        #expect(!expectedBelow.isEmpty && expectedBelow.count < grids.count)
        // Every unit that covers road draws it, and as long as it is: a two-way road is drawn once, not
        // once per direction (the demo's edge lengths are its polylines' lengths).
        for u in layer.units where u.meters > 0 {
            let drawn = u.lines.map { zip($0, $0.dropFirst()).map { $0.distance(to: $1) }.reduce(0, +) }.reduce(0, +)
            #expect(!u.lines.isEmpty && u.lines.allSatisfy { $0.count >= 2 })
            #expect(abs(drawn - u.meters) <= 0.002 * u.meters + 1, "\(u.unitID): drawn \(drawn) m of \(u.meters) m")
        }
    }

    @Test("A unit off every road, or at a junction no road leaves, covers nothing and changes nothing")
    func farUnit() throws {
        var rng = SeededRandom(seed: 5)
        let (g, coords) = try randomGraph(&rng, vertices: 40, roads: 70)
        let router = Router(graph: g), index = CoverageLayer.GridIndex(graph: g)
        let near = UnitLocation(id: "near", coordinate: coords[0])
        let far = UnitLocation(id: "far", coordinate: GeoPoint(lat: 40.0, lon: 120.0))
        let alone = PlacedUnits(graph: g, units: [near])
        let both = PlacedUnits(graph: g, units: [near, far])
        #expect(both.unplaced.map(\.index) == [1])
        let a = try CoverageLayer.build(router: router, units: alone, limitSeconds: 120, grids: index)
        let b = try CoverageLayer.build(router: router, units: both, limitSeconds: 120, grids: index)
        #expect(b.units[1].unitID == "far" && b.units[1].meters == 0 && b.units[1].lines.isEmpty)
        #expect(abs(a.coveredMeters - b.coveredMeters) < 1e-9 && a.coveredMeters > 0)
        // Vertex 39 has no road at all.
        let isolated = try CoverageLayer.build(router: router, units: PlacedUnits(graph: g, vertices: [39]), limitSeconds: 600, grids: index)
        #expect(isolated.coveredMeters == 0 && isolated.units[0].meters == 0 && isolated.units[0].lines.isEmpty)
    }

    /// 0 ↔ 1 ↔ 2 ↔ 3 ↔ 4 along a meridian, 1 km and 100 s a hop each way.
    func line() throws -> (RoadGraph, [GeoPoint]) {
        let coords = (0..<5).map { GeoPoint(lat: 36.30 + Double($0) * 0.009, lon: 114.30) }
        let edges = (0..<4).flatMap { i in
            [RawEdge(source: i, target: i + 1, milliseconds: 100_000, meters: 1_000), RawEdge(source: i + 1, target: i, milliseconds: 100_000, meters: 1_000)]
        }
        return (try RoadGraph.build(coordinates: coords, edges: edges), coords)
    }

    func box(_ s: Double, _ n: Double) -> UnitGeometry {
        .polygon(GeoPolygon(outer: [GeoPoint(lat: s, lon: 114.2), GeoPoint(lat: s, lon: 114.4), GeoPoint(lat: n, lon: 114.4),
                                    GeoPoint(lat: n, lon: 114.2), GeoPoint(lat: s, lon: 114.2)]))
    }

    @Test("gridsBelow: a grid at exactly the share is not below it, a hair above the share it is; a grid without roads never is")
    func threshold() throws {
        let (g, coords) = try line()
        // The near grid holds roads 0–1 and 1–2 (2 km), the far one 2–3 and 3–4; the empty one none.
        let grids: [(id: String, geometry: UnitGeometry)] = [("near", box(36.29, coords[2].lat)), ("far", box(coords[2].lat, 36.34)), ("empty", box(37, 38))]
        let index = CoverageLayer.GridIndex(graph: g, grids: grids)
        #expect(index.gridMeters == [2_000, 2_000, 0] && index.totalMeters == 4_000)
        let router = Router(graph: g), unit = PlacedUnits(graph: g, vertices: [0])
        // 150 s from vertex 0: road 0–1 and half of 1–2, 1.5 km of the near grid's 2 km.
        let at = try CoverageLayer.build(router: router, units: unit, limitSeconds: 150, grids: index, belowShare: 0.75)
        #expect(at.coveredMeters == 1_500 && at.share == 0.375)
        #expect(at.grids.map(\.share) == [0.75, 0, nil])
        #expect(at.gridsBelow == ["far"])
        let above = try CoverageLayer.build(router: router, units: unit, limitSeconds: 150, grids: index, belowShare: 0.750_001)
        #expect(above.gridsBelow == ["far", "near"])
        let none = try CoverageLayer.build(router: router, units: unit, limitSeconds: 150, grids: index, belowShare: 0)
        #expect(none.gridsBelow.isEmpty)
        // The cut line ends half-way along 1–2.
        let lines = at.units[0].lines
        #expect(lines.count == 1 && lines[0].count == 3)
        #expect(abs(lines[0].last!.lat - (coords[1].lat + coords[2].lat) / 2) < 1e-9)
    }

    @Test("Lines: two units split the line at the vertex both reach at once; each draws its half as one line, each road once")
    func voronoiLines() throws {
        let (g, coords) = try line()
        let layer = try CoverageLayer.build(router: Router(graph: g), units: PlacedUnits(graph: g, vertices: [0, 4], ids: ["a", "b"]),
                                            limitSeconds: 1_000, grids: CoverageLayer.GridIndex(graph: g))
        #expect(layer.coveredMeters == 4_000 && layer.share == 1)
        #expect(layer.units.map(\.meters) == [2_000, 2_000])
        let a = layer.units[0].lines, b = layer.units[1].lines
        #expect(a.count == 1 && b.count == 1)
        #expect(Set([a[0].first!, a[0].last!]) == Set([coords[0], coords[2]]) && a[0].count == 3)
        #expect(Set([b[0].first!, b[0].last!]) == Set([coords[4], coords[2]]) && b[0].count == 3)
        // A unit standing a quarter of the way along 1–2 with 100 s (1 km) either way: from a quarter
        // along 0–1 to a quarter along 2–3, drawn as one line through vertices 1 and 2.
        let p = try g.snap(GeoPoint(lat: coords[1].lat + 0.25 * 0.009, lon: 114.30), maxMeters: 5)
        let c = try CoverageLayer.build(router: Router(graph: g), units: PlacedUnits(graph: g, ids: ["c"], positions: [p]),
                                        limitSeconds: 100, grids: CoverageLayer.GridIndex(graph: g))
        #expect(abs(c.coveredMeters - 2_000) < 1e-6, "\(c.coveredMeters)")
        #expect(c.units[0].lines.count == 1 && c.units[0].lines[0].count == 4)
    }

    @Test("From live units: only those standing by, moving, with a fresh fix on a road count")
    func fromCandidates() throws {
        let (g, coords) = try line()
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        func unit(_ id: String, _ v: Int, kind: PatrolUnitKind = .patrolCar, status: PatrolUnitStatus = .available, age: TimeInterval = 5) -> DispatchCandidate {
            DispatchCandidate(id: id, kind: kind, status: status, capabilities: [],
                              position: LivePosition(fix: Fix(lat: coords[v].lat, lon: coords[v].lon, at: now.addingTimeInterval(-age))))
        }
        let candidates = [unit("car", 0), unit("returning", 1, status: .returning), unit("busy", 4, status: .onScene),
                          unit("stale", 4, age: 600), unit("post", 4, kind: .checkpointPost),
                          DispatchCandidate(id: "silent", kind: .patrolCar, status: .available, capabilities: [], position: nil)]
        let index = CoverageLayer.GridIndex(graph: g)
        let layer = try CoverageLayer.build(router: Router(graph: g), candidates: candidates, now: now, limitSeconds: 100, grids: index)
        #expect(layer.units.map(\.unitID) == ["car", "returning"])
        // car covers 0–1 up to where returning (at 1) is nearer; returning covers 1–2 and its half of 0–1.
        #expect(abs(layer.coveredMeters - 2_000) < 1e-6 && abs(layer.units[0].meters - 500) < 1e-6, "\(layer.units.map(\.meters))")
    }
}

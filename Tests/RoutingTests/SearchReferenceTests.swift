import Foundation
import Routing
import Testing

/// Every query against plain references (linear-scan Dijkstra, Floyd–Warshall) on seeded random graphs
/// with oneway edges, zero-time edges, parallel edges and unreachable parts.
@Suite struct SearchReferenceTests {
    static let seeds: [UInt64] = Array(1...25)

    @Test(arguments: seeds)
    func oneToManyAndManyToOneMatchFloydWarshall(seed: UInt64) throws {
        let fx = try Fixture(seed: seed, salt: 1)
        let (g, fw, router) = (fx.g, fx.fw, fx.router)
        let all = Array(0..<g.nodeCount)
        for s in 0..<g.nodeCount {
            let forward = try router.oneToMany(from: s, to: all).map(ms)
            #expect(forward == fw[s], "seed \(seed): one-to-many from \(s): got \(forward), want \(fw[s])")
            let backward = try router.manyToOne(from: all, to: s).map(ms)
            let want = all.map { fw[$0][s] }
            #expect(backward == want, "seed \(seed): many-to-one to \(s): got \(backward), want \(want)")
        }
    }

    @Test(arguments: seeds)
    func isochroneMatchesDijkstra(seed: UInt64) throws {
        let g = try randomGraph(seed: seed)
        let router = Router(graph: g)
        var rng = SplitMix64(seed: seed * 7)
        for _ in 0..<5 {
            let s = Int.random(in: 0..<g.nodeCount, using: &rng)
            let limits = [Double(Int.random(in: 1...60, using: &rng)), Double(Int.random(in: 60...200, using: &rng))]
            let ref = Reference.dijkstra(g, sources: [(s, 0)])
            let iso = try router.isochrone(fromVertex: s, limitsSeconds: limits)
            for limit in iso.limitsMilliseconds {
                let got = Dictionary(uniqueKeysWithValues: iso.vertices(withinMilliseconds: limit).map { ($0.vertex, UInt64($0.milliseconds)) })
                let want = Dictionary(uniqueKeysWithValues: (0..<g.nodeCount).filter { ref[$0] <= UInt64(limit) }.map { ($0, ref[$0]) })
                #expect(got == want, "seed \(seed): isochrone from \(s) within \(limit) ms: got \(got), want \(want)")
                #expect(router.reachCount(from: [s], limitMilliseconds: limit) == want.count)
                // reached edge parts
                var wantEdges: [Int: Double] = [:]
                for u in want.keys { for e in g.outEdges(u) {
                    let w = Double(g.edgeMilliseconds(e)), left = Double(UInt64(limit) - ref[u])
                    let to = w == 0 ? 1 : min(1, left / w)
                    if to > 0 || w == 0 { wantEdges[e] = to }
                } }
                var gotEdges: [Int: Double] = [:]
                for r in iso.reachedEdges(withinMilliseconds: limit) { gotEdges[r.edge] = r.to }
                #expect(gotEdges.keys.sorted() == wantEdges.keys.sorted(), "seed \(seed): reached edges from \(s) within \(limit)")
                for (e, to) in wantEdges { #expect(abs((gotEdges[e] ?? -1) - to) < 1e-9, "seed \(seed): edge \(e) fraction") }
                let rings = iso.polygons(withinMilliseconds: limit)
                #expect(!rings.isEmpty && rings.allSatisfy { $0.count >= 4 && $0.first == $0.last }, "seed \(seed): polygon rings")
            }
        }
    }

    @Test(arguments: seeds)
    func nearestUnitsMatchFloydWarshall(seed: UInt64) throws {
        var fx = try Fixture(seed: seed, salt: 13)
        let (g, fw, router) = (fx.g, fx.fw, fx.router)
        let unitVertices = fx.vertices(8)
        let units = PlacedUnits(graph: g, vertices: unitVertices)
        for incident in 0..<g.nodeCount {
            for k in [1, 3, 8] {
                let got = try router.nearestUnits(toVertex: incident, units: units, k: k)
                let all = unitVertices.map { fw[$0][incident] }.filter { $0 != Reference.inf }.sorted()
                let want = Array(all.prefix(k))
                #expect(got.map { ms($0.seconds) } == want, "seed \(seed): \(k) nearest to \(incident): got \(got.map(\.seconds)), want \(want)")
                for r in got {
                    #expect(fw[unitVertices[r.unitIndex]][incident] == ms(r.seconds), "seed \(seed): unit \(r.id) ETA")
                    #expect(r.route.count >= 1 && r.meters >= 0)
                }
            }
        }
    }

    @Test(arguments: seeds)
    func coverageMatchesMultiSourceReference(seed: UInt64) throws {
        var fx = try Fixture(seed: seed, salt: 17)
        let (g, fw, router) = (fx.g, fx.fw, fx.router)
        let unitVertices = fx.vertices(4)
        let units = PlacedUnits(graph: g, vertices: unitVertices)
        for limitSeconds in [5.0, 40, 120] {
            let limit = UInt64(limitSeconds * 1000)
            let dist = (0..<g.nodeCount).map { v in unitVertices.map { fw[$0][v] }.min()! }
            let c = try router.coverage(units: units, limitSeconds: limitSeconds)
            let reached = dist.filter { $0 <= limit }.count
            #expect(c.reachedVertices == reached, "seed \(seed): coverage \(limitSeconds) s vertices \(c.reachedVertices) want \(reached)")
            let meters = Reference.coveredMeters(g, dist, limit: limit)
            #expect(abs(c.coveredMeters - meters) < 1e-6 * max(1, meters), "seed \(seed): coverage metres \(c.coveredMeters) want \(meters)")
            #expect(c.unitVertices.reduce(0, +) == reached)
            for v in 0..<g.nodeCount where dist[v] <= limit {
                let owner = try #require(router.coverageOwner(ofVertex: v, limitSeconds: limitSeconds))
                #expect(fw[unitVertices[owner]][v] == dist[v], "seed \(seed): owner of \(v) is not a closest unit")
            }
        }
    }

    @Test(arguments: seeds)
    func positionQueriesMatchReference(seed: UInt64) throws {
        // Snapped points in the middle of edges: compare with Floyd–Warshall over the edge end points.
        var fx = try Fixture(seed: seed, salt: 19)
        let (g, fw, router) = (fx.g, fx.fw, fx.router)
        func randomPosition() throws -> RoadPosition {
            let e = Int.random(in: 0..<g.edgeCount, using: &fx.rng)
            let pts = g.geometry(ofEdge: e)
            let t = Double.random(in: 0.05...0.95, using: &fx.rng)
            let c = GeoPoint(lat: pts[0].lat + t * (pts[1].lat - pts[0].lat), lon: pts[0].lon + t * (pts[1].lon - pts[0].lon))
            return try g.snap(c, maxMeters: 50)
        }
        func part(_ e: Int, _ f: Double) -> UInt64 { UInt64((Double(g.edgeMilliseconds(e)) * f).rounded()) }
        // leave p: (vertex, cost) pairs; arrive at q: (vertex, cost) pairs
        func leave(_ p: RoadPosition) -> [(Int, UInt64)] {
            [(g.edgeTarget(p.edge), part(p.edge, 1 - p.fraction))] + (p.twin.map { [(g.edgeTarget($0), part($0, p.fraction))] } ?? [])
        }
        func arrive(_ q: RoadPosition) -> [(Int, UInt64)] {
            [(g.edgeSource(q.edge), part(q.edge, q.fraction))] + (q.twin.map { [(g.edgeSource($0), part($0, 1 - q.fraction))] } ?? [])
        }
        func reference(_ p: RoadPosition, _ q: RoadPosition) -> UInt64 {
            var best = Reference.inf
            for (a, ca) in leave(p) { for (b, cb) in arrive(q) where fw[a][b] != Reference.inf { best = min(best, ca + fw[a][b] + cb) } }
            let sameRoad = q.edge == p.edge || q.edge == p.twin
            if sameRoad {
                let fq = q.edge == p.edge ? q.fraction : 1 - q.fraction
                if fq >= p.fraction { best = min(best, part(p.edge, fq - p.fraction)) } else if let t = p.twin { best = min(best, part(t, p.fraction - fq)) }
            }
            return best
        }
        let positions = try (0..<6).map { _ in try randomPosition() }
        for p in positions {
            let forward = router.oneToMany(from: p, to: positions).map(ms)
            let backward = router.manyToOne(from: positions, to: p).map(ms)
            #expect(forward == positions.map { reference(p, $0) }, "seed \(seed): one-to-many from \(p)")
            #expect(backward == positions.map { reference($0, p) }, "seed \(seed): many-to-one to \(p)")
        }
        // nearest units placed by coordinates
        let unitList = positions.enumerated().map { UnitLocation(id: "u\($0.offset)", coordinate: $0.element.point, available: $0.offset != 2) }
        let units = PlacedUnits(graph: g, units: unitList, maxSnapMeters: 50)
        #expect(units.unplaced.isEmpty)
        let incident = try randomPosition()
        let got = try router.nearestUnits(to: incident, units: units, k: 3)
        let want = positions.indices.filter { $0 != 2 }.map { reference(units.positions[$0]!, incident) }.filter { $0 != Reference.inf }.sorted().prefix(3)
        #expect(got.map { ms($0.seconds) } == Array(want), "seed \(seed): nearest by position")
        #expect(!got.contains { $0.id == "u2" }, "unavailable unit returned")
    }

    /// Coverage from units standing inside edges, against a reference graph where each unit's road piece
    /// is split at the unit into a new vertex (the same rounded partial times).
    @Test(arguments: seeds)
    func coverageFromPositionsMatchesSplitGraph(seed: UInt64) throws {
        var fx = try Fixture(seed: seed, salt: 23)
        let g = fx.g
        var positions: [RoadPosition] = []
        var usedPieces = Set<Int>()
        for _ in 0..<40 where positions.count < 3 {
            let e = Int.random(in: 0..<g.edgeCount, using: &fx.rng)
            guard g.edgeMilliseconds(e) > 0, !usedPieces.contains(e) else { continue }
            let twin = g.twinEdge(e)
            // parallel edges make the twin ambiguous: keep pieces whose end points have one edge each way
            let parallel = g.outEdges(g.edgeSource(e)).filter { g.edgeTarget($0) == g.edgeTarget(e) }.count
                + g.outEdges(g.edgeTarget(e)).filter { g.edgeTarget($0) == g.edgeSource(e) }.count
            guard parallel == (twin == nil ? 1 : 2) else { continue }
            let f = Double.random(in: 0.1...0.9, using: &fx.rng)
            positions.append(try g.position(onEdge: e, fraction: f))
            usedPieces.insert(e); if let twin { usedPieces.insert(twin) }
        }
        #expect(!positions.isEmpty, "seed \(seed): no unit placed")
        // split graph: original vertices, then one vertex per unit
        let n = g.nodeCount
        var edges: [RawEdge] = []
        func part(_ e: Int, _ f: Double) -> UInt32 { UInt32((Double(g.edgeMilliseconds(e)) * f).rounded()) }
        for e in 0..<g.edgeCount where !usedPieces.contains(e) {
            edges.append(RawEdge(source: g.edgeSource(e), target: g.edgeTarget(e), milliseconds: g.edgeMilliseconds(e), meters: g.edgeMeters(e)))
        }
        for (i, p) in positions.enumerated() {
            let e = p.edge, f = p.fraction, v = n + i
            edges.append(RawEdge(source: g.edgeSource(e), target: v, milliseconds: part(e, f), meters: g.edgeMeters(e) * f))
            edges.append(RawEdge(source: v, target: g.edgeTarget(e), milliseconds: part(e, 1 - f), meters: g.edgeMeters(e) * (1 - f)))
            if let t = p.twin {
                edges.append(RawEdge(source: g.edgeSource(t), target: v, milliseconds: part(t, 1 - f), meters: g.edgeMeters(t) * (1 - f)))
                edges.append(RawEdge(source: v, target: g.edgeTarget(t), milliseconds: part(t, f), meters: g.edgeMeters(t) * f))
            }
        }
        let coords = (0..<n).map { g.coordinate(ofVertex: $0) } + positions.map(\.point)
        let split = try RoadGraph.build(coordinates: coords, edges: edges)
        let dist = Reference.dijkstra(split, sources: positions.indices.map { (n + $0, 0) })
        let units = PlacedUnits(graph: g, ids: positions.indices.map { "p\($0)" }, positions: positions)
        for limitSeconds in [3.0, 20, 90] {
            let limit = UInt64(limitSeconds * 1000)
            let c = try fx.router.coverage(units: units, limitSeconds: limitSeconds)
            let want = (0..<n).filter { dist[$0] <= limit }.count
            #expect(c.reachedVertices == want, "seed \(seed): \(limitSeconds) s from positions: \(c.reachedVertices) vertices, want \(want)")
            let meters = Reference.coveredMeters(split, dist, limit: limit)
            #expect(abs(c.coveredMeters - meters) <= 0.01 * meters + 1, "seed \(seed): \(limitSeconds) s: \(c.coveredMeters) m, want \(meters)")
            #expect(abs(c.unitMeters.reduce(0, +) - c.coveredMeters) < 1e-6 * max(1, meters))
        }
    }
}

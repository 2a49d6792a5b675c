import Foundation
import Routing
import Testing

/// Shared OSM extracts live beside the repository: `<repo>/../shared/data/osm/`.
enum SharedData {
    static let osmDirectory: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/osm")

    /// Path of an extract, or a test failure naming where it was expected.
    static func osm(_ name: String) throws -> String {
        let url = osmDirectory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record("shared OSM extract missing: expected \(url.path) (the shared/ folder must sit beside the repository clone)")
            throw CancellationError()
        }
        return url.path
    }

    nonisolated(unsafe) private static var cache: [String: RoadGraph] = [:]
    private static let lock = NSLock()

    /// Imports an extract once per test process.
    static func graph(_ name: String) throws -> RoadGraph {
        lock.lock(); defer { lock.unlock() }
        if let g = cache[name] { return g }
        let (g, _) = try OSMImporter.importGraph(path: try osm(name))
        cache[name] = g
        return g
    }
}

/// A seeded random road graph: two-way roads (twin edges), oneway roads, a few zero-time edges,
/// parallel edges, and vertices that are unreachable or cannot reach back.
func randomGraph(seed: UInt64, vertices n: Int = 30) throws -> RoadGraph {
    var rng = SplitMix64(seed: seed)
    let coords = (0..<n).map { _ in
        GeoPoint(lat: 41.0 + Double.random(in: 0..<0.02, using: &rng), lon: -8.6 + Double.random(in: 0..<0.02, using: &rng))
    }
    var edges: [RawEdge] = []
    let connected = max(2, n - n / 6) // the last vertices get only some or no edges
    for _ in 0..<(n * 2) {
        let a = Int.random(in: 0..<connected, using: &rng), b = Int.random(in: 0..<connected, using: &rng)
        guard a != b else { continue }
        let meters = Double(Int.random(in: 10...900, using: &rng))
        let ms: UInt32 = Int.random(in: 0..<25, using: &rng) == 0 ? 0 : UInt32(Int.random(in: 1...60_000, using: &rng))
        edges.append(RawEdge(source: a, target: b, milliseconds: ms, meters: meters))
        if Bool.random(using: &rng) { edges.append(RawEdge(source: b, target: a, milliseconds: ms, meters: meters)) }
    }
    for v in connected..<n where Bool.random(using: &rng) {
        edges.append(RawEdge(source: v, target: Int.random(in: 0..<connected, using: &rng), milliseconds: 5000, meters: 100))
    }
    return try RoadGraph.build(coordinates: coords, edges: edges)
}

enum Reference {
    static let inf = UInt64.max

    /// Textbook Dijkstra with a linear scan for the minimum (no heap), forward or backward.
    static func dijkstra(_ g: RoadGraph, sources: [(Int, UInt64)], backward: Bool = false) -> [UInt64] {
        var dist = [UInt64](repeating: inf, count: g.nodeCount)
        var done = [Bool](repeating: false, count: g.nodeCount)
        var incoming = [[Int]](repeating: [], count: g.nodeCount)
        if backward { for e in 0..<g.edgeCount { incoming[g.edgeTarget(e)].append(e) } }
        for (s, c) in sources { dist[s] = min(dist[s], c) }
        while true {
            var u = -1
            for v in 0..<g.nodeCount where !done[v] && dist[v] != inf && (u < 0 || dist[v] < dist[u]) { u = v }
            if u < 0 { break }
            done[u] = true
            let edges = backward ? incoming[u] : Array(g.outEdges(u))
            for e in edges {
                let v = backward ? g.edgeSource(e) : g.edgeTarget(e)
                dist[v] = min(dist[v], dist[u] + UInt64(g.edgeMilliseconds(e)))
            }
        }
        return dist
    }

    /// Dijkstra with a sorted-array frontier for larger (OSM) graphs; forward only.
    static func dijkstraLarge(_ g: RoadGraph, source: Int) -> [UInt64] {
        var dist = [UInt64](repeating: inf, count: g.nodeCount)
        var heap: [(UInt64, Int)] = [(0, source)]
        dist[source] = 0
        func push(_ x: (UInt64, Int)) {
            heap.append(x)
            var i = heap.count - 1
            while i > 0, heap[(i - 1) / 2].0 > heap[i].0 { heap.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
        }
        func pop() -> (UInt64, Int) {
            let top = heap[0]
            heap[0] = heap[heap.count - 1]; heap.removeLast()
            var i = 0
            while true {
                var m = i
                for c in [2 * i + 1, 2 * i + 2] where c < heap.count && heap[c].0 < heap[m].0 { m = c }
                if m == i { break }
                heap.swapAt(i, m); i = m
            }
            return top
        }
        while !heap.isEmpty {
            let (d, u) = pop()
            if d > dist[u] { continue }
            for e in g.outEdges(u) {
                let v = g.edgeTarget(e), nd = d + UInt64(g.edgeMilliseconds(e))
                if nd < dist[v] { dist[v] = nd; push((nd, v)) }
            }
        }
        return dist
    }

    /// All-pairs shortest times (Floyd–Warshall).
    static func floydWarshall(_ g: RoadGraph) -> [[UInt64]] {
        let n = g.nodeCount
        var d = [[UInt64]](repeating: [UInt64](repeating: inf, count: n), count: n)
        for v in 0..<n { d[v][v] = 0 }
        for e in 0..<g.edgeCount {
            let a = g.edgeSource(e), b = g.edgeTarget(e)
            d[a][b] = min(d[a][b], UInt64(g.edgeMilliseconds(e)))
        }
        for k in 0..<n { for i in 0..<n where d[i][k] != inf { for j in 0..<n where d[k][j] != inf {
            d[i][j] = min(d[i][j], d[i][k] + d[k][j])
        } } }
        return d
    }

    /// Directed road metres within `limit` given per-vertex times (as the coverage query defines it).
    static func coveredMeters(_ g: RoadGraph, _ dist: [UInt64], limit: UInt64) -> Double {
        var total = 0.0
        for u in 0..<g.nodeCount where dist[u] <= limit {
            for e in g.outEdges(u) {
                let w = Double(g.edgeMilliseconds(e))
                let left = Double(limit - dist[u])
                total += g.edgeMeters(e) * (w == 0 || left >= w ? 1 : left / w)
            }
        }
        return total
    }
}

func ms(_ x: Double?) -> UInt64 { x.map { UInt64(($0 * 1000).rounded()) } ?? Reference.inf }

/// A seeded random graph with its all-pairs reference, a router and a generator for picking vertices.
struct Fixture {
    let g: RoadGraph
    let fw: [[UInt64]]
    let router: Router
    var rng: SplitMix64

    init(seed: UInt64, salt: UInt64) throws {
        g = try randomGraph(seed: seed)
        fw = Reference.floydWarshall(g)
        router = Router(graph: g)
        rng = SplitMix64(seed: seed &* salt)
    }

    mutating func vertices(_ count: Int) -> [Int] { (0..<count).map { _ in Int.random(in: 0..<g.nodeCount, using: &rng) } }
}

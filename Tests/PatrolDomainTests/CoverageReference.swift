import Foundation
@testable import PatrolDomain
import Routing

/// The coverage layer worked out the slow way, for the tests to compare against: one plain Dijkstra
/// per unit, and on every road piece the earliest arrival over all units, owner = argmin (ties to
/// the lower unit index).
struct CoverageReference {
    enum Placement { case vertex(Int), position(RoadPosition), none }

    let graph: RoadGraph
    let limitMs: Double

    /// Per unit, metres it reaches first; the total; and per road piece (by its lower edge id) the covered metres.
    struct Result {
        var unitMeters: [Double]
        var total: Double
        var pieceMeters: [Int: Double]
    }

    /// The departure costs of a unit, as the router's seeds: to the edge's head, to the twin's head, or
    /// (on a one-way edge, standing at its tail) the tail itself.
    func seeds(_ p: Placement) -> [(vertex: Int, ms: UInt64)] {
        switch p {
        case .none: return []
        case .vertex(let v): return [(v, 0)]
        case .position(let p):
            func scaled(_ w: UInt32, _ f: Double) -> UInt64 { UInt64((Double(w) * min(1, max(0, f))).rounded()) }
            var s = [(graph.edgeTarget(p.edge), scaled(graph.edgeMilliseconds(p.edge), 1 - p.fraction))]
            if let t = p.twin { s.append((graph.edgeTarget(t), scaled(graph.edgeMilliseconds(t), p.fraction))) }
            else if p.fraction * graph.edgeMeters(p.edge) < 0.01 { s.append((graph.edgeSource(p.edge), 0)) }
            return s
        }
    }

    /// Plain Dijkstra (a sorted-array frontier) from `seeds`, stopped past the limit.
    func dijkstra(_ seeds: [(vertex: Int, ms: UInt64)]) -> [UInt64] {
        var dist = [UInt64](repeating: .max, count: graph.nodeCount)
        var done = [Bool](repeating: false, count: graph.nodeCount)
        var frontier: [(d: UInt64, v: Int)] = []
        for s in seeds where s.ms < dist[s.vertex] { dist[s.vertex] = s.ms; frontier.append((s.ms, s.vertex)) }
        while !frontier.isEmpty {
            let i = frontier.indices.min { frontier[$0].d < frontier[$1].d }!
            let (d, v) = frontier.remove(at: i)
            if done[v] || d != dist[v] { continue }
            if Double(d) > limitMs { break }
            done[v] = true
            for e in graph.outEdges(v) {
                let w = graph.edgeTarget(e), nd = d + UInt64(graph.edgeMilliseconds(e))
                if nd < dist[w] { dist[w] = nd; frontier.append((nd, w)) }
            }
        }
        return dist
    }

    /// A line of arrival time along a piece: starting at `at` with `ms`, rising forward along the edge or falling back along its twin.
    struct Line { var at: Double; var ms: Double; var rises: Bool; var unit: Int }

    func run(_ units: [Placement]) -> Result {
        let dists = units.map { dijkstra(seeds($0)) }
        var result = Result(unitMeters: [Double](repeating: 0, count: units.count), total: 0, pieceMeters: [:])
        for e in 0..<graph.edgeCount {
            let twin = graph.twinEdge(e)
            if let t = twin, t < e { continue }
            let u = graph.edgeSource(e), v = graph.edgeTarget(e)
            let we = Double(graph.edgeMilliseconds(e)), wt = twin.map { Double(graph.edgeMilliseconds($0)) } ?? 0
            var lines: [Line] = []
            for (k, d) in dists.enumerated() {
                if Double(d[u]) <= limitMs { lines.append(Line(at: 0, ms: Double(d[u]), rises: true, unit: k)) }
                if twin != nil, Double(d[v]) <= limitMs { lines.append(Line(at: 1, ms: Double(d[v]), rises: false, unit: k)) }
                if case .position(let p) = units[k], p.edge == e || p.edge == twin {
                    let at = p.edge == e ? p.fraction : 1 - p.fraction
                    lines.append(Line(at: at, ms: 0, rises: true, unit: k))
                    if twin != nil { lines.append(Line(at: at, ms: 0, rises: false, unit: k)) }
                }
            }
            guard !lines.isEmpty else { continue }
            func time(_ l: Line, _ x: Double) -> Double {
                if l.rises { return x >= l.at ? l.ms + (x - l.at) * we : .infinity }
                return x <= l.at ? l.ms + (l.at - x) * wt : .infinity
            }
            var cuts: Set<Double> = [0, 1]
            for l in lines {
                cuts.insert(l.at)
                let slope = l.rises ? we : wt
                if slope > 0 { cuts.insert(l.at + (l.rises ? 1 : -1) * (limitMs - l.ms) / slope) }
            }
            for a in lines where a.rises { for b in lines where !b.rises && we + wt > 0 {
                cuts.insert((b.ms - a.ms + b.at * wt + a.at * we) / (we + wt))
            } }
            let xs = cuts.filter { $0 >= 0 && $0 <= 1 }.sorted()
            var covered = 0.0
            for (lo, hi) in zip(xs, xs.dropFirst()) {
                let mid = (lo + hi) / 2
                var best = Double.infinity, owner = -1
                for k in units.indices {
                    let t = lines.filter { $0.unit == k }.map { time($0, mid) }.min() ?? .infinity
                    if t < best { best = t; owner = k }
                }
                guard best <= limitMs else { continue }
                let m = (hi - lo) * graph.edgeMeters(e)
                result.unitMeters[owner] += m
                covered += m
            }
            result.total += covered
            if covered > 0 { result.pieceMeters[e] = covered }
        }
        return result
    }

    /// The midpoint of an edge's polyline by length, walked here rather than through `geometry(ofEdge:from:to:)`.
    func midpoint(_ e: Int) -> GeoPoint {
        let pts = graph.geometry(ofEdge: e)
        let lengths = zip(pts, pts.dropFirst()).map { $0.distance(to: $1) }
        var left = lengths.reduce(0, +) / 2
        for (i, l) in lengths.enumerated() {
            if left <= l {
                let t = l > 0 ? left / l : 0
                return GeoPoint(lat: pts[i].lat + t * (pts[i + 1].lat - pts[i].lat), lon: pts[i].lon + t * (pts[i + 1].lon - pts[i].lon))
            }
            left -= l
        }
        return pts[0]
    }
}

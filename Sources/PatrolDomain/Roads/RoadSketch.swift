import Foundation
import Routing

/// Roads being drawn before they become a graph: vertices merged by position (1e-7°, as the
/// graph stores them), undirected pieces with a class and a direction. `graph(profile:)` turns it
/// into a ``RoadGraph`` with the class of every directed edge alongside.
struct RoadSketch {
    private(set) var points: [GeoPoint] = []
    private struct Key: Hashable { var lat, lon: Int64 }
    private var index: [Key: Int] = [:]
    /// (from, to, class, oneway): a one-way piece runs from → to only.
    private(set) var pieces: [(Int, Int, RoadClass, Bool)] = []
    private var seen = Set<Int64>()

    /// The vertex at `p`, made when new.
    mutating func vertex(_ p: GeoPoint) -> Int {
        let key = Key(lat: Int64((p.lat * 1e7).rounded()), lon: Int64((p.lon * 1e7).rounded()))
        if let v = index[key] { return v }
        points.append(p)
        index[key] = points.count - 1
        return points.count - 1
    }

    /// One straight piece; a repeat of a piece already drawn (either way round) is ignored.
    mutating func piece(_ a: Int, _ b: Int, _ cls: RoadClass, oneway: Bool = false) {
        guard a != b, seen.insert(Int64(min(a, b)) << 32 | Int64(max(a, b))).inserted else { return }
        pieces.append((a, b, cls, oneway))
    }

    /// A road along `points` cut into pieces of at most `step` metres; returns its vertices.
    @discardableResult
    mutating func road(_ line: [GeoPoint], _ cls: RoadClass, step: Double = 500, oneway: Bool = false,
                       adjust: (GeoPoint) -> GeoPoint = { $0 }) -> [Int] {
        var vertices = [vertex(line[0])]
        for (a, b) in zip(line, line.dropFirst()) {
            let n = max(1, Int((a.distance(to: b) / step).rounded(.up)))
            for k in 1...n {
                let p = k == n ? b : adjust(BoundaryGeometry.lerp(a, b, Double(k) / Double(n)))
                let v = vertex(p)
                piece(vertices.last!, v, cls, oneway: oneway)
                vertices.append(v)
            }
        }
        return vertices
    }

    /// The graph (edges in source order, so edge ids are known) and each edge's class.
    func graph(profile: SpeedProfile) throws -> (RoadGraph, [RoadClass]) {
        var directed: [(RawEdge, RoadClass)] = []
        for (a, b, cls, oneway) in pieces {
            let meters = points[a].distance(to: points[b])
            let speed = cls.speed(in: profile) ?? 25
            let ms = UInt32(max(1, (meters * 3600 / speed).rounded()))
            directed.append((RawEdge(source: a, target: b, milliseconds: ms, meters: meters), cls))
            if !oneway { directed.append((RawEdge(source: b, target: a, milliseconds: ms, meters: meters), cls)) }
        }
        // `build` orders edges by source, stably; doing it here keeps the classes aligned.
        let order = directed.indices.sorted { (directed[$0].0.source, $0) < (directed[$1].0.source, $1) }
        let edges = order.map { directed[$0].0 }
        return (try RoadGraph.build(coordinates: points, edges: edges), order.map { directed[$0].1 })
    }
}

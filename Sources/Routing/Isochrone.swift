import Foundation

/// Result of an isochrone query: every vertex and edge part reachable within the largest limit,
/// from which each limit's reach and polygon are derived.
///
/// Polygons are convex hulls of the reached road geometry (vertices, shape points and the end points
/// of partially reached edges) per limit: simple and robust, but they over-cover concave areas such
/// as bays or valleys; use ``reachedEdges(withinMilliseconds:)`` for the exact reached road network.
public struct Isochrone: Sendable {
    public let graph: RoadGraph
    public let origin: Coordinate
    /// Limits in milliseconds, ascending.
    public let limitsMilliseconds: [UInt32]
    /// Vertices within the largest limit.
    public let vertices: [ReachedVertex]
    /// Edges entered within the largest limit (including the origin's own road piece).
    public let edges: [ReachedEdge]

    /// Vertices within `limit` milliseconds.
    public func vertices(withinMilliseconds limit: UInt32) -> [ReachedVertex] { vertices.filter { $0.milliseconds <= limit } }

    /// Reached part of each edge within `limit`: (edge, from, to) fractions, `to > from` or a fully reached zero-length edge.
    public func reachedEdges(withinMilliseconds limit: UInt32) -> [(edge: Int, from: Double, to: Double)] {
        edges.compactMap { r in
            guard r.milliseconds <= limit else { return nil }
            let w = Double(graph.edgeMilliseconds(r.edge))
            let left = Double(limit - r.milliseconds)
            let to = w > 0 ? min(1, r.fromFraction + left / w) : 1
            return to > r.fromFraction || (w == 0) ? (r.edge, r.fromFraction, to) : nil
        }
    }

    /// Directed road metres reached within `limit`.
    public func reachedMeters(withinMilliseconds limit: UInt32) -> Double {
        reachedEdges(withinMilliseconds: limit).reduce(0) { $0 + graph.edgeMeters($1.edge) * ($1.to - $1.from) }
    }

    /// Polygon ring (closed, counter-clockwise) around what is reached within `limit`.
    public func polygon(withinMilliseconds limit: UInt32) -> [Coordinate] {
        var pts = [origin]
        for v in vertices where v.milliseconds <= limit { pts.append(graph.coordinate(ofVertex: v.vertex)) }
        for r in reachedEdges(withinMilliseconds: limit) { pts.append(contentsOf: graph.geometry(ofEdge: r.edge, from: r.from, to: r.to)) }
        return ConvexHull.ring(pts)
    }

    /// GeoJSON FeatureCollection: one Polygon feature per limit (largest first) with properties
    /// `seconds`, `minutes`, `vertices` and `meters`, plus an origin Point feature.
    public func geoJSON() -> [String: Any] {
        var features: [[String: Any]] = []
        for limit in limitsMilliseconds.reversed() {
            let ring = polygon(withinMilliseconds: limit).map { [round7($0.lon), round7($0.lat)] }
            features.append([
                "type": "Feature",
                "properties": ["seconds": Double(limit) / 1000, "minutes": Double(limit) / 60000,
                               "vertices": vertices(withinMilliseconds: limit).count,
                               "meters": (reachedMeters(withinMilliseconds: limit) * 10).rounded() / 10] as [String: Any],
                "geometry": ["type": "Polygon", "coordinates": [ring]] as [String: Any],
            ])
        }
        features.append(["type": "Feature", "properties": ["role": "origin"],
                         "geometry": ["type": "Point", "coordinates": [round7(origin.lon), round7(origin.lat)]] as [String: Any]])
        return ["type": "FeatureCollection", "features": features,
                "attribution": "© OpenStreetMap contributors"]
    }
}

@inline(__always) func round7(_ x: Double) -> Double { (x * 1e7).rounded() / 1e7 }

enum ConvexHull {
    /// Andrew's monotone chain; returns a closed ring (first point repeated), counter-clockwise.
    static func ring(_ points: [Coordinate]) -> [Coordinate] {
        let p = Array(Set(points)).sorted { ($0.lon, $0.lat) < ($1.lon, $1.lat) }
        guard p.count >= 3 else { return p.isEmpty ? [] : p + [p[0]] }
        func cross(_ o: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
            (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon)
        }
        var lower: [Coordinate] = [], upper: [Coordinate] = []
        for q in p {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], q) <= 0 { lower.removeLast() }
            lower.append(q)
        }
        for q in p.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], q) <= 0 { upper.removeLast() }
            upper.append(q)
        }
        let hull = Array(lower.dropLast()) + Array(upper.dropLast())
        return hull + [hull[0]]
    }
}

import Foundation

/// Result of an isochrone query: every vertex and edge part reachable within the largest limit,
/// from which each limit's reach and polygon are derived.
///
/// Polygons are a grid-cell union of the reached road geometry (see ``polygons(withinMilliseconds:)``):
/// they follow the roads instead of bridging bays and valleys as a convex hull would. Use
/// ``reachedEdges(withinMilliseconds:)`` for the exact reached road network.
public struct Isochrone: Sendable {
    public let graph: RoadGraph
    public let origin: GeoPoint
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

    /// Outer rings (closed, counter-clockwise, holes filled) around what is reached within `limit`:
    /// the reached roads are rasterised on a grid (cell 60–400 m, scaled to the extent), dilated by one
    /// cell, enclosed holes filled, and the boundary of each connected area traced. One ring per area.
    public func polygons(withinMilliseconds limit: UInt32) -> [[GeoPoint]] {
        var lines: [[GeoPoint]] = [[origin]]
        for v in vertices where v.milliseconds <= limit { lines.append([graph.coordinate(ofVertex: v.vertex)]) }
        for r in reachedEdges(withinMilliseconds: limit) { lines.append(graph.geometry(ofEdge: r.edge, from: r.from, to: r.to)) }
        return GridOutline.rings(lines, origin: origin)
    }

    /// GeoJSON FeatureCollection: one MultiPolygon feature per limit (largest first) with properties
    /// `seconds`, `minutes`, `vertices` and `meters`, plus an origin Point feature.
    public func geoJSON() -> [String: Any] {
        var features: [[String: Any]] = []
        for limit in limitsMilliseconds.reversed() {
            let rings = polygons(withinMilliseconds: limit).map { ring in [ring.map { [round7($0.lon), round7($0.lat)] }] }
            features.append([
                "type": "Feature",
                "properties": ["seconds": Double(limit) / 1000, "minutes": Double(limit) / 60000,
                               "vertices": vertices(withinMilliseconds: limit).count,
                               "meters": (reachedMeters(withinMilliseconds: limit) * 10).rounded() / 10] as [String: Any],
                "geometry": ["type": "MultiPolygon", "coordinates": rings] as [String: Any],
            ])
        }
        features.append(["type": "Feature", "properties": ["role": "origin"],
                         "geometry": ["type": "Point", "coordinates": [round7(origin.lon), round7(origin.lat)]] as [String: Any]])
        return ["type": "FeatureCollection", "features": features,
                "attribution": "© OpenStreetMap contributors"]
    }
}

@inline(__always) func round7(_ x: Double) -> Double { (x * 1e7).rounded() / 1e7 }

/// Outline of road geometry as the boundary of a set of grid cells.
enum GridOutline {
    static func rings(_ lines: [[GeoPoint]], origin: GeoPoint) -> [[GeoPoint]] {
        let mpd = Geo.metersPerDegree(atLat: origin.lat)
        func project(_ c: GeoPoint) -> (Double, Double) { ((c.lon - origin.lon) * mpd.lon, (c.lat - origin.lat) * mpd.lat) }
        var minX = 0.0, maxX = 0.0, minY = 0.0, maxY = 0.0
        for line in lines { for c in line {
            let (x, y) = project(c)
            minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
        } }
        let cell = min(400, max(60, max(maxX - minX, maxY - minY) / 60))
        let margin = 2
        let x0 = Int((minX / cell).rounded(.down)) - margin, y0 = Int((minY / cell).rounded(.down)) - margin
        let w = Int((maxX / cell).rounded(.down)) - x0 + margin + 1, h = Int((maxY / cell).rounded(.down)) - y0 + margin + 1
        var filled = [Bool](repeating: false, count: w * h)
        func mark(_ x: Double, _ y: Double) {
            let cx = Int((x / cell).rounded(.down)) - x0, cy = Int((y / cell).rounded(.down)) - y0
            if cx >= 0 && cx < w && cy >= 0 && cy < h { filled[cy * w + cx] = true }
        }
        for line in lines {
            var prev: (Double, Double)?
            for c in line {
                let p = project(c)
                if let q = prev {
                    let steps = Int((hypot(p.0 - q.0, p.1 - q.1) / (cell / 2)).rounded(.up))
                    for k in 1..<max(steps, 1) {
                        let t = Double(k) / Double(steps)
                        mark(q.0 + t * (p.0 - q.0), q.1 + t * (p.1 - q.1))
                    }
                }
                mark(p.0, p.1)
                prev = p
            }
        }
        // dilate by one cell (8-neighbourhood)
        var grown = filled
        for y in 0..<h { for x in 0..<w where filled[y * w + x] {
            for dy in -1...1 { for dx in -1...1 {
                let nx = x + dx, ny = y + dy
                if nx >= 0 && nx < w && ny >= 0 && ny < h { grown[ny * w + nx] = true }
            } }
        } }
        // fill holes: empty cells not reachable from the border
        var outside = [Bool](repeating: false, count: w * h)
        var stack: [Int] = []
        for x in 0..<w { stack.append(x); stack.append((h - 1) * w + x) }
        for y in 0..<h { stack.append(y * w); stack.append(y * w + w - 1) }
        while let i = stack.popLast() {
            if outside[i] || grown[i] { continue }
            outside[i] = true
            let x = i % w, y = i / w
            if x > 0 { stack.append(i - 1) }
            if x < w - 1 { stack.append(i + 1) }
            if y > 0 { stack.append(i - w) }
            if y < h - 1 { stack.append(i + w) }
        }
        let inside = outside.map { !$0 }
        // directed boundary edges with the filled cell on the left (counter-clockwise)
        let cw = w + 1
        var from: [Int] = [], to: [Int] = []
        var outgoing: [Int: [Int]] = [:]
        func add(_ a: (Int, Int), _ b: (Int, Int)) {
            outgoing[a.1 * cw + a.0, default: []].append(from.count)
            from.append(a.1 * cw + a.0); to.append(b.1 * cw + b.0)
        }
        func isIn(_ x: Int, _ y: Int) -> Bool { x >= 0 && x < w && y >= 0 && y < h && inside[y * w + x] }
        for y in 0..<h { for x in 0..<w where inside[y * w + x] {
            if !isIn(x, y - 1) { add((x, y), (x + 1, y)) }
            if !isIn(x + 1, y) { add((x + 1, y), (x + 1, y + 1)) }
            if !isIn(x, y + 1) { add((x + 1, y + 1), (x, y + 1)) }
            if !isIn(x - 1, y) { add((x, y + 1), (x, y)) }
        } }
        var used = [Bool](repeating: false, count: from.count)
        var rings: [[GeoPoint]] = []
        func corner(_ id: Int) -> (Int, Int) { (id % cw, id / cw) }
        for start in from.indices where !used[start] {
            var ring: [(Int, Int)] = []
            var e = start
            while !used[e] {
                used[e] = true
                ring.append(corner(from[e]))
                let a = corner(from[e]), b = corner(to[e])
                let dir = (b.0 - a.0, b.1 - a.1)
                let options = (outgoing[to[e]] ?? []).filter { !used[$0] }
                guard !options.isEmpty else { break }
                // at a pinch corner prefer the left turn, then straight, then right
                func rank(_ f: Int) -> Int {
                    let c = corner(to[f]), d = (c.0 - b.0, c.1 - b.1)
                    if d == (-dir.1, dir.0) { return 0 }
                    return d == dir ? 1 : 2
                }
                e = options.min { rank($0) < rank($1) }!
            }
            // drop collinear corners
            var simple: [(Int, Int)] = []
            for (i, p) in ring.enumerated() {
                let prev = ring[(i + ring.count - 1) % ring.count], next = ring[(i + 1) % ring.count]
                if (p.0 - prev.0) * (next.1 - p.1) - (p.1 - prev.1) * (next.0 - p.0) != 0 { simple.append(p) }
            }
            guard simple.count >= 3 else { continue }
            var coords = simple.map { p in
                GeoPoint(lat: origin.lat + Double(p.1 + y0) * cell / mpd.lat, lon: origin.lon + Double(p.0 + x0) * cell / mpd.lon)
            }
            coords.append(coords[0])
            rings.append(coords)
        }
        return rings
    }
}

import Foundation

/// A position on the road network: edge `edge` at `fraction` (0 = tail, 1 = head, by length).
public struct RoadPosition: Sendable, Hashable {
    /// Directed edge id.
    public let edge: Int
    /// Position along the edge by length, 0...1.
    public let fraction: Double
    /// The opposite edge over the same road piece (two-way roads), or nil.
    public let twin: Int?
    /// Distance from the query point to the road, metres.
    public let distanceMeters: Double
    /// The snapped point on the road.
    public let point: GeoPoint
}

/// Uniform grid of road segments (one entry per segment and overlapped cell) for snapping.
final class SpatialIndex: @unchecked Sendable {
    var minLat = 0.0, minLon = 0.0, cellLat = 1.0, cellLon = 1.0
    var rows = 0, cols = 0
    var cellFirst: [UInt32] = [0]
    var itemEdge: [UInt32] = []
    var itemSeg: [UInt32] = []

    @inline(__always) private static func point(_ g: RoadGraph, _ e: Int, _ k: Int) -> (Double, Double) {
        let s = Int(g.geomFirst[e]), count = Int(g.geomFirst[e + 1]) - s
        if k == 0 { let v = Int(g.edgeTail[e]); return (Fixed.decode(g.lat[v]), Fixed.decode(g.lon[v])) }
        if k == count + 1 { let v = Int(g.head[e]); return (Fixed.decode(g.lat[v]), Fixed.decode(g.lon[v])) }
        return (Fixed.decode(g.shapeLat[s + k - 1]), Fixed.decode(g.shapeLon[s + k - 1]))
    }

    private func indexed(_ g: RoadGraph, _ e: Int) -> Bool { g.twin[e] == RoadGraph.none || UInt32(e) < g.twin[e] }

    func build(_ g: RoadGraph) {
        guard g.nodeCount > 0 else { return }
        var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
        for v in 0..<g.nodeCount {
            let la = Fixed.decode(g.lat[v]), ln = Fixed.decode(g.lon[v])
            lo = (min(lo.0, la), min(lo.1, ln)); hi = (max(hi.0, la), max(hi.1, ln))
        }
        for s in 0..<g.shapeCount {
            let la = Fixed.decode(g.shapeLat[s]), ln = Fixed.decode(g.shapeLon[s])
            lo = (min(lo.0, la), min(lo.1, ln)); hi = (max(hi.0, la), max(hi.1, ln))
        }
        let mpd = Geo.metersPerDegree(atLat: (lo.0 + hi.0) / 2)
        var cellMeters = 150.0
        while true {
            cellLat = cellMeters / mpd.lat
            cellLon = cellMeters / max(mpd.lon, 1)
            rows = Int((hi.0 - lo.0) / cellLat) + 1
            cols = Int((hi.1 - lo.1) / cellLon) + 1
            if rows * cols <= 1 << 22 { break }
            cellMeters *= 2
        }
        minLat = lo.0; minLon = lo.1
        var counts = [UInt32](repeating: 0, count: rows * cols + 1)
        for pass in 0..<2 {
            var fill = pass == 1 ? Array(cellFirst.dropLast()) : []
            if pass == 1 {
                itemEdge = [UInt32](repeating: 0, count: Int(cellFirst.last!))
                itemSeg = itemEdge
            }
            for e in 0..<g.edgeCount where indexed(g, e) {
                let segs = Int(g.geomFirst[e + 1] - g.geomFirst[e]) + 1
                var a = SpatialIndex.point(g, e, 0)
                for k in 0..<segs {
                    let b = SpatialIndex.point(g, e, k + 1)
                    let r0 = cellRow(min(a.0, b.0)), r1 = cellRow(max(a.0, b.0))
                    let c0 = cellCol(min(a.1, b.1)), c1 = cellCol(max(a.1, b.1))
                    for r in r0...r1 {
                        for c in c0...c1 {
                            let cell = r * cols + c
                            if pass == 0 { counts[cell + 1] += 1 } else {
                                let slot = Int(fill[cell]); fill[cell] += 1
                                itemEdge[slot] = UInt32(e); itemSeg[slot] = UInt32(k)
                            }
                        }
                    }
                    a = b
                }
            }
            if pass == 0 {
                for i in 0..<rows * cols { counts[i + 1] += counts[i] }
                cellFirst = counts
            }
        }
    }

    @inline(__always) func cellRow(_ lat: Double) -> Int { min(rows - 1, max(0, Int((lat - minLat) / cellLat))) }
    @inline(__always) func cellCol(_ lon: Double) -> Int { min(cols - 1, max(0, Int((lon - minLon) / cellLon))) }

    /// Nearest road position within `maxMeters`, or nil.
    func nearest(_ g: RoadGraph, lat: Double, lon: Double, maxMeters: Double) -> RoadPosition? {
        guard rows > 0 else { return nil }
        // A point farther than the radius from every indexed cell is answered at once. The rings
        // below bound a cell's distance by its size, and a degree of longitude shrinks to nothing
        // near a pole: a point at 90° N once kept them widening for minutes (found by fuzzing the
        // containment drill's scene). The nearest point of the grid's box, by great circle, with a
        // cell's diagonal of slack for the box's curvature.
        let nearLat = min(max(lat, minLat), minLat + Double(rows) * cellLat)
        let nearLon = min(max(lon, minLon), minLon + Double(cols) * cellLon)
        let boxMpd = Geo.metersPerDegree(atLat: nearLat)
        let slack = (cellLat * boxMpd.lat) + (cellLon * boxMpd.lon)
        if Geo.distance(lat, lon, nearLat, nearLon) > maxMeters + slack { return nil }
        let mpd = Geo.metersPerDegree(atLat: lat)
        let cellMin = min(cellLat * mpd.lat, cellLon * mpd.lon)
        // query cell (may be outside the grid: clamp, and account for the gap)
        let qr = Int(((lat - minLat) / cellLat).rounded(.down)), qc = Int(((lon - minLon) / cellLon).rounded(.down))
        let outside = max(0, -qr, qr - (rows - 1), -qc, qc - (cols - 1))
        var best: (d2: Double, e: Int, k: Int, t: Double) = (.infinity, -1, 0, 0)
        let maxRing = max(rows, cols) + outside + 1
        var ring = 0
        while ring <= maxRing {
            let ringDistance = Double(max(0, ring - 1)) * cellMin
            if ringDistance > maxMeters || (best.e >= 0 && sqrt(best.d2) <= ringDistance) { break }
            // Only the ring's cells inside the grid are visited.
            let rLo = max(qr - ring, 0), rHi = min(qr + ring, rows - 1), cLo = max(qc - ring, 0), cHi = min(qc + ring, cols - 1)
            for r in stride(from: rLo, through: rHi, by: 1) {
                let edgeRow = r == qr - ring || r == qr + ring
                for c in stride(from: cLo, through: cHi, by: 1) {
                    if !edgeRow && c != qc - ring && c != qc + ring { continue }
                    let cell = r * cols + c
                    for i in Int(cellFirst[cell])..<Int(cellFirst[cell + 1]) {
                        let e = Int(itemEdge[i]), k = Int(itemSeg[i])
                        let a = SpatialIndex.point(g, e, k), b = SpatialIndex.point(g, e, k + 1)
                        let ax = (a.1 - lon) * mpd.lon, ay = (a.0 - lat) * mpd.lat
                        let bx = (b.1 - lon) * mpd.lon, by = (b.0 - lat) * mpd.lat
                        let dx = bx - ax, dy = by - ay
                        let len2 = dx * dx + dy * dy
                        let t = len2 > 0 ? min(1, max(0, -(ax * dx + ay * dy) / len2)) : 0
                        let px = ax + t * dx, py = ay + t * dy
                        let d2 = px * px + py * py
                        if d2 < best.d2 || (d2 == best.d2 && e < best.e) { best = (d2, e, k, t) }
                    }
                }
            }
            ring += 1
        }
        guard best.e >= 0, sqrt(best.d2) <= maxMeters else { return nil }
        let e = best.e
        let segs = Int(g.geomFirst[e + 1] - g.geomFirst[e]) + 1
        var cum = 0.0, before = 0.0, total = 0.0
        var a = SpatialIndex.point(g, e, 0)
        var snapped = GeoPoint(lat: a.0, lon: a.1)
        for k in 0..<segs {
            let b = SpatialIndex.point(g, e, k + 1)
            let len = Geo.distance(a.0, a.1, b.0, b.1)
            if k == best.k {
                before = cum + best.t * len
                snapped = GeoPoint(lat: a.0 + best.t * (b.0 - a.0), lon: a.1 + best.t * (b.1 - a.1))
            }
            cum += len
            a = b
        }
        total = cum
        let fraction = total > 0 ? min(1, max(0, before / total)) : 0
        let twin = g.twin[e] == RoadGraph.none ? nil : Int(g.twin[e])
        return RoadPosition(edge: e, fraction: fraction, twin: twin, distanceMeters: sqrt(best.d2), point: snapped)
    }
}

extension RoadGraph {
    /// Snaps a WGS84 point to the nearest road position within `maxMeters`.
    /// - Throws: ``RoutingError/noRoadNearby(lat:lon:maxMeters:)`` when no road is that close.
    public func snap(_ point: GeoPoint, maxMeters: Double = 500) throws -> RoadPosition {
        guard point.lat.isFinite, point.lon.isFinite, abs(point.lat) <= 90, abs(point.lon) <= 180, maxMeters >= 0 else {
            throw RoutingError.invalidArgument("invalid point \(point.lat),\(point.lon) or snapping radius \(maxMeters)")
        }
        guard let p = spatial.nearest(self, lat: point.lat, lon: point.lon, maxMeters: maxMeters) else {
            throw RoutingError.noRoadNearby(lat: point.lat, lon: point.lon, maxMeters: maxMeters)
        }
        return p
    }
}

extension RoadGraph {
    /// The position at `fraction` (by length) along edge `e`, e.g. for a known road piece.
    public func position(onEdge e: Int, fraction: Double) throws -> RoadPosition {
        guard e >= 0 && e < edgeCount, fraction >= 0 && fraction <= 1 else {
            throw RoutingError.invalidArgument("no position \(fraction) on edge \(e) (0..<\(edgeCount), fraction 0...1)")
        }
        let point = geometry(ofEdge: e, from: fraction, to: 1).first ?? coordinate(ofVertex: Int(head[e]))
        return RoadPosition(edge: e, fraction: fraction, twin: twinEdge(e), distanceMeters: 0, point: point)
    }
}

import Foundation
import PinganDomain

/// Plane geometry against a county boundary, in degrees with longitude scaled by cos(latitude)
/// (a county is small enough for the flat approximation to be well under a metre off).
enum BoundaryGeometry {
    /// Where the segment `a → b` first crosses the boundary's outer ring, as a fraction of the
    /// way from `a` (0…1), or nil when it does not cross.
    static func firstCrossing(_ a: GeoPoint, _ b: GeoPoint, _ boundary: GeoPolygon) -> Double? {
        let k = cos(a.lat * .pi / 180)
        let ring = boundary.outer
        var best: Double?
        for i in 0..<ring.count {
            let p = ring[i], q = ring[(i + 1) % ring.count]
            let rx = (b.lon - a.lon) * k, ry = b.lat - a.lat
            let sx = (q.lon - p.lon) * k, sy = q.lat - p.lat
            let denom = rx * sy - ry * sx
            guard abs(denom) > 1e-18 else { continue }
            let wx = (p.lon - a.lon) * k, wy = p.lat - a.lat
            let t = (wx * sy - wy * sx) / denom, u = (wx * ry - wy * rx) / denom
            if t >= 0, t <= 1, u >= 0, u <= 1, t < (best ?? .infinity) { best = t }
        }
        return best
    }

    /// Distance in metres from `p` to the boundary's outer ring.
    static func distanceToRing(_ p: GeoPoint, _ boundary: GeoPolygon) -> Double {
        let k = cos(p.lat * .pi / 180), m = GeoPoint.earthRadius * .pi / 180
        let ring = boundary.outer
        var best = Double.infinity
        for i in 0..<ring.count {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            let ax = (a.lon - p.lon) * k, ay = a.lat - p.lat, bx = (b.lon - p.lon) * k, by = b.lat - p.lat
            let dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy
            let t = len2 > 0 ? min(1, max(0, -(ax * dx + ay * dy) / len2)) : 0
            let cx = ax + t * dx, cy = ay + t * dy
            best = min(best, (cx * cx + cy * cy).squareRoot() * m)
        }
        return best
    }

    static func lerp(_ a: GeoPoint, _ b: GeoPoint, _ t: Double) -> GeoPoint {
        GeoPoint(lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t)
    }

    /// Share of `a → b` (sampled every ~200 m) lying outside the boundary.
    static func outsideShare(_ a: GeoPoint, _ b: GeoPoint, _ boundary: GeoPolygon) -> Double {
        let n = max(2, Int(a.distance(to: b) / 200))
        let outside = (0...n).filter { !boundary.contains(lerp(a, b, Double($0) / Double(n))) }.count
        return Double(outside) / Double(n + 1)
    }

    /// The point moved towards `toward` (inside) until it lies inside by `margin` metres: a road
    /// bends round a concave stretch of the boundary instead of leaving the county, and the
    /// graph's rounding to 1e-7° cannot put a vertex on the wrong side.
    static func pulledInside(_ p: GeoPoint, toward: GeoPoint, _ boundary: GeoPolygon, margin: Double = 30) -> GeoPoint {
        var q = p
        for _ in 0..<24 where !boundary.contains(q) || distanceToRing(q, boundary) < margin { q = lerp(q, toward, 0.25) }
        return q
    }
}

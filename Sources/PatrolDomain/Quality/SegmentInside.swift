import Foundation
import PinganDomain

/// Which parts of a straight segment lie inside an area, as fractions of the way (0…1). Exact for
/// the straight-line model of `TrackInterval`, so time inside is attributed to the second rather
/// than "both ends inside" (which would drop every interval crossing the boundary).
extension BoundaryGeometry {
    /// Every fraction in (0, 1) at which `a → b` crosses an edge of one of `rings`.
    static func crossings(_ a: GeoPoint, _ b: GeoPoint, rings: [Ring]) -> [Double] {
        var ts: [Double] = []
        let rx = b.lon - a.lon, ry = b.lat - a.lat
        for ring in rings where ring.count >= 2 {
            for i in 0..<ring.count {
                let p = ring[i], q = ring[(i + 1) % ring.count]
                let sx = q.lon - p.lon, sy = q.lat - p.lat
                let denom = rx * sy - ry * sx
                guard abs(denom) > 1e-18 else { continue }
                let wx = p.lon - a.lon, wy = p.lat - a.lat
                let t = (wx * sy - wy * sx) / denom, u = (wx * ry - wy * rx) / denom
                if t > 0, t < 1, u >= 0, u <= 1 { ts.append(t) }
            }
        }
        return ts
    }

    /// The fractions of `a → b` inside `geometry`: cut at every crossing, and each piece is in or
    /// out as its midpoint is (the existing even-odd test, holes and multipolygons included).
    static func insideRanges(_ a: GeoPoint, _ b: GeoPoint, _ geometry: UnitGeometry) -> [ClosedRange<Double>] {
        let polygons = geometry.polygons
        guard !polygons.isEmpty else { return [] }
        let cuts = ([0, 1] + crossings(a, b, rings: polygons.flatMap { [$0.outer] + $0.holes })).sorted()
        var out: [ClosedRange<Double>] = []
        for (lo, hi) in zip(cuts, cuts.dropFirst()) where hi > lo {
            guard geometry.contains(lerp(a, b, (lo + hi) / 2)) else { continue }
            if let last = out.last, last.upperBound >= lo { out[out.count - 1] = last.lowerBound...hi } else { out.append(lo...hi) }
        }
        return out
    }

    /// The fractions of `a → b` within `radius` metres of `centre`, or nil when none. Flat metres
    /// around the centre (cos-latitude scaled), in which the lat/lon-straight segment stays straight;
    /// within a few hundred metres this is the haversine distance to well under a millimetre.
    static func withinRadius(_ a: GeoPoint, _ b: GeoPoint, centre c: GeoPoint, radius r: Double) -> ClosedRange<Double>? {
        let m = GeoPoint.earthRadius * .pi / 180, k = cos(c.lat * .pi / 180)
        let ax = (a.lon - c.lon) * k * m, ay = (a.lat - c.lat) * m
        let dx = (b.lon - a.lon) * k * m, dy = (b.lat - a.lat) * m
        let qa = dx * dx + dy * dy, qb = 2 * (ax * dx + ay * dy), qc = ax * ax + ay * ay - r * r
        guard qa > 1e-12 else { return qc <= 0 ? 0...1 : nil }
        let disc = qb * qb - 4 * qa * qc
        guard disc >= 0 else { return nil }
        let s = disc.squareRoot()
        let lo = max(0, (-qb - s) / (2 * qa)), hi = min(1, (-qb + s) / (2 * qa))
        return hi > lo ? lo...hi : nil
    }
}

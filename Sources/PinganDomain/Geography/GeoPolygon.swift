import Foundation
// GeoPoint (and the seeded generator) live in GeoSupport, shared with Routing; everything that
// imports the domain sees them too.
@_exported import GeoSupport

/// A closed ring of points (the first point is not repeated at the end).
public typealias Ring = [GeoPoint]

/// A polygon: an outer ring and optional holes. Enough for county, township and grid areas.
public struct GeoPolygon: Codable, Hashable, Sendable {
    public var outer: Ring
    public var holes: [Ring]
    public init(outer: Ring, holes: [Ring] = []) {
        self.outer = outer
        self.holes = holes
    }

    public var isEmpty: Bool { outer.count < 3 }

    /// Even-odd point-in-polygon test, holes excluded.
    public func contains(_ p: GeoPoint) -> Bool {
        guard Self.ringContains(outer, p) else { return false }
        return !holes.contains { Self.ringContains($0, p) }
    }

    static func ringContains(_ ring: Ring, _ p: GeoPoint) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.lat > p.lat) != (b.lat > p.lat),
               p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon {
                inside.toggle()
            }
            j = i
        }
        return inside
    }

    /// Signed area in squared degrees of the outer ring (shoelace), positive when counter-clockwise.
    public var signedArea: Double {
        var s = 0.0
        for i in 0..<outer.count {
            let a = outer[i], b = outer[(i + 1) % outer.count]
            s += a.lon * b.lat - b.lon * a.lat
        }
        return s / 2
    }

    /// Area centroid of the outer ring (falls back to the vertex mean for degenerate rings).
    public var centroid: GeoPoint {
        let a = signedArea
        guard abs(a) > 1e-15 else {
            let n = Double(max(outer.count, 1))
            return GeoPoint(lat: outer.reduce(0) { $0 + $1.lat } / n, lon: outer.reduce(0) { $0 + $1.lon } / n)
        }
        var cx = 0.0, cy = 0.0
        for i in 0..<outer.count {
            let p = outer[i], q = outer[(i + 1) % outer.count]
            let f = p.lon * q.lat - q.lon * p.lat
            cx += (p.lon + q.lon) * f
            cy += (p.lat + q.lat) * f
        }
        return GeoPoint(lat: cy / (6 * a), lon: cx / (6 * a))
    }

    /// Bounding box as (min, max).
    public var bounds: (min: GeoPoint, max: GeoPoint) {
        var lo = GeoPoint(lat: .infinity, lon: .infinity), hi = GeoPoint(lat: -.infinity, lon: -.infinity)
        for p in outer {
            lo.lon = Swift.min(lo.lon, p.lon); lo.lat = Swift.min(lo.lat, p.lat)
            hi.lon = Swift.max(hi.lon, p.lon); hi.lat = Swift.max(hi.lat, p.lat)
        }
        return (lo, hi)
    }

    /// The part of this polygon on the side of the line through `a` and `b` where `keep` lies
    /// (Sutherland–Hodgman against one half-plane; correct for any subject polygon because the
    /// clip region is convex). Holes are dropped: the demo layout has none.
    public func clipped(toHalfPlaneOf a: GeoPoint, _ b: GeoPoint, keeping keep: GeoPoint) -> GeoPolygon {
        let side: (GeoPoint) -> Double = { p in (b.lon - a.lon) * (p.lat - a.lat) - (b.lat - a.lat) * (p.lon - a.lon) }
        let keepSign = side(keep) >= 0 ? 1.0 : -1.0
        var out: Ring = []
        out.reserveCapacity(outer.count + 4)
        for i in 0..<outer.count {
            let cur = outer[i], prev = outer[(i + outer.count - 1) % outer.count]
            let sc = side(cur) * keepSign, sp = side(prev) * keepSign
            if sc >= 0 {
                if sp < 0 { out.append(Self.intersect(prev, cur, sp, sc)) }
                out.append(cur)
            } else if sp >= 0 {
                out.append(Self.intersect(prev, cur, sp, sc))
            }
        }
        return GeoPolygon(outer: out)
    }

    static func intersect(_ p: GeoPoint, _ q: GeoPoint, _ sp: Double, _ sq: Double) -> GeoPoint {
        let t = sp / (sp - sq)
        return GeoPoint(lat: p.lat + (q.lat - p.lat) * t, lon: p.lon + (q.lon - p.lon) * t)
    }
}

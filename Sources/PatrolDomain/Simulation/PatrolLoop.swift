import Foundation
import PinganDomain

/// A simulated unit's patrol (for `pingan simulate`): a closed loop of legs inside its grid,
/// driven at the kind's patrol speed, with a pause at each stop (a foot patrol talks to a shop
/// keeper, a car stands at a crossing). Deterministic: the same grid and seed give the same loop,
/// so a demo behaves the same every time it is run.
public struct PatrolLoop: Sendable {
    /// The loop's points in order (the last leg returns to the first), each leg already following
    /// the roads when a road network was given.
    public let path: [GeoPoint]
    /// Indexes into `path` where the unit pauses.
    public let stops: Set<Int>
    public let speed: Double
    public let pause: TimeInterval
    private let legStart: [TimeInterval]
    public let period: TimeInterval

    /// A loop through `stopCount` random points of `grid`; `route` gives the road path between two
    /// points (nil or absent: a straight leg).
    public init(grid: GeoPolygon, kind: PatrolUnitKind, seed: UInt64, stopCount: Int = 5,
                route: ((GeoPoint, GeoPoint) -> [GeoPoint]?)? = nil) {
        var rng = SplitMix64(seed: seed)
        let box = grid.outer.reduce(into: (minLat: 90.0, maxLat: -90.0, minLon: 180.0, maxLon: -180.0)) { b, p in
            b.minLat = min(b.minLat, p.lat); b.maxLat = max(b.maxLat, p.lat); b.minLon = min(b.minLon, p.lon); b.maxLon = max(b.maxLon, p.lon)
        }
        var stopsAt: [GeoPoint] = []
        var tries = 0
        while stopsAt.count < max(2, stopCount), tries < 1000 {
            tries += 1
            let p = GeoPoint(lat: box.minLat + rng.unit() * (box.maxLat - box.minLat), lon: box.minLon + rng.unit() * (box.maxLon - box.minLon))
            if grid.contains(p) { stopsAt.append(p) }
        }
        if stopsAt.count < 2 { stopsAt = [grid.centroid, grid.centroid] }
        var path: [GeoPoint] = [], stops = Set<Int>()
        for (i, a) in stopsAt.enumerated() {
            let b = stopsAt[(i + 1) % stopsAt.count]
            stops.insert(path.count)
            let leg = route?(a, b) ?? [a, b]
            path.append(contentsOf: leg.dropLast())
        }
        self.init(path: path, stops: stops, speed: Self.patrolSpeed(kind), pause: kind.moves ? 60 : 3600)
    }

    public init(path: [GeoPoint], stops: Set<Int>, speed: Double, pause: TimeInterval) {
        self.path = path; self.stops = stops; self.speed = max(0.1, speed); self.pause = pause
        var t: TimeInterval = 0, starts: [TimeInterval] = []
        for i in path.indices {
            starts.append(t)
            if stops.contains(i) { t += pause }
            t += path[i].distance(to: path[(i + 1) % path.count]) / self.speed
        }
        legStart = starts
        period = max(t, 1)
    }

    /// Where the unit is `t` seconds into its patrol, its speed (m/s) and heading (degrees).
    public func position(at t: TimeInterval) -> (point: GeoPoint, speed: Double, heading: Double) {
        guard path.count > 1 else { return (path.first ?? GeoPoint(lat: 0, lon: 0), 0, 0) }
        let local = t.truncatingRemainder(dividingBy: period) + (t < 0 ? period : 0)
        var i = legStart.lastIndex { $0 <= local } ?? 0
        i = min(i, path.count - 1)
        let a = path[i], b = path[(i + 1) % path.count]
        var into = local - legStart[i]
        if stops.contains(i) {
            if into < pause { return (a, 0, Self.heading(a, b)) }
            into -= pause
        }
        let length = a.distance(to: b)
        let f = length > 0 ? min(1, into * speed / length) : 1
        return (GeoPoint(lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f), speed, Self.heading(a, b))
    }

    /// A unit's cruising speed on patrol (m/s): well under its top speed.
    static func patrolSpeed(_ kind: PatrolUnitKind) -> Double {
        switch kind {
        case .footPatrol, .plainClothes: 1.3
        case .motorcycle: 8
        case .checkpointPost, .fixedPost: 0.1
        case .patrolCar, .responseTeam, .mobilePoliceVehicle: 9
        }
    }

    static func heading(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let dLon = (b.lon - a.lon) * .pi / 180, lat1 = a.lat * .pi / 180, lat2 = b.lat * .pi / 180
        let y = sin(dLon) * cos(lat2), x = cos(lat1) * sin(lat2) - sin(lat1) * cos(lat2) * cos(dLon)
        let deg = atan2(y, x) * 180 / .pi
        return (deg + 360).truncatingRemainder(dividingBy: 360)
    }
}

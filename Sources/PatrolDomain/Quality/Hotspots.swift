import Foundation
import PinganDomain

/// An incident's place and time, all hotspot finding needs.
public struct IncidentPoint: Sendable, Hashable, Codable {
    public var position: GeoPoint
    public var at: Date
    public init(position: GeoPoint, at: Date) { self.position = position; self.at = at }
}

/// A place with many incidents lately (P3): where patrols should stop, after Koper.
public struct Hotspot: Sendable, Hashable, Codable {
    /// "hotspot-1", "hotspot-2", … in the order found (most incidents first).
    public var id: String
    /// Mean of the incidents in the cluster.
    public var centre: GeoPoint
    /// A patrol within this distance of the centre is at the hotspot.
    public var radiusMeters: Double
    public var count: Int

    public init(id: String, centre: GeoPoint, radiusMeters: Double, count: Int) {
        self.id = id; self.centre = centre; self.radiusMeters = radiusMeters; self.count = count
    }

    public var place: PatrolPlace { PatrolPlace(id: id, kind: .hotspot, centre: centre, radiusMeters: radiusMeters) }
}

public enum Hotspots {
    /// Incidents older than this do not make a hotspot: four weeks is long enough to see a pattern
    /// and short enough that a place fixed last season drops off.
    public static let defaultWindowDays = 28
    /// Incidents within this distance of a cluster's seed belong to it (about a block).
    public static let defaultClusterMeters = 150.0
    /// Fewer incidents than this in 28 days is chance, not a place.
    public static let defaultMinimumCount = 3
    public static let defaultRadiusMeters = 100.0

    /// The hotspots among `incidents` in the `windowDays` before `now`.
    ///
    /// Seed clustering, chosen because it is simple to explain and does not split a cluster on a
    /// cell line as fixed grid cells do: repeatedly take the incident with the most not-yet-used
    /// incidents within `clusterMeters` (ties: lower latitude, then lower longitude, then earlier),
    /// make those a cluster, and stop when the best has fewer than `minimumCount`. The result does
    /// not depend on the input order. Each round reads every incident's latitude window (below).
    public static func find(_ incidents: [IncidentPoint], now: Date, windowDays: Int = defaultWindowDays,
                            clusterMeters: Double = defaultClusterMeters, minimumCount: Int = defaultMinimumCount,
                            radiusMeters: Double = defaultRadiusMeters) -> [Hotspot] {
        let from = now.addingTimeInterval(-Double(windowDays) * 86_400)
        var left = incidents.filter { $0.at > from && $0.at <= now }.sorted {
            ($0.position.lat, $0.position.lon, $0.at.timeIntervalSince1970) < ($1.position.lat, $1.position.lon, $1.at.timeIntervalSince1970)
        }
        // Two incidents within `clusterMeters` differ in latitude by at most this many degrees (a
        // radius below the Earth's smallest keeps the bound safe): with `left` sorted by latitude,
        // each incident's neighbours lie in one window of it, so a county's thousands of incidents
        // cost a window each instead of all of them; the members and their order are the same.
        let window = clusterMeters / 6_300_000 * 180 / .pi
        var found: [Hotspot] = []
        while !left.isEmpty {
            var best: (index: Int, members: [Int])?
            let lats = left.map(\.position.lat)
            for i in left.indices {
                var lo = 0, hi = lats.count
                while lo < hi { let mid = (lo + hi) / 2; if lats[mid] < lats[i] - window { lo = mid + 1 } else { hi = mid } }
                var members: [Int] = []
                var j = lo
                while j < lats.count, lats[j] <= lats[i] + window {
                    if left[j].position.distance(to: left[i].position) <= clusterMeters { members.append(j) }
                    j += 1
                }
                if members.count > (best?.members.count ?? 0) { best = (i, members) }
            }
            guard let best, best.members.count >= max(1, minimumCount) else { break }
            let pts = best.members.map { left[$0].position }
            let n = Double(pts.count)
            let centre = GeoPoint(lat: pts.reduce(0) { $0 + $1.lat } / n, lon: pts.reduce(0) { $0 + $1.lon } / n)
            found.append(Hotspot(id: "hotspot-\(found.count + 1)", centre: centre, radiusMeters: radiusMeters, count: pts.count))
            let used = Set(best.members)
            left = left.indices.filter { !used.contains($0) }.map { left[$0] }
        }
        return found
    }
}

/// Splits a polygon into one cell per site: each cell is the region nearer to its site than to any
/// other (Voronoi), intersected with the polygon. Used only to draw the demo's illustrative
/// township and grid areas (示意范围); a county imports its real boundaries instead.
public enum VoronoiSplit {
    /// Cells in the order of `sites`. Distances are planar in a local frame scaled by cos(latitude),
    /// so cells are not skewed east–west at this latitude.
    public static func cells(of polygon: GeoPolygon, sites: [GeoPoint]) -> [GeoPolygon] {
        guard let first = sites.first else { return [] }
        let k = cos(first.lat * .pi / 180)
        func toLocal(_ p: GeoPoint) -> GeoPoint { GeoPoint(lat: p.lat, lon: p.lon * k) }
        func fromLocal(_ p: GeoPoint) -> GeoPoint { GeoPoint(lat: p.lat, lon: p.lon / k) }
        let local = GeoPolygon(outer: polygon.outer.map(toLocal))
        let localSites = sites.map(toLocal)
        return localSites.indices.map { i in
            var cell = local
            let s = localSites[i]
            for j in localSites.indices where j != i {
                let t = localSites[j]
                // The bisector of s–t: through the midpoint, perpendicular to s→t.
                let mid = GeoPoint(lat: (s.lat + t.lat) / 2, lon: (s.lon + t.lon) / 2)
                let dir = GeoPoint(lat: t.lon - s.lon, lon: -(t.lat - s.lat))
                let b = GeoPoint(lat: mid.lat + dir.lat, lon: mid.lon + dir.lon)
                cell = cell.clipped(toHalfPlaneOf: mid, b, keeping: s)
                if cell.isEmpty { break }
            }
            return GeoPolygon(outer: cell.outer.map(fromLocal))
        }
    }
}

import Foundation

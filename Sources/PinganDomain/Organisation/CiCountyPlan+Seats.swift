import Foundation

extension CiCountyPlan {
    /// The county seat (GeoNames) and each township's seat point, exactly as `build` places them,
    /// so other layouts (the demo road network) meet the org tree's villages and stations.
    public static func seats(source: CountySource, boundary: GeoPolygon) -> (county: GeoPoint, townships: [(name: String, point: GeoPoint)]) {
        let county = GeoPoint(lat: source.county.seat.lonlat_wgs84[1], lon: source.county.seat.lonlat_wgs84[0])
        let townships = source.townships.map { t in (t.name, inside(seatGuesses[t.name] ?? boundary.centroid, boundary)) }
        return (county, townships)
    }
}

import Foundation

/// A WGS84 position in degrees: the one point type of the domain (org geography) and of routing.
/// Always latitude first, `GeoPoint(lat:lon:)`, as a person reads a coordinate ("36.36,114.37");
/// GeoJSON, which puts longitude first, is converted where it is read and written.
public struct GeoPoint: Codable, Hashable, Sendable {
    public var lat: Double
    public var lon: Double
    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Mean Earth radius in metres (IUGG).
    public static let earthRadius = 6_371_008.8

    /// Great-circle distance in metres (haversine); plenty for county-sized distances.
    public func distance(to other: GeoPoint) -> Double {
        Self.distance(lat, lon, other.lat, other.lon)
    }

    /// The same for raw degrees, for code that keeps coordinates in flat arrays (the road graph).
    @inlinable
    public static func distance(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let p1 = lat1 * .pi / 180, p2 = lat2 * .pi / 180
        let dp = p2 - p1, dl = (lon2 - lon1) * .pi / 180
        let a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2)
        return 2 * earthRadius * asin(min(1, sqrt(a)))
    }
}

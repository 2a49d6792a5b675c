import Foundation

/// A WGS84 position in degrees.
public struct Coordinate: Sendable, Hashable, Codable {
    public var lat: Double
    public var lon: Double
    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Parses `"LAT,LON"`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lat = Double(parts[0]), let lon = Double(parts[1]),
              (-90...90).contains(lat), (-180...180).contains(lon)
        else { throw RoutingError.invalidArgument("invalid coordinate '\(text)': expected LAT,LON in degrees") }
        self.init(lat: lat, lon: lon)
    }
}

/// Fixed-point degrees (1e-7) as stored in the graph arrays, like OSM itself.
enum Fixed {
    static let scale = 1e7
    @inline(__always) static func encode(_ degrees: Double) -> Int32 { Int32((degrees * scale).rounded()) }
    @inline(__always) static func decode(_ value: Int32) -> Double { Double(value) / scale }
}

enum Geo {
    static let earthRadius = 6_371_008.8

    /// Great-circle distance in metres.
    static func distance(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let p1 = lat1 * .pi / 180, p2 = lat2 * .pi / 180
        let dp = p2 - p1, dl = (lon2 - lon1) * .pi / 180
        let a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2)
        return 2 * earthRadius * asin(min(1, sqrt(a)))
    }

    /// Metres per degree of longitude / latitude near `lat` (local equirectangular projection).
    static func metersPerDegree(atLat lat: Double) -> (lon: Double, lat: Double) {
        let m = earthRadius * .pi / 180
        return (m * cos(lat * .pi / 180), m)
    }
}

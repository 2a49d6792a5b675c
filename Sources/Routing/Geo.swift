import Foundation

// GeoPoint and SplitMix64 live in GeoSupport, shared with the domain; importing Routing brings them.
@_exported import GeoSupport

extension GeoPoint {
    /// Parses `"LAT,LON"` as the command line takes it.
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
    static let earthRadius = GeoPoint.earthRadius

    /// Great-circle distance in metres.
    @inline(__always)
    static func distance(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        GeoPoint.distance(lat1, lon1, lat2, lon2)
    }

    /// Metres per degree of longitude / latitude near `lat` (local equirectangular projection).
    static func metersPerDegree(atLat lat: Double) -> (lon: Double, lat: Double) {
        let m = earthRadius * .pi / 180
        return (m * cos(lat * .pi / 180), m)
    }
}

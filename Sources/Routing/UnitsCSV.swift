import Foundation

/// Reads unit and checkpoint lists: CSV with header `id,lat,lon` and an optional `available` column
/// (`true/false/1/0/yes/no`). Columns may come in any order.
public enum UnitsCSV {
    public static func load(path: String) throws -> [UnitLocation] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RoutingError.cannotRead(path: path, reason: "no such file or not readable")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    public static func parse(_ text: String, path: String = "units") throws -> [UnitLocation] {
        var lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw RoutingError.invalidArgument("\(path): empty units file (expected header id,lat,lon)") }
        let header = lines.removeFirst().lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let iId = header.firstIndex(of: "id"), let iLat = header.firstIndex(of: "lat"), let iLon = header.firstIndex(of: "lon") else {
            throw RoutingError.invalidArgument("\(path): header must contain id,lat,lon")
        }
        let iAvail = header.firstIndex(of: "available")
        return try lines.enumerated().map { n, line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count >= header.count, let lat = Double(f[iLat]), let lon = Double(f[iLon]), abs(lat) <= 90, abs(lon) <= 180 else {
                throw RoutingError.invalidArgument("\(path): line \(n + 2): expected id,lat,lon with valid degrees")
            }
            var available = true
            if let iAvail { available = !["false", "0", "no", "n"].contains(f[iAvail].lowercased()) }
            return UnitLocation(id: f[iId], coordinate: GeoPoint(lat: lat, lon: lon), available: available)
        }
    }
}

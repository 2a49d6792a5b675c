/// Every failure of the routing core, each with a one-line human-readable description.
public enum RoutingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The input file could not be read.
    case cannotRead(path: String, reason: String)
    /// The input file has no bytes.
    case emptyFile(path: String)
    /// A `.osm.pbf` file ended in the middle of a block.
    case truncated(path: String, offset: Int, what: String)
    /// A `.osm.pbf` / `.osm.gz` file has bytes that do not decode.
    case corrupt(path: String, offset: Int, reason: String)
    /// A feature of the file this importer does not support (e.g. LZMA blobs).
    case unsupported(path: String, reason: String)
    /// XML that is not OpenStreetMap XML.
    case notOSM(path: String, reason: String)
    /// The import kept no drivable road.
    case noRoads(path: String)
    /// A prepared graph file that is not valid.
    case badGraphFile(path: String, reason: String)
    /// A speed profile that does not parse or has invalid values.
    case badProfile(reason: String)
    /// No road within the snapping radius of a point.
    case noRoadNearby(lat: Double, lon: Double, maxMeters: Double)
    /// An invalid argument to a query (empty limits, bad CSV row, …).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason): return "\(path): cannot read (\(reason))"
        case let .emptyFile(path): return "\(path): empty file"
        case let .truncated(path, offset, what): return "\(path): truncated \(what) at byte \(offset)"
        case let .corrupt(path, offset, reason): return "\(path): corrupt data at byte \(offset): \(reason)"
        case let .unsupported(path, reason): return "\(path): unsupported: \(reason)"
        case let .notOSM(path, reason): return "\(path): not an OpenStreetMap file: \(reason)"
        case let .noRoads(path): return "\(path): no drivable roads found"
        case let .badGraphFile(path, reason): return "\(path): not a valid prepared graph: \(reason)"
        case let .badProfile(reason): return "invalid speed profile: \(reason)"
        case let .noRoadNearby(lat, lon, maxMeters):
            return "no road within \(Int(maxMeters.rounded())) m of \(lat),\(lon)"
        case let .invalidArgument(message): return message
        }
    }
}

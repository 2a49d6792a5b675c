/// Routing core: road graph in flat arrays, OpenStreetMap import and drive-time queries
/// (snapping, isochrones, nearest units, coverage, one-to-many / many-to-one costs and
/// checkpoint assignment). Pure Swift over Foundation, zlib and SwiftProtobuf; no server code.
///
/// Typical use:
/// ```swift
/// let graph = try OSMImporter.importGraph(path: "porto.osm.pbf")
/// try graph.write(to: URL(fileURLWithPath: "porto.graph"))
/// let loaded = try RoadGraph.load(path: "porto.graph")
/// let router = Router(graph: loaded)
/// let iso = try router.isochrone(at: GeoPoint(lat: 41.15, lon: -8.61), limitsSeconds: [180, 300, 600])
/// ```
public enum RoutingInfo {
    /// Version of the prepared graph file format written by ``RoadGraph/write(to:)``.
    public static let formatVersion: UInt32 = 1
}

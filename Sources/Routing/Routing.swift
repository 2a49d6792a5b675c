/// Routing core: road graph in flat arrays, OSM import, drive-time queries.
/// (Placeholder until the routing issue lands.)
public enum RoutingInfo {
    public static let formatVersion: UInt32 = 0
}

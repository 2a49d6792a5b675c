import Foundation
import GeoSupport
import Routing

/// A county's own checkpoint sites for an imported road graph (`PINGAN_CHECKPOINTS`): a GeoJSON
/// FeatureCollection of Points, each with `kind` `exit` (县界出口) or `gate` (城区卡口) and an optional
/// `name`, as a PGIS layer exports them. A graph file keeps roads, not the county's plan, so without
/// this an imported network has no checkpoints to seal. Each site is tied to the graph vertex nearest
/// it on the nearest road; a site with no road within `maxMeters` is refused, never silently moved.
public enum CheckpointSitesFile {
    public struct Invalid: Error, CustomStringConvertible {
        public let problems: [String]
        public var description: String { problems.joined(separator: "; ") }
    }

    public static func load(path: String, graph: RoadGraph, maxMeters: Double = 300) throws -> [CheckpointSite] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Invalid(problems: ["\(path): \(error.localizedDescription)"])
        }
        return try parse(data, graph: graph, maxMeters: maxMeters, source: path)
    }

    public static func parse(_ data: Data, graph: RoadGraph, maxMeters: Double = 300, source: String = "checkpoints") throws -> [CheckpointSite] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], root["type"] as? String == "FeatureCollection",
              let features = root["features"] as? [[String: Any]] else {
            throw Invalid(problems: ["\(source): not a GeoJSON FeatureCollection"])
        }
        var problems: [String] = []
        var named: [CheckpointSite] = []
        var unnamed: [CheckpointSite.Kind: [(position: GeoPoint, vertex: Int)]] = [:]
        for (i, f) in features.enumerated() {
            let what = "\(source) feature \(i + 1)"
            let props = f["properties"] as? [String: Any] ?? [:]
            guard let geometry = f["geometry"] as? [String: Any], geometry["type"] as? String == "Point",
                  let c = geometry["coordinates"] as? [Double], c.count >= 2, c[0].isFinite, c[1].isFinite,
                  abs(c[0]) <= 180, abs(c[1]) <= 90 else {
                problems.append("\(what): not a Point with [lon, lat] coordinates")
                continue
            }
            guard let kindText = props["kind"] as? String, let kind = CheckpointSite.Kind(rawValue: kindText)
                    ?? CheckpointSite.Kind.allCases.first(where: { $0.label == kindText }) else {
                problems.append("\(what): kind must be exit (县界出口) or gate (城区卡口), got \(props["kind"].map { "\($0)" } ?? "none")")
                continue
            }
            let point = GeoPoint(lat: c[1], lon: c[0])
            guard let road = try? graph.snap(point, maxMeters: maxMeters) else {
                problems.append("\(what) at \(point.lat),\(point.lon): no road within \(Int(maxMeters)) m")
                continue
            }
            // The end of the road piece nearer the site: a unit is routed to a vertex.
            let vertex = road.fraction < 0.5 ? graph.edgeSource(road.edge) : graph.edgeTarget(road.edge)
            if let name = props["name"] as? String, !name.trimmingCharacters(in: .whitespaces).isEmpty {
                named.append(CheckpointSite(kind: kind, name: name, position: point, vertex: vertex))
            } else {
                unnamed[kind, default: []].append((point, vertex))
            }
        }
        guard problems.isEmpty else { throw Invalid(problems: problems) }
        // Unnamed sites are numbered clockwise from north around the sites' centre, as the demo's are.
        let all = named.map(\.position) + unnamed.values.flatMap { $0.map(\.position) }
        let centre = GeoPoint(lat: all.map(\.lat).reduce(0, +) / Double(max(all.count, 1)),
                              lon: all.map(\.lon).reduce(0, +) / Double(max(all.count, 1)))
        let numbered = CheckpointSite.Kind.allCases.flatMap { kind in CheckpointSite.numbered(kind, unnamed[kind] ?? [], around: centre) }
        return named + numbered
    }
}

import Foundation
import PatrolDomain
import Routing
import ServerCore
import Vapor

/// The one road network the server routes and draws on, loaded at start and shared read-only by
/// every request: a prepared graph file (`PINGAN_ROAD_GRAPH`), the demo county's generated network
/// (the default), or none, in which case distances are straight lines and every answer says so.
package final class RoadNetwork: Sendable {
    package let graph: RoadGraph?
    /// The class of each directed edge (from the generator, or estimated from speed for a file).
    package let classes: [RoadClass]
    package let checkpoints: [CheckpointSite]
    package let drawing: RoadDrawing?
    /// True for the demo's generated roads (示意路网), never surveyed.
    package let isIllustrative: Bool
    /// Where the graph came from, for people: "示意路网（磁县演示数据生成）", a file path, or "未载入".
    package let source: String
    let routers = RouterPool()

    package init(graph: RoadGraph?, classes: [RoadClass], checkpoints: [CheckpointSite], isIllustrative: Bool, source: String) {
        self.graph = graph
        self.classes = classes
        self.checkpoints = checkpoints
        self.isIllustrative = isIllustrative
        self.source = source
        drawing = graph.map { RoadDrawing(graph: $0, classes: classes) }
    }

    package static let none = RoadNetwork(graph: nil, classes: [], checkpoints: [], isIllustrative: false, source: "未载入")

    /// What a distance on the patrol side means when there is no graph to drive on.
    package static let straightLineNote = "直线距离，未载入路网"
    package var distanceNote: String? { graph == nil ? Self.straightLineNote : nil }
    package var label: String? { isIllustrative ? "示意路网" : nil }

    /// One line for the start-up log.
    package var summary: String {
        guard let graph else { return "路网 / road network: none (\(Self.straightLineNote))" }
        return "路网 / road network: \(source), \(graph.nodeCount) vertices, \(graph.edgeCount) directed edges, "
            + "\(Int(graph.totalMeters / 1000)) km, \(checkpoints.count) checkpoint sites"
    }

    /// Loads what `setting` names, with the county's checkpoint sites from `checkpointsFile` if one
    /// is set. A file that does not load stops start-up with its reason.
    package static func load(_ setting: Settings.RoadGraphSetting, checkpointsFile: String? = nil, resources: String) throws -> RoadNetwork {
        let network = try loadGraph(setting, resources: resources)
        guard let checkpointsFile else { return network }
        guard let graph = network.graph else {
            throw Settings.Invalid(problems: ["PINGAN_CHECKPOINTS=\(checkpointsFile): checkpoint sites need a road graph (PINGAN_ROAD_GRAPH is none)"])
        }
        let sites: [CheckpointSite]
        do { sites = try CheckpointSitesFile.load(path: checkpointsFile, graph: graph) } catch {
            throw Settings.Invalid(problems: ["PINGAN_CHECKPOINTS=\(checkpointsFile): \(error)"])
        }
        return RoadNetwork(graph: graph, classes: network.classes, checkpoints: sites, isIllustrative: network.isIllustrative, source: network.source)
    }

    private static func loadGraph(_ setting: Settings.RoadGraphSetting, resources: String) throws -> RoadNetwork {
        switch setting {
        case .none:
            return .none
        case .file(let path):
            let graph: RoadGraph
            do { graph = try RoadGraph.load(path: path) } catch {
                throw Settings.Invalid(problems: ["PINGAN_ROAD_GRAPH=\(path): \(error)"])
            }
            // A graph file keeps times, not classes; checkpoint sites come with the county's plan
            // (PINGAN_CHECKPOINTS), not the file.
            return RoadNetwork(graph: graph, classes: RoadClass.estimated(for: graph), checkpoints: [], isIllustrative: false, source: path)
        case .demo:
            return try DemoCache.shared.network(resources: resources)
        }
    }
}

/// The demo network, generated once per process per resources folder: it is the same every time,
/// and tests start hundreds of apps.
final class DemoCache: @unchecked Sendable {
    static let shared = DemoCache()
    private let lock = NSLock()
    private var built: [String: RoadNetwork] = [:]

    func network(resources: String) throws -> RoadNetwork {
        try lock.withLock {
            if let n = built[resources] { return n }
            let (source, boundary) = try DemoOrgSeed.loadCounty(resources: resources)
            let demo = try DemoRoadNetwork.generate(.ciCounty(source: source, boundary: boundary))
            let n = RoadNetwork(graph: demo.graph, classes: demo.edgeClasses, checkpoints: demo.checkpoints,
                                isIllustrative: true, source: "示意路网（由磁县演示数据生成）")
            built[resources] = n
            return n
        }
    }
}

extension Application {
    private struct RoadNetworkKey: StorageKey { typealias Value = RoadNetwork }

    /// The app's road network; `.none` until `PatrolWing.boot` has loaded it.
    package var roadNetwork: RoadNetwork {
        get { storage[RoadNetworkKey.self] ?? .none }
        set { storage[RoadNetworkKey.self] = newValue }
    }
}

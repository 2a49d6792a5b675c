import Foundation
import PatrolDomain
import PinganDomain
import Routing
import ServerCore
import Vapor

/// The standing-coverage layer's two caches: the grid index (which grid each road piece lies in,
/// built once per graph and grid set), and each scope's last layer, so the map's poll every few
/// seconds costs one computation per scope per `refreshSeconds`, however many dispatchers watch.
package final class CoverageCache: @unchecked Sendable {
    package static let refreshSeconds: TimeInterval = 5
    private let lock = NSLock()
    private var index: (key: String, value: CoverageLayer.GridIndex)?
    private var layers: [String: (at: Date, layer: CoverageLayer)] = [:]

    func gridIndex(key: String, build: () -> CoverageLayer.GridIndex) -> CoverageLayer.GridIndex {
        lock.withLock {
            if let index, index.key == key { return index.value }
            let built = build()
            index = (key, built)
            return built
        }
    }

    /// The index of `grids` (patrol grids with geometry) over `graph`, built once per grid set and
    /// its last edits.
    func gridIndex(of grids: [OrgUnitModel], graph: RoadGraph) -> CoverageLayer.GridIndex {
        let key = grids.map { "\($0.id!)\($0.updatedAt?.timeIntervalSince1970 ?? 0)" }.joined()
        return gridIndex(key: key) { CoverageLayer.GridIndex(graph: graph, grids: grids) }
    }

    func layer(for key: String, now: Date) -> CoverageLayer? {
        lock.withLock { layers[key].flatMap { now.timeIntervalSince($0.at) < Self.refreshSeconds && $0.at <= now ? $0.layer : nil } }
    }

    func keep(_ layer: CoverageLayer, for key: String, at now: Date) { lock.withLock { layers[key] = (now, layer) } }
}

extension CoverageLayer.GridIndex {
    /// The index of the patrol grids among `grids` that have a geometry, keyed by org unit id.
    package init(graph: RoadGraph, grids: [OrgUnitModel]) {
        self.init(graph: graph, grids: grids.compactMap { g in g.unitGeometry.map { (g.id!.uuidString, $0) } })
    }
}

extension Application {
    private struct CoverageCacheKey: StorageKey { typealias Value = CoverageCache }
    package var coverageCache: CoverageCache {
        sharedService(CoverageCacheKey.self) { CoverageCache() }
    }
}

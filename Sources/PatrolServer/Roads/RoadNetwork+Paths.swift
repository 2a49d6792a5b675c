import Foundation
import PinganDomain
import Routing

extension RoadNetwork {
    /// The driving path between two points along the loaded roads (nil with no graph, or when a
    /// point is more than 3 km from any road): the simulator's patrol legs follow it, so a
    /// simulated car stays on the roads the map draws. A router per call: it is used at start,
    /// a few legs per unit, and a router's search space is not shared between threads.
    package var drivingPath: (@Sendable (GeoPoint, GeoPoint) -> [GeoPoint]?)? {
        guard let graph else { return nil }
        return { a, b in
            guard let target = try? graph.snap(b, maxMeters: 3000) else { return nil }
            let start = PlacedUnits(graph: graph, units: [UnitLocation(id: "leg", coordinate: a)], maxSnapMeters: 3000)
            guard let leg = try? Router(graph: graph).nearestUnits(to: target, units: start, k: 1, routes: true).first,
                  leg.route.count >= 2 else { return nil }
            return leg.route
        }
    }
}

extension RoadNetwork {
    /// Runs `body` with a router over the graph, from a small pool: a router holds search scratch
    /// the size of the graph, too big to allocate per recommendation, and not to be shared by two
    /// requests at once. Nil with no graph.
    package func withRouter<R>(_ body: (Router) throws -> R) rethrows -> R? {
        guard let graph else { return nil }
        let router = routers.take() ?? Router(graph: graph)
        defer { routers.give(router) }
        return try body(router)
    }
}

/// The routers `withRouter` lends; at most `keep` are kept (one per core is plenty).
final class RouterPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Router] = []
    private let keep = 8

    func take() -> Router? { lock.withLock { idle.popLast() } }
    func give(_ r: Router) { lock.withLock { if idle.count < keep { idle.append(r) } } }
}

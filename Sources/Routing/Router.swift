import Foundation

/// A vertex reached by a search, with its drive time.
public struct ReachedVertex: Sendable, Hashable {
    public let vertex: Int
    public let milliseconds: UInt32
    public var seconds: Double { Double(milliseconds) / 1000 }
}

/// The part of a directed edge reachable from its start point `fromFraction`, entered at `milliseconds`.
/// Within a limit `L ≥ milliseconds` it is reached up to `min(1, fromFraction + (L − milliseconds) / weight)`.
public struct ReachedEdge: Sendable, Hashable {
    public let edge: Int
    public let fromFraction: Double
    public let milliseconds: UInt32
}

/// One unit's answer to a nearest-units query.
public struct UnitETA: Sendable {
    public let unitIndex: Int
    public let id: String
    public let seconds: Double
    public let meters: Double
    /// Driving route from the unit to the incident (empty if routes were not requested).
    public let route: [GeoPoint]
}

/// Result of a coverage query (multi-source bounded search from all units).
public struct Coverage: Sendable {
    public let limitSeconds: Double
    /// Vertices within the limit of some unit.
    public let reachedVertices: Int
    public let totalVertices: Int
    /// Directed road length within the limit (partial edges counted by the reached fraction).
    public let coveredMeters: Double
    public let totalMeters: Double
    /// Per unit (input order): vertices and road metres it reaches first (network Voronoi cells within the limit).
    public let unitVertices: [Int]
    public let unitMeters: [Double]
    public var lengthShare: Double { totalMeters > 0 ? coveredMeters / totalMeters : 0 }
    public var vertexShare: Double { totalVertices > 0 ? Double(reachedVertices) / Double(totalVertices) : 0 }
}

/// Per-query routing object over a shared ``RoadGraph``. Holds the search scratch; reuse it for many
/// queries on one thread/task (it is not thread-safe), create one per concurrent worker.
public final class Router {
    public let graph: RoadGraph
    let space: SearchSpace
    let mark: UnsafeMutablePointer<UInt8>

    public init(graph: RoadGraph) {
        self.graph = graph
        space = SearchSpace(graph: graph)
        mark = .allocate(capacity: max(graph.nodeCount, 1))
        mark.initialize(repeating: 0, count: max(graph.nodeCount, 1))
    }

    static func milliseconds(_ seconds: Double) throws -> UInt32 {
        guard seconds.isFinite, seconds >= 0 else { throw RoutingError.invalidArgument("time limit must be a non-negative number of seconds") }
        return UInt32(min(seconds * 1000, Double(UInt32.max / 2)).rounded())
    }

    func checkVertex(_ v: Int) throws {
        guard v >= 0 && v < graph.nodeCount else { throw RoutingError.invalidArgument("vertex \(v) out of range 0..<\(graph.nodeCount)") }
    }

    func check(_ units: PlacedUnits) throws {
        guard units.graphID == ObjectIdentifier(graph) else {
            throw RoutingError.invalidArgument("units were placed on a different graph")
        }
    }

    // MARK: core bounded searches

    /// Bounded search from vertices (cost 0); returns the number of vertices with drive time ≤ `limitMilliseconds`.
    /// This is the isochrone search without collecting results (used by the benchmark).
    @discardableResult
    public func reachCount(from sources: [Int], limitMilliseconds: UInt32, direction: SearchDirection = .forward) -> Int {
        space.reset(direction)
        for (i, s) in sources.enumerated() where s >= 0 && s < graph.nodeCount { space.seed(s, cost: 0, tag: UInt32(i)) }
        return space.run(limit: limitMilliseconds)
    }

    /// Drive time in milliseconds to (forward) or from (backward) `v` in the last search, or nil if not reached.
    public func lastDistance(_ v: Int) -> UInt32? {
        let d = space.dist[v]
        return d == SearchSpace.infinity ? nil : d
    }

    // MARK: isochrones

    /// Isochrone from a road position: every vertex and edge part reachable within the largest limit.
    public func isochrone(from position: RoadPosition, limitsSeconds: [Double]) throws -> Isochrone {
        let seeds = graph.departSeeds(position)
        var start = [ReachedEdge(edge: position.edge, fromFraction: position.fraction, milliseconds: 0)]
        if let t = position.twin { start.append(ReachedEdge(edge: t, fromFraction: 1 - position.fraction, milliseconds: 0)) }
        return try isochrone(seeds: seeds, startEdges: start, limitsSeconds: limitsSeconds, origin: position.point)
    }

    /// Isochrone from a vertex.
    public func isochrone(fromVertex v: Int, limitsSeconds: [Double]) throws -> Isochrone {
        try checkVertex(v)
        return try isochrone(seeds: [Seed(vertex: v, cost: 0)], startEdges: [], limitsSeconds: limitsSeconds,
                             origin: graph.coordinate(ofVertex: v))
    }

    func isochrone(seeds: [Seed], startEdges: [ReachedEdge], limitsSeconds: [Double], origin: GeoPoint) throws -> Isochrone {
        guard !limitsSeconds.isEmpty else { throw RoutingError.invalidArgument("give at least one time limit") }
        let limits = try limitsSeconds.map(Router.milliseconds).sorted()
        let maxLimit = limits.last!
        space.reset(.forward)
        for s in seeds { space.seed(s.vertex, cost: s.cost, tag: 0) }
        space.run(limit: maxLimit)
        var vertices: [ReachedVertex] = []
        var edges = startEdges
        let dist = space.dist
        for i in 0..<space.touchedCount {
            let u = Int(space.touched[i])
            let d = dist[u]
            guard d <= maxLimit else { continue }
            vertices.append(ReachedVertex(vertex: u, milliseconds: d))
            for e in graph.outEdges(u) { edges.append(ReachedEdge(edge: e, fromFraction: 0, milliseconds: d)) }
        }
        return Isochrone(graph: graph, origin: origin, limitsMilliseconds: limits, vertices: vertices, edges: edges)
    }

    // MARK: one-to-many / many-to-one

    struct TargetVisitor: SearchVisitor {
        let mark: UnsafeMutablePointer<UInt8>
        var remaining: Int
        @inline(__always) mutating func settle(_ v: Int, _ d: UInt32) -> Bool {
            if mark[v] != 0 {
                mark[v] = 0
                remaining -= 1
                if remaining == 0 { return false }
            }
            return true
        }
    }

    deinit { mark.deallocate() }

    /// Search from `seeds` until every vertex in `targetVertices` is settled (or `limit` is passed).
    func searchUntilSettled(_ seeds: [Seed], _ targetVertices: [Int], _ direction: SearchDirection, limit: UInt32) {
        space.reset(direction)
        for s in seeds { space.seed(s.vertex, cost: s.cost, tag: 0) }
        var count = 0
        for t in targetVertices where mark[t] == 0 { mark[t] = 1; count += 1 }
        var visitor = TargetVisitor(mark: mark, remaining: count)
        if count > 0 { space.run(limit: limit, visitor: &visitor) }
        for t in targetVertices { mark[t] = 0 }
    }

    /// Drive times in seconds from one vertex to many (nil = unreachable).
    public func oneToMany(from source: Int, to targets: [Int]) throws -> [Double?] {
        try checkVertex(source); try targets.forEach(checkVertex)
        searchUntilSettled([Seed(vertex: source, cost: 0)], targets, .forward, limit: .max)
        return targets.map { lastDistance($0).map { Double($0) / 1000 } }
    }

    /// Drive times in seconds from many vertices to one (nil = unreachable), by one backward search.
    public func manyToOne(from sources: [Int], to target: Int) throws -> [Double?] {
        try checkVertex(target); try sources.forEach(checkVertex)
        searchUntilSettled([Seed(vertex: target, cost: 0)], sources, .backward, limit: .max)
        return sources.map { lastDistance($0).map { Double($0) / 1000 } }
    }

    /// Drive times in seconds from one road position to many (nil = unreachable).
    public func oneToMany(from source: RoadPosition, to targets: [RoadPosition]) -> [Double?] {
        let arrive = targets.map(graph.arriveSeeds)
        searchUntilSettled(graph.departSeeds(source), arrive.flatMap { $0.map(\.vertex) }, .forward, limit: .max)
        return zip(targets, arrive).map { t, seeds in best(seeds, direct: graph.directCost(from: source, to: t)) }
    }

    /// Drive times in seconds from many road positions to one (nil = unreachable), by one backward search.
    public func manyToOne(from sources: [RoadPosition], to target: RoadPosition) -> [Double?] {
        let depart = sources.map(graph.departSeeds)
        searchUntilSettled(graph.arriveSeeds(target), depart.flatMap { $0.map(\.vertex) }, .backward, limit: .max)
        return zip(sources, depart).map { s, seeds in best(seeds, direct: graph.directCost(from: s, to: target)) }
    }

    private func best(_ seeds: [Seed], direct: UInt32?) -> Double? {
        var b = direct.map(UInt64.init) ?? UInt64.max
        for s in seeds where space.dist[s.vertex] != SearchSpace.infinity { b = min(b, UInt64(space.dist[s.vertex]) + UInt64(s.cost)) }
        return b == UInt64.max ? nil : Double(b) / 1000
    }
}

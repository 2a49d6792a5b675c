/// A unit (patrol car, ambulance, …) as given by the caller.
public struct UnitLocation: Sendable, Hashable {
    public var id: String
    public var coordinate: GeoPoint
    /// Unavailable units are placed but never returned by nearest-unit queries.
    public var available: Bool
    public init(id: String, coordinate: GeoPoint, available: Bool = true) {
        self.id = id; self.coordinate = coordinate; self.available = available
    }
}

struct Seed: Hashable {
    var vertex: Int
    var cost: UInt32
}

@inline(__always) func scaled(_ w: UInt32, _ f: Double) -> UInt32 { UInt32((Double(w) * min(1, max(0, f))).rounded()) }

extension RoadGraph {
    /// Seeds for leaving a road position (forward search): drive to the edge's head, or back to its tail over the twin.
    /// A position standing on the tail of a one-way edge is at an intersection: it may leave along every road
    /// there, so the tail itself is a seed at no cost (without it, a car at a crossing could only drive off
    /// down the one road it snapped to).
    func departSeeds(_ p: RoadPosition) -> [Seed] {
        var s = [Seed(vertex: Int(head[p.edge]), cost: scaled(weight[p.edge], 1 - p.fraction))]
        if let t = p.twin {
            s.append(Seed(vertex: Int(head[t]), cost: scaled(weight[t], p.fraction)))
        } else if isAtVertex(p, fraction: p.fraction) {
            s.append(Seed(vertex: Int(edgeTail[p.edge]), cost: 0))
        }
        return s
    }

    /// Seeds for arriving at a road position (backward search): from the edge's tail, or from its head over the twin.
    /// A position on the head of a one-way edge is reached by every road into that vertex: the head is a seed at no
    /// cost. The seed order matters to route reading: 0 is the edge, 1 its twin or the vertex itself.
    func arriveSeeds(_ p: RoadPosition) -> [Seed] {
        var s = [Seed(vertex: Int(edgeTail[p.edge]), cost: scaled(weight[p.edge], p.fraction))]
        if let t = p.twin {
            s.append(Seed(vertex: Int(edgeTail[t]), cost: scaled(weight[t], 1 - p.fraction)))
        } else if isAtVertex(p, fraction: 1 - p.fraction) {
            s.append(Seed(vertex: Int(head[p.edge]), cost: 0))
        }
        return s
    }

    /// Whether `fraction` of the edge under `p` is within a centimetre of nothing: the position is the vertex.
    @inline(__always) func isAtVertex(_ p: RoadPosition, fraction: Double) -> Bool {
        fraction * edgeMeters(p.edge) < 0.01
    }

    /// Cost of driving from `p` to `q` when both lie on the same road piece, without passing a vertex.
    func directCost(from p: RoadPosition, to q: RoadPosition) -> UInt32? {
        let fq: Double
        if q.edge == p.edge { fq = q.fraction } else if let t = p.twin, q.edge == t { fq = 1 - q.fraction } else { return nil }
        if fq >= p.fraction { return scaled(weight[p.edge], fq - p.fraction) }
        if let t = p.twin { return scaled(weight[t], p.fraction - fq) }
        return nil
    }
}

/// Units placed on the graph once (snapped) and reused across queries.
public final class PlacedUnits {
    /// Ids of all given units, in input order.
    public let ids: [String]
    public let available: [Bool]
    /// Snapped positions (nil for units placed at vertices or not placed).
    public let positions: [RoadPosition?]
    /// Units that could not be placed (no road within the snapping radius), with the reason.
    public let unplaced: [(index: Int, reason: String)]
    let seeds: [[Seed]]                    // depart seeds per unit
    let slotOfVertex: UnsafeMutablePointer<UInt32> // index into slotStart, or none
    let slotStart: [UInt32]
    let slotUnit: [UInt32]
    let slotCost: [UInt32]
    let n: Int
    let graphID: ObjectIdentifier

    /// Snaps units to the road network; units farther than `maxSnapMeters` from any road are listed in ``unplaced``.
    public convenience init(graph: RoadGraph, units: [UnitLocation], maxSnapMeters: Double = 500) {
        var positions: [RoadPosition?] = [], unplaced: [(Int, String)] = [], seeds: [[Seed]] = []
        for (i, u) in units.enumerated() {
            do {
                let p = try graph.snap(u.coordinate, maxMeters: maxSnapMeters)
                positions.append(p); seeds.append(graph.departSeeds(p))
            } catch {
                positions.append(nil); seeds.append([]); unplaced.append((i, "\(error)"))
            }
        }
        self.init(graph: graph, ids: units.map(\.id), available: units.map(\.available), positions: positions,
                  seeds: seeds, unplaced: unplaced)
    }

    /// Places units exactly at vertices (cost 0), e.g. for benchmarks and tests.
    public convenience init(graph: RoadGraph, vertices: [Int], ids: [String]? = nil) {
        self.init(graph: graph, ids: ids ?? vertices.indices.map { "u\($0)" }, available: vertices.map { _ in true },
                  positions: vertices.map { _ in nil }, seeds: vertices.map { [Seed(vertex: $0, cost: 0)] }, unplaced: [])
    }

    /// Places units at road positions already snapped (e.g. with ``RoadGraph/snap(_:maxMeters:)``).
    public convenience init(graph: RoadGraph, ids: [String], positions: [RoadPosition], available: [Bool]? = nil) {
        self.init(graph: graph, ids: ids, available: available ?? positions.map { _ in true }, positions: positions,
                  seeds: positions.map(graph.departSeeds), unplaced: [])
    }

    init(graph: RoadGraph, ids: [String], available: [Bool], positions: [RoadPosition?], seeds: [[Seed]], unplaced: [(Int, String)]) {
        self.ids = ids; self.available = available; self.positions = positions; self.seeds = seeds
        self.unplaced = unplaced.map { (index: $0.0, reason: $0.1) }
        n = graph.nodeCount
        graphID = ObjectIdentifier(graph)
        slotOfVertex = .allocate(capacity: max(n, 1))
        slotOfVertex.initialize(repeating: SearchSpace.none, count: max(n, 1))
        var byVertex: [Int: [(UInt32, UInt32)]] = [:]
        for (u, list) in seeds.enumerated() where available[u] {
            for s in list { byVertex[s.vertex, default: []].append((UInt32(u), s.cost)) }
        }
        var start: [UInt32] = [0], unit: [UInt32] = [], cost: [UInt32] = []
        for (v, list) in byVertex.sorted(by: { $0.key < $1.key }) {
            slotOfVertex[v] = UInt32(start.count - 1)
            for (u, c) in list { unit.append(u); cost.append(c) }
            start.append(UInt32(unit.count))
        }
        slotStart = start; slotUnit = unit; slotCost = cost
    }

    deinit { slotOfVertex.deallocate() }

    /// Number of units (placed or not).
    public var count: Int { ids.count }
}

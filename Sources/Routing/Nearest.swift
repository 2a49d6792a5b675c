import Foundation

extension Router {
    /// Settles vertices backward from the incident; collects unit ETAs and stops once the k-th best
    /// ETA is no larger than the distance being settled (no later unit can beat it).
    struct NearestVisitor: SearchVisitor {
        let slotOfVertex: UnsafeMutablePointer<UInt32>
        let slotStart: UnsafeBufferPointer<UInt32>
        let slotUnit: UnsafeBufferPointer<UInt32>
        let slotCost: UnsafeBufferPointer<UInt32>
        let k: Int
        var best: [Int: (eta: UInt64, vertex: Int)]
        var top: [UInt64] // sorted ascending, at most k ETAs of distinct units

        mutating func offer(unit: Int, eta: UInt64, vertex: Int) {
            if let old = best[unit] {
                guard eta < old.eta else { return }
                if let i = top.firstIndex(of: old.eta) { top.remove(at: i) }
            }
            best[unit] = (eta, vertex)
            let i = top.firstIndex { $0 > eta } ?? top.count
            top.insert(eta, at: i)
            if top.count > k { top.removeLast() }
        }

        @inline(__always) mutating func settle(_ v: Int, _ d: UInt32) -> Bool {
            if top.count >= k && top[k - 1] <= UInt64(d) { return false }
            let slot = slotOfVertex[v]
            if slot != SearchSpace.none {
                for i in Int(slotStart[Int(slot)])..<Int(slotStart[Int(slot) + 1]) {
                    offer(unit: Int(slotUnit[i]), eta: UInt64(d) + UInt64(slotCost[i]), vertex: v)
                }
            }
            return true
        }
    }

    /// The `k` available units with the smallest drive time to an incident position (one backward
    /// search, stopped at the k-th unit), each with ETA, route length and (optionally) route geometry.
    public func nearestUnits(to incident: RoadPosition, units: PlacedUnits, k: Int, routes: Bool = true) throws -> [UnitETA] {
        try check(units)
        let direct: [(Int, UInt32)] = units.positions.enumerated().compactMap { i, p in
            guard let p, units.available[i], let c = graph.directCost(from: p, to: incident) else { return nil }
            return (i, c)
        }
        return nearest(arrive: graph.arriveSeeds(incident), incident: incident, direct: direct, units: units, k: k, routes: routes)
    }

    /// The `k` nearest available units to an incident at a vertex.
    public func nearestUnits(toVertex v: Int, units: PlacedUnits, k: Int, routes: Bool = true) throws -> [UnitETA] {
        try checkVertex(v)
        try check(units)
        return nearest(arrive: [Seed(vertex: v, cost: 0)], incident: nil, direct: [], units: units, k: k, routes: routes)
    }

    func nearest(arrive: [Seed], incident: RoadPosition?, direct: [(Int, UInt32)], units: PlacedUnits, k: Int, routes: Bool) -> [UnitETA] {
        guard k > 0 else { return [] }
        space.reset(.backward)
        for (i, s) in arrive.enumerated() { space.seed(s.vertex, cost: s.cost, tag: UInt32(i)) }
        let result: [(unit: Int, eta: UInt64, vertex: Int)] = units.slotStart.withUnsafeBufferPointer { start in
            units.slotUnit.withUnsafeBufferPointer { unit in
                units.slotCost.withUnsafeBufferPointer { cost in
                    var visitor = NearestVisitor(slotOfVertex: units.slotOfVertex, slotStart: start, slotUnit: unit,
                                                 slotCost: cost, k: k, best: [:], top: [])
                    for (u, c) in direct { visitor.offer(unit: u, eta: UInt64(c), vertex: -1) }
                    space.run(limit: .max, visitor: &visitor)
                    return visitor.best.map { (unit: $0.key, eta: $0.value.eta, vertex: $0.value.vertex) }
                }
            }
        }
        let chosen = result.sorted { ($0.eta, $0.unit) < ($1.eta, $1.unit) }.prefix(k)
        return chosen.map { r in
            let (meters, route) = self.route(unit: r.unit, vertex: r.vertex, units: units, incident: incident, withGeometry: routes)
            return UnitETA(unitIndex: r.unit, id: units.ids[r.unit], seconds: Double(r.eta) / 1000, meters: meters, route: route)
        }
    }

    /// Route from a unit to the incident through `vertex` (or along the shared road piece when `vertex` is −1),
    /// read from the backward search tree.
    func route(unit: Int, vertex: Int, units: PlacedUnits, incident: RoadPosition?, withGeometry: Bool) -> (Double, [GeoPoint]) {
        var meters = 0.0
        var pts: [GeoPoint] = []
        func add(_ e: Int, _ from: Double, _ to: Double) {
            meters += graph.edgeMeters(e) * max(0, to - from)
            if withGeometry {
                let g = graph.geometry(ofEdge: e, from: from, to: to)
                pts.append(contentsOf: pts.isEmpty ? g : Array(g.dropFirst()))
            }
        }
        let unitPos = units.positions[unit]
        if vertex < 0, let p = unitPos, let q = incident {
            // same road piece
            let fq = q.edge == p.edge ? q.fraction : 1 - q.fraction
            if fq >= p.fraction { add(p.edge, p.fraction, fq) } else if let t = p.twin { add(t, 1 - p.fraction, 1 - fq) }
            return (meters, pts)
        }
        // unit → vertex
        if let p = unitPos {
            if Int(graph.head[p.edge]) == vertex { add(p.edge, p.fraction, 1) } else if let t = p.twin { add(t, 1 - p.fraction, 1) }
        } else if withGeometry {
            pts.append(graph.coordinate(ofVertex: vertex))
        }
        // vertex → … → arrive seed, along the backward search tree
        var v = vertex
        var guardSteps = graph.nodeCount
        while let e = space.parentEdge(v), guardSteps > 0 {
            add(e, 0, 1)
            v = graph.edgeTarget(e)
            guardSteps -= 1
        }
        // arrive seed → incident
        if let q = incident {
            let tag = space.origin[v]
            if tag == 0 { add(q.edge, 0, q.fraction) } else if let t = q.twin { add(t, 0, 1 - q.fraction) }
        }
        return (meters, pts)
    }

    // MARK: coverage

    /// Multi-source bounded search from every placed unit: which vertices and how much road length lie
    /// within `limitSeconds` of some unit, and which unit reaches each first (network Voronoi).
    /// Road length is directed: a two-way road counts once per direction.
    public func coverage(units: PlacedUnits, limitSeconds: Double) throws -> Coverage {
        let limit = try Router.milliseconds(limitSeconds)
        try check(units)
        space.reset(.forward)
        for (u, seeds) in units.seeds.enumerated() {
            for s in seeds where s.cost <= limit { space.seed(s.vertex, cost: s.cost, tag: UInt32(u)) }
        }
        space.run(limit: limit)
        var unitVertices = [Int](repeating: 0, count: units.count)
        var unitMeters = [Double](repeating: 0, count: units.count)
        var reached = 0
        var covered = 0.0
        let g = graph
        let first = g.firstOut.baseAddress!, w = g.weight.baseAddress!, len = g.length.baseAddress!
        let dist = space.dist, origin = space.origin, touched = space.touched
        for i in 0..<space.touchedCount {
            let u = Int(touched[i])
            let d = dist[u]
            guard d <= limit else { continue }
            reached += 1
            let owner = Int(origin[u])
            let left = Double(limit - d)
            var m = 0.0
            for e in Int(first[u])..<Int(first[u + 1]) {
                let we = Double(w[e])
                m += Double(len[e]) * (left >= we ? 1 : left / we)
            }
            covered += m
            unitVertices[owner] += 1
            unitMeters[owner] += m
        }
        // The road pieces units stand on: add what each unit reaches onward from its position, as the
        // union with the part reached from the edge's tail and with other units on the same edge.
        var pieces: [(edge: Int, from: Double, unit: Int)] = []
        for (u, p) in units.positions.enumerated() {
            guard let p else { continue }
            pieces.append((p.edge, p.fraction, u))
            if let t = p.twin { pieces.append((t, 1 - p.fraction, u)) }
        }
        pieces.sort { ($0.edge, $0.from) < ($1.edge, $1.from) }
        var i = 0
        while i < pieces.count {
            let e = pieces[i].edge
            let we = Double(w[e])
            let tailD = dist[Int(g.edgeTail[e])]
            var reachedTo = tailD <= limit ? (we > 0 ? min(1, Double(limit - tailD) / we) : 1) : 0
            while i < pieces.count && pieces[i].edge == e {
                let f = pieces[i].from
                let end = we > 0 ? min(1, f + Double(limit) / we) : 1
                let extra = max(0, end - max(f, reachedTo)) * Double(len[e])
                reachedTo = max(reachedTo, end)
                covered += extra
                unitMeters[pieces[i].unit] += extra
                i += 1
            }
        }
        return Coverage(limitSeconds: Double(limit) / 1000, reachedVertices: reached, totalVertices: g.nodeCount,
                        coveredMeters: covered, totalMeters: g.totalMeters, unitVertices: unitVertices, unitMeters: unitMeters)
    }

    /// After ``coverage(units:limitSeconds:)``: the unit index owning vertex `v`, or nil if `v` is outside the limit.
    public func coverageOwner(ofVertex v: Int, limitSeconds: Double) -> Int? {
        let d = space.dist[v]
        guard d != SearchSpace.infinity, Double(d) <= limitSeconds * 1000 + 0.5 else { return nil }
        return Int(space.origin[v])
    }
}

/// Bottleneck assignment of units to checkpoints.
public enum BottleneckAssignment {
    /// Result: `unitOfCheckpoint[c]` is the unit sent to checkpoint `c` (nil if none can or is left),
    /// maximising the number of covered checkpoints, then minimising the latest arrival.
    public struct Solution: Sendable, Equatable {
        public let unitOfCheckpoint: [Int?]
        /// Latest arrival among assigned pairs (ms), nil if nothing is assigned.
        public let bottleneckMilliseconds: UInt32?
        public var assignedCount: Int { unitOfCheckpoint.compactMap { $0 }.count }
    }

    /// Solves over `times[unit][checkpoint]` (ms, nil = not reachable within the deadline):
    /// binary search over the sorted distinct times, with a bipartite maximum matching (augmenting
    /// paths, Kuhn) per probe.
    public static func solve(times: [[UInt32?]], checkpoints: Int) -> Solution {
        let units = times.count
        var candidates: [UInt32] = []
        for row in times { for t in row { if let t { candidates.append(t) } } }
        candidates = Array(Set(candidates)).sorted()
        guard !candidates.isEmpty, checkpoints > 0 else {
            return Solution(unitOfCheckpoint: [Int?](repeating: nil, count: checkpoints), bottleneckMilliseconds: nil)
        }
        // adjacency per checkpoint, sorted by time so probes can stop early
        var adj = [[(unit: Int, t: UInt32)]](repeating: [], count: checkpoints)
        for u in 0..<units { for c in 0..<checkpoints { if let t = times[u][c] { adj[c].append((u, t)) } } }
        for c in 0..<checkpoints { adj[c].sort { $0.t < $1.t } }

        func matching(_ threshold: UInt32) -> (Int, [Int]) {
            var unitMatch = [Int](repeating: -1, count: units)
            var checkpointMatch = [Int](repeating: -1, count: checkpoints)
            var seen = [Int](repeating: -1, count: units)
            var size = 0
            func augment(_ c: Int, _ stamp: Int) -> Bool {
                for (u, t) in adj[c] {
                    if t > threshold { break }
                    if seen[u] == stamp { continue }
                    seen[u] = stamp
                    if unitMatch[u] < 0 || augment(unitMatch[u], stamp) {
                        unitMatch[u] = c; checkpointMatch[c] = u
                        return true
                    }
                }
                return false
            }
            for c in 0..<checkpoints where augment(c, c) { size += 1 }
            return (size, checkpointMatch)
        }
        let (best, _) = matching(candidates.last!)
        var lo = 0, hi = candidates.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if matching(candidates[mid]).0 == best { hi = mid } else { lo = mid + 1 }
        }
        let (_, match) = matching(candidates[lo])
        return Solution(unitOfCheckpoint: match.map { $0 < 0 ? nil : $0 }, bottleneckMilliseconds: best > 0 ? candidates[lo] : nil)
    }
}

/// A checkpoint plan: who seals which checkpoint, how late the last one is sealed, and what is left open.
public struct CheckpointPlan: Sendable {
    public struct Pair: Sendable { public let checkpoint: Int; public let unit: Int; public let seconds: Double }
    public let pairs: [Pair]
    /// Latest arrival among the pairs, seconds.
    public let latestSeconds: Double?
    /// Checkpoints that no unit reaches within the deadline.
    public let unreachable: [Int]
    /// Checkpoints reachable by someone but left without a unit (more checkpoints than usable units).
    public let unassigned: [Int]
    /// Drive times unit × checkpoint in ms (nil = beyond the deadline).
    public let times: [[UInt32?]]
}

extension Router {
    /// Drive times (ms) from every placed unit to every checkpoint within `deadlineSeconds`,
    /// by one bounded backward search per checkpoint.
    public func checkpointTimes(units: PlacedUnits, checkpoints: [RoadPosition], deadlineSeconds: Double) throws -> [[UInt32?]] {
        try checkpointTimes(units: units, arrive: checkpoints.map(graph.arriveSeeds), checkpoints: checkpoints, deadlineSeconds: deadlineSeconds)
    }

    /// As ``checkpointTimes(units:checkpoints:deadlineSeconds:)`` with checkpoints at vertices.
    public func checkpointTimes(units: PlacedUnits, checkpointVertices: [Int], deadlineSeconds: Double) throws -> [[UInt32?]] {
        try checkpointVertices.forEach(checkVertex)
        return try checkpointTimes(units: units, arrive: checkpointVertices.map { [Seed(vertex: $0, cost: 0)] }, checkpoints: nil, deadlineSeconds: deadlineSeconds)
    }

    func checkpointTimes(units: PlacedUnits, arrive: [[Seed]], checkpoints: [RoadPosition]?, deadlineSeconds: Double) throws -> [[UInt32?]] {
        let limit = try Router.milliseconds(deadlineSeconds)
        try check(units)
        var times = [[UInt32?]](repeating: [UInt32?](repeating: nil, count: arrive.count), count: units.count)
        for (c, seeds) in arrive.enumerated() {
            space.reset(.backward)
            for s in seeds { space.seed(s.vertex, cost: s.cost, tag: 0) }
            space.run(limit: limit)
            for u in 0..<units.count {
                var best = UInt64.max
                if let p = units.positions[u], let cp = checkpoints?[c], let d = graph.directCost(from: p, to: cp) { best = UInt64(d) }
                for s in units.seeds[u] where space.dist[s.vertex] != SearchSpace.infinity {
                    best = min(best, UInt64(space.dist[s.vertex]) + UInt64(s.cost))
                }
                if best <= UInt64(limit) { times[u][c] = UInt32(best) }
            }
        }
        return times
    }

    /// Assigns at most one available unit per checkpoint, covering as many checkpoints as possible within
    /// the deadline and, among those plans, minimising the latest arrival (bottleneck assignment).
    public func assignCheckpoints(units: PlacedUnits, checkpoints: [RoadPosition], deadlineSeconds: Double) throws -> CheckpointPlan {
        var times = try checkpointTimes(units: units, checkpoints: checkpoints, deadlineSeconds: deadlineSeconds)
        return BottleneckAssignment.plan(times: &times, available: units.available, checkpoints: checkpoints.count)
    }

    /// As ``assignCheckpoints(units:checkpoints:deadlineSeconds:)`` with checkpoints at vertices.
    public func assignCheckpoints(units: PlacedUnits, checkpointVertices: [Int], deadlineSeconds: Double) throws -> CheckpointPlan {
        var times = try checkpointTimes(units: units, checkpointVertices: checkpointVertices, deadlineSeconds: deadlineSeconds)
        return BottleneckAssignment.plan(times: &times, available: units.available, checkpoints: checkpointVertices.count)
    }
}

extension BottleneckAssignment {
    static func plan(times: inout [[UInt32?]], available: [Bool], checkpoints: Int) -> CheckpointPlan {
        let usable = times.enumerated().map { u, row in available[u] ? row : row.map { _ in nil } }
        let sol = solve(times: usable, checkpoints: checkpoints)
        let unreachable = (0..<checkpoints).filter { c in usable.allSatisfy { $0[c] == nil } }
        let pairs = sol.unitOfCheckpoint.enumerated().compactMap { c, u in
            u.map { CheckpointPlan.Pair(checkpoint: c, unit: $0, seconds: Double(usable[$0][c]!) / 1000) }
        }
        let unassigned = (0..<checkpoints).filter { sol.unitOfCheckpoint[$0] == nil && !unreachable.contains($0) }
        return CheckpointPlan(pairs: pairs, latestSeconds: sol.bottleneckMilliseconds.map { Double($0) / 1000 },
                              unreachable: unreachable, unassigned: unassigned, times: times)
    }
}

import Foundation
import Routing
import Testing

@Suite struct AssignmentTests {
    /// Best (max covered, then min bottleneck) over all ways to give each checkpoint a distinct unit or none.
    static func bruteForce(_ times: [[UInt32?]], checkpoints: Int) -> (count: Int, bottleneck: UInt32?) {
        var best: (Int, UInt32?) = (0, nil)
        var used = [Bool](repeating: false, count: times.count)
        func go(_ c: Int, _ count: Int, _ worst: UInt32?) {
            if c == checkpoints {
                if count > best.0 || (count == best.0 && count > 0 && worst! < best.1!) { best = (count, worst) }
                return
            }
            go(c + 1, count, worst) // leave checkpoint c open
            for u in times.indices where !used[u] {
                guard let t = times[u][c] else { continue }
                used[u] = true
                go(c + 1, count + 1, max(worst ?? 0, t))
                used[u] = false
            }
        }
        go(0, 0, nil)
        return best
    }

    @Test(arguments: Array(UInt64(1)...60))
    func bottleneckMatchesBruteForce(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let units = Int.random(in: 1...5, using: &rng), checkpoints = Int.random(in: 1...5, using: &rng)
        let times: [[UInt32?]] = (0..<units).map { _ in
            (0..<checkpoints).map { _ in Int.random(in: 0..<4, using: &rng) == 0 ? nil : UInt32(Int.random(in: 1...20, using: &rng)) }
        }
        let sol = BottleneckAssignment.solve(times: times, checkpoints: checkpoints)
        let want = Self.bruteForce(times, checkpoints: checkpoints)
        #expect(sol.assignedCount == want.count && sol.bottleneckMilliseconds == want.bottleneck,
                "seed \(seed): times \(times): got \(sol), want \(want)")
        // the solution is valid: distinct units, finite times, within its bottleneck
        let assigned = sol.unitOfCheckpoint.compactMap { $0 }
        #expect(Set(assigned).count == assigned.count)
        for (c, u) in sol.unitOfCheckpoint.enumerated() {
            if let u { #expect(times[u][c] != nil && times[u][c]! <= sol.bottleneckMilliseconds!) }
        }
    }

    @Test func checkpointPlanOnRandomGraphMatchesReference() throws {
        for seed in UInt64(1)...10 {
            var fx = try Fixture(seed: seed, salt: 31)
            let (g, fw) = (fx.g, fx.fw)
            let unitVertices = fx.vertices(4)
            let cps = fx.vertices(3)
            let deadline = 90.0
            let plan = try fx.router.assignCheckpoints(units: PlacedUnits(graph: g, vertices: unitVertices), checkpointVertices: cps, deadlineSeconds: deadline)
            let want: [[UInt32?]] = unitVertices.map { u in cps.map { c in fw[u][c] <= UInt64(deadline * 1000) ? UInt32(fw[u][c]) : nil } }
            #expect(plan.times == want, "seed \(seed): times matrix")
            let brute = Self.bruteForce(want, checkpoints: cps.count)
            #expect(plan.pairs.count == brute.count && plan.latestSeconds.map { UInt32(($0 * 1000).rounded()) } == brute.bottleneck, "seed \(seed)")
            let unreachable = cps.indices.filter { c in want.allSatisfy { $0[c] == nil } }
            #expect(plan.unreachable == unreachable, "seed \(seed): unreachable checkpoints")
        }
    }

    /// The matching's time is measured by the release benchmark (`routing-bench`, BENCHMARKS.md);
    /// here it must assign every checkpoint of a 200×40 matrix with gaps, each to its own unit
    /// that reaches it, and report the slowest assigned pair as its bottleneck.
    @Test func twoHundredUnitsFortyCheckpointsAssignsAll() {
        let times = Self.randomMatrix(units: 200, checkpoints: 40, seed: 99)
        let sol = BottleneckAssignment.solve(times: times, checkpoints: 40)
        #expect(sol.assignedCount == 40)
        let units = sol.unitOfCheckpoint.compactMap { $0 }
        #expect(units.count == 40 && Set(units).count == 40, "each checkpoint has its own unit")
        let assigned = sol.unitOfCheckpoint.enumerated().compactMap { c, u in u.flatMap { times[$0][c] } }
        #expect(assigned.count == 40, "every assigned unit reaches its checkpoint")
        #expect(sol.bottleneckMilliseconds == assigned.max())
    }

    /// The seeded 200×40 matrix the benchmark also times: one entry in five unreachable.
    static func randomMatrix(units: Int, checkpoints: Int, seed: UInt64) -> [[UInt32?]] {
        var rng = SplitMix64(seed: seed)
        return (0..<units).map { _ in
            (0..<checkpoints).map { _ in Int.random(in: 0..<5, using: &rng) == 0 ? nil : UInt32(Int.random(in: 1_000...600_000, using: &rng)) }
        }
    }

    @Test func assignmentOnAndorraMatchesDijkstra() throws {
        let g = try SharedData.graph("andorra.osm.pbf")
        var rng = SplitMix64(seed: 5)
        let unitVertices = (0..<200).map { _ in Int.random(in: 0..<g.nodeCount, using: &rng) }
        let units = PlacedUnits(graph: g, vertices: unitVertices)
        let cps = (0..<40).map { _ in Int.random(in: 0..<g.nodeCount, using: &rng) }
        let plan = try Router(graph: g).assignCheckpoints(units: units, checkpointVertices: cps, deadlineSeconds: 600)
        for u in 0..<3 {
            let ref = Reference.dijkstraLarge(g, source: unitVertices[u])
            for (c, cp) in cps.enumerated() {
                let want: UInt32? = ref[cp] <= 600_000 ? UInt32(ref[cp]) : nil
                #expect(plan.times[u][c] == want, "andorra unit \(u) checkpoint \(c): got \(String(describing: plan.times[u][c])), want \(String(describing: want))")
            }
        }
        #expect(plan.pairs.count + plan.unreachable.count + plan.unassigned.count == cps.count)
        if let latest = plan.latestSeconds { #expect(plan.pairs.allSatisfy { $0.seconds <= latest }) }
    }
}

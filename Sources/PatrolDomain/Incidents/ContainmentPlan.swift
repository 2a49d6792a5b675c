import Foundation
import Routing

/// The 3/5/10-minute containment order (P5, "3分钟快速应对、5分钟关城门、10分钟全县响应合围"),
/// built from the units' current positions:
/// - ring 1, the units that reach the scene within 3 minutes;
/// - ring 2, 关城门: one unit per county-seat gate within 5 minutes, chosen to minimise the latest
///   arrival (bottleneck assignment);
/// - ring 3: one unit per county exit within 10 minutes, the same way.
/// A unit gets at most one task across the rings. A gate or exit where a checkpoint post already
/// stands is sealed at once; one nobody reaches in time is red, with the best arrival anyone could make.
public struct ContainmentPlan: Sendable, Codable {
    public struct Targets: Sendable, Hashable, Codable {
        public var sceneSeconds: Double = 180
        public var gateSeconds: Double = 300
        public var exitSeconds: Double = 600
        public init() {}
    }

    public struct SceneUnit: Sendable, Hashable, Codable {
        public let unitID: String
        public let seconds: Double
    }

    public struct CheckpointTask: Sendable, Hashable, Codable {
        public let site: CheckpointSite
        /// The unit sent (or the post standing there), nil when nobody can be.
        public let unitID: String?
        /// Its planned arrival; 0 for a post already there.
        public let seconds: Double?
        public let staffedByPost: Bool
        /// For a red checkpoint: the earliest anyone could arrive (nil if nobody can reach it at all).
        public let bestSeconds: Double?
        /// Red: no unit is planned to arrive within the ring's target.
        public var isRed: Bool { unitID == nil }
    }

    public let targets: Targets
    public let scene: [SceneUnit]
    public let gates: [CheckpointTask]
    public let exits: [CheckpointTask]

    /// A post counts as standing at a checkpoint within this many metres of it.
    public static let postRadiusMeters = 60.0

    public static func build(scene: RoadPosition, candidates: [DispatchCandidate], sites: [CheckpointSite], router: Router,
                             now: Date, targets: Targets = Targets(), staleAfter: TimeInterval = LivePosition.staleAfter,
                             maxSnapMeters: Double = 500) throws -> ContainmentPlan {
        let graph = router.graph
        let fresh = candidates.filter { c in
            guard let p = c.position, !p.isStale(at: now, after: staleAfter) else { return false }
            return c.status.isDispatchable || (!c.kind.moves && c.status != .offDuty && c.status != .outOfService)
        }
        // Posts standing at a site seal it at once.
        var sealedBy: [Int: String] = [:]
        for (i, site) in sites.enumerated() {
            let post = fresh.filter { !$0.kind.moves }.first { c in
                let f = c.position!.fix
                return Fix(lat: f.lat, lon: f.lon, at: f.at).meters(to: Fix(lat: site.position.lat, lon: site.position.lon, at: f.at)) <= postRadiusMeters
            }
            if let post { sealedBy[i] = post.id }
        }
        // The units that can be sent: dispatchable, moving, on a road.
        var ids: [String] = [], positions: [RoadPosition] = []
        for c in fresh where c.kind.moves && c.status.isDispatchable {
            let f = c.position!.fix
            guard let p = try? graph.snap(GeoPoint(lat: f.lat, lon: f.lon), maxMeters: maxSnapMeters) else { continue }
            ids.append(c.id); positions.append(p)
        }
        var tasked = Set<Int>()

        // Ring 1.
        var ring1: [SceneUnit] = []
        if !ids.isEmpty {
            let placed = PlacedUnits(graph: graph, ids: ids, positions: positions)
            let times = try router.checkpointTimes(units: placed, checkpoints: [scene], deadlineSeconds: targets.sceneSeconds)
            for (u, row) in times.enumerated() { if let ms = row[0] { ring1.append(SceneUnit(unitID: ids[u], seconds: Double(ms) / 1000)); tasked.insert(u) } }
            ring1.sort { ($0.seconds, $0.unitID) < ($1.seconds, $1.unitID) }
        }

        func ring(_ kind: CheckpointSite.Kind, deadline: Double) throws -> [CheckpointTask] {
            let mine = sites.indices.filter { sites[$0].kind == kind }
            let open = mine.filter { sealedBy[$0] == nil }
            let free = ids.indices.filter { !tasked.contains($0) }
            var planned: [Int: (unit: Int, seconds: Double)] = [:]
            var best: [Int: Double] = [:]
            if !open.isEmpty, !ids.isEmpty {
                let sitePositions = try open.map { try graph.snap(sites[$0].position, maxMeters: maxSnapMeters) }
                if !free.isEmpty {
                    let placed = PlacedUnits(graph: graph, ids: free.map { ids[$0] }, positions: free.map { positions[$0] })
                    let plan = try router.assignCheckpoints(units: placed, checkpoints: sitePositions, deadlineSeconds: deadline)
                    for pair in plan.pairs { planned[open[pair.checkpoint]] = (free[pair.unit], pair.seconds) }
                }
                // For what stays red: the earliest arrival of anyone, tasked or not, without a deadline.
                let red = open.indices.filter { planned[open[$0]] == nil }
                if !red.isEmpty {
                    let everyone = PlacedUnits(graph: graph, ids: ids, positions: positions)
                    let times = try router.checkpointTimes(units: everyone, checkpoints: red.map { sitePositions[$0] }, deadlineSeconds: 4 * 3600)
                    for (k, r) in red.enumerated() {
                        if let ms = times.compactMap({ $0[k] }).min() { best[open[r]] = Double(ms) / 1000 }
                    }
                }
            }
            for (_, p) in planned { tasked.insert(p.unit) }
            return mine.map { i in
                if let post = sealedBy[i] {
                    return CheckpointTask(site: sites[i], unitID: post, seconds: 0, staffedByPost: true, bestSeconds: nil)
                }
                if let p = planned[i] {
                    return CheckpointTask(site: sites[i], unitID: ids[p.unit], seconds: p.seconds, staffedByPost: false, bestSeconds: nil)
                }
                return CheckpointTask(site: sites[i], unitID: nil, seconds: nil, staffedByPost: false, bestSeconds: best[i])
            }
        }
        let gates = try ring(.cityGate, deadline: targets.gateSeconds)
        let exits = try ring(.countyExit, deadline: targets.exitSeconds)
        return ContainmentPlan(targets: targets, scene: ring1, gates: gates, exits: exits)
    }
}

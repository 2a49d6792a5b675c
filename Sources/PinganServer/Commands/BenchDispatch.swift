import Fluent
import Foundation
import GeoSupport
import PatrolDomain
import PatrolServer
import PinganDomain
import Routing
import ServerCore
import Vapor

/// `pingan bench dispatch [--units 200] [--checkpoints 60] [--queries 200] [--out DIR]` (for
/// BENCHMARKS.md, issue #10 acceptance 3): prepares the database the settings name as `bench patrol`
/// does (units up to N with open shifts and device tokens), sets every unit `available`, then on the
/// demo road network places each unit at a seeded point on a road, writes N checkpoint sites (the
/// demo's own plus vertices spread over the graph by farthest-point sampling, gate/exit alternating)
/// and seeded incident scenes, and times inside this one process, over the same units and scenes:
/// (a) the bare routing query `Router.nearestUnits` (k 5, with routes), (b) `DispatchRecommendation.rank`
/// (filter, snap 200 units, place, route), (c) `ContainmentPlan.build` with the sites and the 3/5/10
/// isochrone rings, (d) `CoverageLayer.build` (3 minutes, lines, the database's patrol grids) and (e)
/// one 600 s isochrone from the scene's vertex (the pgRouting peer's question). Writes to DIR:
/// `units.json` (tokens), `positions.json` (each unit's point), `checkpoints.geojson`
/// (`PINGAN_CHECKPOINTS` for the server), `incidents.json` (scenes with their vertex),
/// `edges.csv` (id, source, target, cost, reverse_cost; vertices numbered from 1, seconds; -1 = one
/// way) and `inprocess.json` (the figures), for `Benchmarks/dispatch/dispatch_load.py`.
enum BenchDispatch {
    struct Placed: Codable { var unitId: UUID; var token: String; var callSign: String; var kind: String; var lat: Double; var lon: Double }
    struct Scene: Codable { var lat: Double; var lon: Double; var vertex: Int; var pgVertex: Int }
    struct Figure: Codable { var name: String; var p50: Double; var p99: Double; var mean: Double; var runs: Int }
    struct Output: Codable {
        var units: Int; var ranked: Int; var checkpoints: Int; var vertices: Int; var edges: Int
        var figures: [Figure]
    }

    static func run(_ app: Application, units wanted: Int, checkpoints siteCount: Int, queries: Int, out dir: String,
                    say: (String) -> Void) async throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let unitsFile = (dir as NSString).appendingPathComponent("units.json")
        try await BenchPatrolSetup.run(app, units: wanted, out: unitsFile, say: say)
        struct Written: Decodable { struct U: Decodable { var unitId: UUID; var callSign: String; var token: String }; var units: [U] }
        let written = try JSONDecoder().decode(Written.self, from: Data(contentsOf: URL(fileURLWithPath: unitsFile))).units
        let tokens = Dictionary(written.map { ($0.unitId, $0.token) }, uniquingKeysWith: { a, _ in a })
        // On duty and standing by.
        try await PatrolUnitModel.query(on: app.db).set(\.$status, to: PatrolUnitStatus.available.rawValue).update()
        let models = try await PatrolUnitModel.query(on: app.db).sort(\.$callSign).all().filter { $0.id.map { tokens[$0] != nil } ?? false }

        let network = try RoadNetwork.load(.demo, resources: app.directory.resourcesDirectory)
        guard let graph = network.graph else { throw APIError.badRequest("no demo road network", code: "bench") }
        graph.prepareSpatialIndex()
        var rng = SplitMix64(seed: 20_261_202)

        // Units: a seeded point on a seeded road piece each.
        func roadPoint() -> GeoPoint {
            let e = Int(rng.next() % UInt64(graph.edgeCount))
            let f = Double(rng.next() % 1000) / 1000
            return graph.geometry(ofEdge: e, from: 0, to: max(f, 0.001)).last ?? graph.coordinate(ofVertex: graph.edgeSource(e))
        }
        var placed: [Placed] = []
        for m in models {
            let p = roadPoint()
            placed.append(Placed(unitId: m.id!, token: tokens[m.id!]!, callSign: m.callSign, kind: m.kind, lat: p.lat, lon: p.lon))
        }
        try write(placed, to: dir, "positions.json")

        // Checkpoints: the demo's sites, then vertices farthest from every site chosen so far.
        var sites: [[String: Any]] = network.checkpoints.prefix(siteCount).map { s in
            ["type": "Feature", "properties": ["kind": s.kind.rawValue, "name": s.name] as [String: Any],
             "geometry": ["type": "Point", "coordinates": [s.position.lon, s.position.lat]] as [String: Any]] as [String: Any]
        }
        var chosen = network.checkpoints.prefix(siteCount).map(\.position)
        if chosen.isEmpty { chosen = [graph.coordinate(ofVertex: 0)] }
        var nearest = (0..<graph.nodeCount).map { v in chosen.map { meters(graph.coordinate(ofVertex: v), $0) }.min() ?? 0 }
        var k = 0
        while sites.count < siteCount {
            let v = nearest.indices.max { nearest[$0] < nearest[$1] }!
            let p = graph.coordinate(ofVertex: v)
            let kind: CheckpointSite.Kind = k % 2 == 0 ? .cityGate : .countyExit
            sites.append(["type": "Feature", "properties": ["kind": kind.rawValue] as [String: Any],
                          "geometry": ["type": "Point", "coordinates": [p.lon, p.lat]] as [String: Any]])
            for u in nearest.indices { nearest[u] = min(nearest[u], meters(graph.coordinate(ofVertex: u), p)) }
            k += 1
        }
        let siteData = try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": sites], options: [.prettyPrinted, .sortedKeys])
        let sitesFile = (dir as NSString).appendingPathComponent("checkpoints.geojson")
        try siteData.write(to: URL(fileURLWithPath: sitesFile))
        let checkpointSites = try CheckpointSitesFile.load(path: sitesFile, graph: graph)

        // Scenes: seeded road points, with the vertex the pgRouting peer starts from.
        var scenes: [Scene] = []
        for _ in 0..<20 {
            let p = roadPoint()
            let s = try graph.snap(p, maxMeters: 1000)
            let v = s.fraction < 0.5 ? graph.edgeSource(s.edge) : graph.edgeTarget(s.edge)
            scenes.append(Scene(lat: p.lat, lon: p.lon, vertex: v, pgVertex: v + 1))
        }
        try write(scenes, to: dir, "incidents.json")

        // The graph for pgRouting: one row per road piece (a two-way road once, with its reverse cost).
        var csv = "id,source,target,cost,reverse_cost\n"
        var row = 0
        for e in 0..<graph.edgeCount {
            if let t = graph.twinEdge(e), t < e { continue }
            row += 1
            let rev = graph.twinEdge(e).map { String(format: "%.3f", graph.edgeSeconds($0)) } ?? "-1"
            csv += "\(row),\(graph.edgeSource(e) + 1),\(graph.edgeTarget(e) + 1),\(String(format: "%.3f", graph.edgeSeconds(e))),\(rev)\n"
        }
        try Data(csv.utf8).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("edges.csv")))

        // The candidates as the server builds them (`Recommender.candidates`), positions fresh now.
        let now = Date()
        let candidates = zip(models, placed).compactMap { m, p -> DispatchCandidate? in
            guard let kind = m.unitKind else { return nil }
            return DispatchCandidate(id: m.id!.uuidString, kind: kind, status: .available,
                                     capabilities: Set(m.capabilities.split(separator: ",").compactMap { PatrolCapability(rawValue: String($0)) }),
                                     position: LivePosition(fix: Fix(lat: p.lat, lon: p.lon, at: now, speed: 8, heading: 0, accuracy: 6)))
        }
        let needs = IncidentType.other.needs
        // The units `rank` routes over, placed once: the bare query's input.
        var ids: [String] = [], positions: [RoadPosition] = []
        for c in candidates where c.kind.moves && needs.kinds.contains(c.kind) {
            guard let s = try? graph.snap(GeoPoint(lat: c.position!.fix.lat, lon: c.position!.fix.lon), maxMeters: 500) else { continue }
            ids.append(c.id); positions.append(s)
        }
        let units = PlacedUnits(graph: graph, ids: ids, positions: positions)
        let grids = try await OrgUnitModel.query(on: app.db).filter(\.$kind == OrgUnitKind.patrolGrid.rawValue).filter(\.$geometry != nil).sort(\.$path).all()
        let index = CoverageLayer.GridIndex(graph: graph, grids: grids)
        let router = Router(graph: graph)
        let scenePositions = try scenes.map { try graph.snap(GeoPoint(lat: $0.lat, lon: $0.lon), maxMeters: 1000) }

        var times: [String: [Double]] = [:]
        let order = ["nearestUnits (bare routing, k 5)", "DispatchRecommendation.rank (200 units)", "ContainmentPlan.build",
                     "ContainmentPlan.build + 3/5/10 rings", "CoverageLayer.build (3 min, lines)", "isochrone 600 s (pgRouting's question)"]
        let clock = ContinuousClock()
        func measure(_ name: String, _ body: () throws -> Void) rethrows {
            let t = clock.now
            try body()
            let d = clock.now - t
            times[name, default: []].append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        let warm = min(10, queries)
        var seenRanked = 0, seenGates = 0, seenExits = 0, seenCovered = 0.0
        for q in 0..<(warm + queries) {
            let scene = scenePositions[q % scenes.count]
            let keep = q >= warm
            var t: [String: [Double]] = [:]
            swap(&t, &times)
            try measure(order[0]) { _ = try router.nearestUnits(to: scene, units: units, k: 5) }
            try measure(order[1]) { seenRanked = try DispatchRecommendation.rank(candidates, for: needs, at: scene, router: router, now: now, limit: 5).units.count }
            try measure(order[2]) {
                let plan = try ContainmentPlan.build(scene: scene, candidates: candidates, sites: checkpointSites, router: router, now: now)
                seenGates = plan.gates.count; seenExits = plan.exits.count
            }
            try measure(order[3]) {
                let plan = try ContainmentPlan.build(scene: scene, candidates: candidates, sites: checkpointSites, router: router, now: now)
                let tg = plan.targets
                let iso = try router.isochrone(from: scene, limitsSeconds: [tg.sceneSeconds, tg.gateSeconds, tg.exitSeconds])
                _ = iso.limitsMilliseconds.map { iso.polygons(withinMilliseconds: $0).count }
            }
            try measure(order[4]) {
                seenCovered = try CoverageLayer.build(router: router, candidates: candidates, now: now, limitSeconds: 180, grids: index, lines: true).share
            }
            try measure(order[5]) { _ = try router.isochrone(fromVertex: scenes[q % scenes.count].vertex, limitsSeconds: [600]).vertices.count }
            swap(&t, &times)
            if keep { for (name, xs) in t { times[name, default: []] += xs } }
        }
        let figures = order.map { name -> Figure in
            let xs = (times[name] ?? []).sorted()
            return Figure(name: name, p50: pct(xs, 0.5), p99: pct(xs, 0.99), mean: xs.reduce(0, +) / Double(max(xs.count, 1)), runs: xs.count)
        }
        try write(Output(units: candidates.count, ranked: ids.count, checkpoints: checkpointSites.count, vertices: graph.nodeCount,
                         edges: graph.edgeCount, figures: figures), to: dir, "inprocess.json")
        say("road network: demo, \(graph.nodeCount) vertices, \(graph.edgeCount) directed edges, \(row) road pieces; "
            + "\(checkpointSites.count) checkpoint sites (\(checkpointSites.filter { $0.kind == .cityGate }.count) gates); \(grids.count) patrol grids")
        say("units: \(candidates.count) available with fresh positions, \(ids.count) of them move (ranked); "
            + "last plan \(seenGates) gates + \(seenExits) exits, \(seenRanked) recommended, coverage share \(String(format: "%.3f", seenCovered))")
        say("")
        say("In process (one Router, same units and scenes), \(queries) runs each after \(warm) warm-up, ms:")
        say("| computation | p50 ms | p99 ms | mean ms | runs |")
        say("|---|---:|---:|---:|---:|")
        for f in figures { say("| \(f.name) | \(fmt(f.p50)) | \(fmt(f.p99)) | \(fmt(f.mean)) | \(f.runs) |") }
        say("files in \(dir)")
    }

    static func pct(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    static func fmt(_ x: Double) -> String { String(format: x < 1 ? "%.4f" : "%.2f", x) }

    static func meters(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let dLat = (a.lat - b.lat) * 111_320, dLon = (a.lon - b.lon) * 111_320 * cos(a.lat * .pi / 180)
        return (dLat * dLat + dLon * dLon).squareRoot()
    }

    static func write(_ value: some Encodable, to dir: String, _ name: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(value).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(name)))
    }

}

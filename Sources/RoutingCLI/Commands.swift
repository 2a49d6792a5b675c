import ArgumentParser
import Foundation
import Routing

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import OSM roads (.osm.pbf, .osm, .osm.gz) into a prepared graph file.",
        discussion: "Keeps drivable highways, splits ways at intersections, collapses parallel edges to the fastest, "
            + "keeps the largest strongly connected component and reports what was dropped.")

    @Argument(help: "OpenStreetMap extract: .osm.pbf, .osm or .osm.gz.") var file: String
    @Option(name: .shortAndLong, help: "Output prepared graph file.") var output: String
    @Option(help: "JSON speed profile: {\"speeds\": {\"residential\": 30}, \"emergencyFactor\": 1.2}.") var profile: String?
    @Flag(help: "Print the import report as JSON.") var json = false
    @Flag(help: "Do not draw the progress bar.") var quiet = false

    func run() throws {
        let speedProfile = try profile.map(SpeedProfile.load) ?? .standard
        var bar = ProgressBar(enabled: !quiet)
        let graph: RoadGraph, report: ImportReport
        do {
            (graph, report) = try OSMImporter.importGraph(path: file, profile: speedProfile) { bar.update($0, $1) }
        } catch {
            bar.abort()
            throw error
        }
        bar.finish()
        try graph.write(to: URL(fileURLWithPath: output))
        if json {
            let data = try JSONEncoder.sorted.encode(report)
            var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            object["nodes"] = report.vertices
            object["output"] = output
            try Output.json(object)
        } else {
            print("""
                imported \(file) in \(Output.fmt(report.seconds, 2)) s
                  OSM: \(report.osmNodes) nodes, \(report.osmWays) ways, \(report.highwayWays) highways, \(report.drivableWays) drivable
                  graph before filtering: \(report.verticesBeforeSCC) vertices, \(report.edgesBeforeCollapse) directed edges \
                (\(report.parallelEdgesCollapsed) parallel collapsed, \(report.selfLoopsDropped) self-loops dropped)
                  dropped components: \(report.droppedComponents) (\(report.droppedVertices) vertices outside the largest strongly connected component)
                  kept: \(report.vertices) intersections, \(report.edges) directed edges
                  wrote \(output)
                """)
        }
    }
}

struct ProgressBar {
    let enabled: Bool
    var last = -1
    var stage = ""
    init(enabled: Bool) { self.enabled = enabled }

    mutating func update(_ s: OSMImporter.Stage, _ fraction: Double) {
        guard enabled else { return }
        let weights: [OSMImporter.Stage: (Double, Double)] = [.reading: (0, 0.05), .parsing: (0.05, 0.75), .building: (0.8, 0.2)]
        let (base, span) = weights[s] ?? (0, 1)
        let percent = Int(((base + span * min(1, max(0, fraction))) * 100).rounded(.down))
        guard percent != last || s.rawValue != stage else { return }
        last = percent; stage = s.rawValue
        let filled = percent * 30 / 100
        let line = "\r[\(String(repeating: "#", count: filled))\(String(repeating: " ", count: 30 - filled))] \(percent)% \(s.rawValue)   "
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Ends the bar's line so an error message starts on its own line.
    func abort() {
        if enabled && last >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    func finish() {
        guard enabled, last >= 0 else { return }
        FileHandle.standardError.write(Data("\r[\(String(repeating: "#", count: 30))] 100% done        \n".utf8))
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Describe a prepared graph file: counts, extent, load time.")
    @OptionGroup var graphArgument: GraphArgument
    @Flag(help: "Print as JSON (nodes, edges, shapePoints, kilometers, bbox, loadMilliseconds, formatVersion, bytes).") var json = false

    func run() throws {
        let (graph, loadMs) = try Output.loadGraph(graphArgument.graph)
        var minLat = 90.0, maxLat = -90.0, minLon = 180.0, maxLon = -180.0
        for v in 0..<graph.nodeCount {
            let c = graph.coordinate(ofVertex: v)
            minLat = min(minLat, c.lat); maxLat = max(maxLat, c.lat); minLon = min(minLon, c.lon); maxLon = max(maxLon, c.lon)
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: graphArgument.graph)[.size] as? Int) ?? 0
        if json {
            try Output.json([
                "nodes": graph.nodeCount, "edges": graph.edgeCount, "shapePoints": graph.shapeCount,
                "kilometers": (graph.totalMeters / 100).rounded() / 10, "bbox": [minLon, minLat, maxLon, maxLat],
                "loadMilliseconds": (loadMs * 100).rounded() / 100, "formatVersion": Int(RoutingInfo.formatVersion), "bytes": bytes,
            ])
        } else {
            print("""
                \(graphArgument.graph): format v\(RoutingInfo.formatVersion), \(bytes) bytes, loaded in \(Output.fmt(loadMs, 1)) ms
                  nodes: \(graph.nodeCount)
                  edges: \(graph.edgeCount) directed (\(Output.fmt(graph.totalMeters / 1000)) km), \(graph.shapeCount) shape points
                  bbox: \(minLon),\(minLat) – \(maxLon),\(maxLat)
                """)
        }
    }
}

struct IsochroneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isochrone",
        abstract: "Areas reachable within each time limit from a point, as GeoJSON.",
        discussion: "Prints a FeatureCollection with one Polygon per limit (convex hull of the reached roads; "
            + "properties seconds, minutes, vertices, meters) and the snapped origin.")
    @OptionGroup var graphArgument: GraphArgument
    // `.unconditional`: a southern or western coordinate starts with a minus and must not be read as an option.
    @Option(parsing: .unconditional, help: "Origin as LAT,LON (WGS84).") var at: String
    @Option(help: "Comma-separated limits in minutes.") var minutes: String = "3,5,10"
    @Option(help: "Snapping radius in metres.") var maxSnap: Double = 500
    @Flag(help: "Compact single-line GeoJSON (default is indented).") var json = false

    func run() throws {
        let origin = try GeoPoint(parsing: at)
        let limits = try Output.minutesList(minutes)
        let (graph, _) = try Output.loadGraph(graphArgument.graph)
        let position = try graph.snap(origin, maxMeters: maxSnap)
        let iso = try Router(graph: graph).isochrone(from: position, limitsSeconds: limits.map { $0 * 60 })
        try Output.json(iso.geoJSON(), pretty: !json)
    }
}

struct UnitsOptions: ParsableArguments {
    @Option(help: "Units CSV with header id,lat,lon (optional column available).") var units: String
    @Option(help: "Snapping radius in metres for units.") var maxSnap: Double = 500

    func place(on graph: RoadGraph) throws -> PlacedUnits {
        let list = try UnitsCSV.load(path: units)
        let placed = PlacedUnits(graph: graph, units: list, maxSnapMeters: maxSnap)
        for u in placed.unplaced { Output.error("warning: unit \(placed.ids[u.index]) ignored: \(u.reason)") }
        return placed
    }
}

struct NearestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nearest",
        abstract: "The k available units with the shortest drive time to an incident.",
        discussion: "One backward search from the incident, stopped at the k-th unit. --json prints a list of "
            + "{id, seconds, meters, route} where route is [[lon,lat],…].")
    @OptionGroup var graphArgument: GraphArgument
    @Option(parsing: .unconditional, help: "Incident as LAT,LON (WGS84); negative values are fine: --at -20.55,-54.59.") var at: String
    @OptionGroup var unitsOptions: UnitsOptions
    @Option(name: .short, help: "How many units.") var k: Int = 5
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        guard k > 0 else { throw RoutingError.invalidArgument("-k must be positive") }
        let incident = try GeoPoint(parsing: at)
        let (graph, _) = try Output.loadGraph(graphArgument.graph)
        let position = try graph.snap(incident, maxMeters: unitsOptions.maxSnap)
        let units = try unitsOptions.place(on: graph)
        let result = try Router(graph: graph).nearestUnits(to: position, units: units, k: k, routes: json)
        if json {
            try Output.json(result.map { r -> [String: Any] in
                ["id": r.id, "seconds": r.seconds, "meters": (r.meters * 10).rounded() / 10,
                 "route": r.route.map { [round7($0.lon), round7($0.lat)] }]
            })
        } else {
            print("rank  id                    seconds   meters")
            for (i, r) in result.enumerated() {
                print("\(String(i + 1).padding(toLength: 6, withPad: " ", startingAt: 0))\(r.id.padding(toLength: 20, withPad: " ", startingAt: 0))  \(Output.fmt(r.seconds).leftPad(7))  \(Output.fmt(r.meters, 0).leftPad(7))")
            }
            if result.isEmpty { print("no available unit can reach this incident") }
        }
    }
}

func round7(_ x: Double) -> Double { (x * 1e7).rounded() / 1e7 }

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Share of roads and intersections within T minutes of any unit, and each unit's share (network Voronoi).",
        discussion: "Road length is directed (a two-way street counts once per direction); partly reached edges count by the reached fraction.")
    @OptionGroup var graphArgument: GraphArgument
    @OptionGroup var unitsOptions: UnitsOptions
    @Option(help: "Time limit in minutes.") var minutes: Double = 3
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let (graph, _) = try Output.loadGraph(graphArgument.graph)
        let units = try unitsOptions.place(on: graph)
        let c = try Router(graph: graph).coverage(units: units, limitSeconds: minutes * 60)
        if json {
            try Output.json([
                "minutes": minutes, "reachedVertices": c.reachedVertices, "totalVertices": c.totalVertices,
                "vertexShare": c.vertexShare, "coveredMeters": c.coveredMeters.rounded(), "totalMeters": c.totalMeters.rounded(),
                "lengthShare": c.lengthShare,
                "units": units.ids.indices.map { ["id": units.ids[$0], "vertices": c.unitVertices[$0], "meters": c.unitMeters[$0].rounded()] as [String: Any] },
            ])
        } else {
            print("within \(Output.fmt(minutes)) min of a unit: \(Output.fmt(c.lengthShare * 100))% of road length "
                  + "(\(Output.fmt(c.coveredMeters / 1000)) of \(Output.fmt(c.totalMeters / 1000)) km), "
                  + "\(Output.fmt(c.vertexShare * 100))% of intersections (\(c.reachedVertices) of \(c.totalVertices))")
            for i in units.ids.indices {
                print("  \(units.ids[i]): \(c.unitVertices[i]) intersections, \(Output.fmt(c.unitMeters[i] / 1000, 2)) km owned")
            }
        }
    }
}

struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign one unit per checkpoint minimising the latest arrival; list checkpoints nobody reaches in time.",
        discussion: "Checkpoints CSV has the same id,lat,lon header as units. Covers as many checkpoints as possible within the deadline, then minimises the latest arrival (bottleneck assignment).")
    @OptionGroup var graphArgument: GraphArgument
    @OptionGroup var unitsOptions: UnitsOptions
    @Option(help: "Checkpoints CSV with header id,lat,lon.") var checkpoints: String
    @Option(help: "Deadline in minutes.") var deadline: Double = 10
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        let (graph, _) = try Output.loadGraph(graphArgument.graph)
        let units = try unitsOptions.place(on: graph)
        let list = try UnitsCSV.load(path: checkpoints)
        let positions = try list.map { try graph.snap($0.coordinate, maxMeters: unitsOptions.maxSnap) }
        let plan = try Router(graph: graph).assignCheckpoints(units: units, checkpoints: positions, deadlineSeconds: deadline * 60)
        if json {
            try Output.json([
                "latestSeconds": plan.latestSeconds as Any,
                "assignments": plan.pairs.map { ["checkpoint": list[$0.checkpoint].id, "unit": units.ids[$0.unit], "seconds": $0.seconds] as [String: Any] },
                "unreachable": plan.unreachable.map { list[$0].id }, "unassigned": plan.unassigned.map { list[$0].id },
            ])
        } else {
            for p in plan.pairs { print("\(list[p.checkpoint].id) ← \(units.ids[p.unit]) in \(Output.fmt(p.seconds)) s") }
            print("latest arrival: \(plan.latestSeconds.map { Output.fmt($0) + " s" } ?? "none")")
            if !plan.unreachable.isEmpty { print("unreachable within \(Output.fmt(deadline)) min: \(plan.unreachable.map { list[$0].id }.joined(separator: ", "))") }
            if !plan.unassigned.isEmpty { print("left without a unit: \(plan.unassigned.map { list[$0].id }.joined(separator: ", "))") }
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the graph as CSV: nodes.csv (id,lat,lon) and edges.csv (src,dst,seconds,meters).")
    @OptionGroup var graphArgument: GraphArgument
    @Option(help: "Output directory (created if missing).") var csv: String
    @Flag(help: "Print a JSON summary.") var json = false

    func run() throws {
        let (graph, _) = try Output.loadGraph(graphArgument.graph)
        try graph.exportCSV(directory: URL(fileURLWithPath: csv))
        if json {
            try Output.json(["nodes": graph.nodeCount, "edges": graph.edgeCount, "directory": csv,
                             "files": ["nodes.csv", "edges.csv"]])
        } else {
            print("wrote \(csv)/nodes.csv (\(graph.nodeCount) rows) and \(csv)/edges.csv (\(graph.edgeCount) rows)")
        }
    }
}

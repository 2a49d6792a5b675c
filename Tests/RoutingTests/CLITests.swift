import Foundation
import Routing
import RoutingCLI
import Testing

@Suite struct CLITests {
    @Test func importInfoQueriesExport() async throws {
        let pbf = try SharedData.osm("monaco.osm.pbf")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("routing-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = dir.appendingPathComponent("monaco.graph").path
        #expect(await RoutingCLI.run(arguments: ["import", pbf, "-o", graph, "--quiet", "--json"]) == 0)
        #expect(await RoutingCLI.run(arguments: ["info", graph, "--json"]) == 0)
        #expect(await RoutingCLI.run(arguments: ["isochrone", graph, "--at", "43.7384,7.4246", "--minutes", "3,5", "--json"]) == 0)
        let units = dir.appendingPathComponent("units.csv")
        try Data("id,lat,lon\nA,43.7311,7.4197\nB,43.7400,7.4270\nC,43.7450,7.4300\n".utf8).write(to: units)
        #expect(await RoutingCLI.run(arguments: ["nearest", graph, "--at", "43.7384,7.4246", "--units", units.path, "-k", "2", "--json"]) == 0)
        #expect(await RoutingCLI.run(arguments: ["coverage", graph, "--units", units.path, "--minutes", "3", "--json"]) == 0)
        #expect(await RoutingCLI.run(arguments: ["assign", graph, "--units", units.path, "--checkpoints", units.path, "--deadline", "5"]) == 0)
        let csv = dir.appendingPathComponent("csv")
        #expect(await RoutingCLI.run(arguments: ["export", graph, "--csv", csv.path]) == 0)
        let nodes = try String(contentsOf: csv.appendingPathComponent("nodes.csv"), encoding: .utf8)
        let edges = try String(contentsOf: csv.appendingPathComponent("edges.csv"), encoding: .utf8)
        #expect(nodes.hasPrefix("id,lat,lon\n0,") && edges.hasPrefix("src,dst,seconds,meters\n"))
        let g = try RoadGraph.load(path: graph)
        #expect(nodes.split(separator: "\n").count == g.nodeCount + 1)
        #expect(edges.split(separator: "\n").count == g.edgeCount + 1)
    }

    @Test func helpAndUsageErrors() async {
        #expect(await RoutingCLI.run(arguments: ["--help"]) == 0)
        for sub in ["import", "info", "isochrone", "nearest", "coverage", "assign", "export"] {
            #expect(await RoutingCLI.run(arguments: [sub, "--help"]) == 0, "\(sub) --help")
        }
        #expect(await RoutingCLI.run(arguments: ["frobnicate"]) != 0)
        #expect(await RoutingCLI.run(arguments: ["import"]) != 0)
        #expect(await RoutingCLI.run(arguments: ["info", "/nonexistent/graph"]) == 1)
        #expect(await RoutingCLI.run(arguments: []) == 0) // bare `pingan route` prints its help
    }

    /// Southern and western coordinates start with a minus; `--at -20.55,-54.59` is a value, not an option.
    @Test func negativeCoordinates() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("routing-neg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let osm = dir.appendingPathComponent("south.osm")
        // The hand-made network of the import tests, moved to the southern hemisphere (lat 41 → −41).
        try Data(OSMImportTests.sampleXML.replacingOccurrences(of: "lat=\"41.", with: "lat=\"-41.").utf8).write(to: osm)
        let graph = dir.appendingPathComponent("south.graph").path
        #expect(await RoutingCLI.run(arguments: ["import", osm.path, "-o", graph, "--quiet"]) == 0)
        #expect(await RoutingCLI.run(arguments: ["isochrone", graph, "--at", "-41.0010,-8.0000", "--minutes", "1", "--json"]) == 0)
        let units = dir.appendingPathComponent("units.csv")
        try Data("id,lat,lon\nA,-41.0020,-8.0000\n".utf8).write(to: units)
        #expect(await RoutingCLI.run(arguments: ["nearest", graph, "--at", "-41.0000,-8.0000", "--units", units.path, "-k", "1"]) == 0)
    }

    @Test func unitsCSVParsing() throws {
        let units = try UnitsCSV.parse("lat,lon,id,available\n41.1,-8.6,car-1,yes\n41.2,-8.5,car-2,false\n")
        #expect(units.map(\.id) == ["car-1", "car-2"] && units.map(\.available) == [true, false])
        #expect(throws: RoutingError.self) { try UnitsCSV.parse("name,x,y\n1,2,3\n") }
        #expect(throws: RoutingError.self) { try UnitsCSV.parse("id,lat,lon\na,200,1\n") }
    }
}

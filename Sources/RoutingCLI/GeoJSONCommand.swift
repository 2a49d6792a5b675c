import ArgumentParser
import Foundation
import Routing

/// `pingan route import-geojson`: a county's own GIS roads (PGIS) into a prepared graph file.
struct ImportGeoJSONCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-geojson",
        abstract: "Import a county's GIS roads (GeoJSON LineStrings, WGS84) into a prepared graph file.",
        discussion: "The profile names the property holding the road class and maps its values to the speed table's classes "
            + "(trunk, primary, secondary, tertiary, residential …), and names the one-way property and its values: "
            + #"{"classProperty": "DLDJ", "classes": {"国道": "trunk", "县道": "secondary"}, "onewayProperty": "DXTX", "#
            + #""onewayValues": ["1"], "reverseValues": ["2"]}. Lines meet where they share a position; lines of an unmapped "#
            + "class are skipped and counted. Coordinates must be WGS84 (convert GCJ-02 or CGCS2000 projections first).")

    @Argument(help: "GeoJSON FeatureCollection of LineString / MultiLineString roads (WGS84).") var file: String
    @Option(help: "JSON profile mapping the county's road classes and one-way values.") var profile: String
    @Option(name: [.short, .customLong("out"), .customLong("output")], help: "Output prepared graph file.") var output: String
    @Flag(help: "Print the import report as JSON.") var json = false

    func run() throws {
        let mapping = try GeoJSONRoadProfile.load(path: profile)
        let (graph, report) = try GeoJSONImporter.importGraph(path: file, profile: mapping)
        try graph.write(to: URL(fileURLWithPath: output))
        let skipped = report.skippedClasses.values.reduce(0, +)
        if json {
            try Output.json([
                "features": report.features, "lines": report.lines, "onewayLines": report.onewayLines,
                "skippedClasses": report.skippedClasses, "droppedVertices": report.graph.droppedVertices,
                "nodes": graph.nodeCount, "edges": graph.edgeCount, "output": output,
            ])
        } else {
            print("""
                imported \(file) in \(Output.fmt(report.graph.seconds, 2)) s
                  \(report.features) features, \(report.lines) lines kept (\(report.onewayLines) one-way), \(skipped) skipped by class\
                \(skipped > 0 ? " (" + report.skippedClasses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")" : "")
                  dropped components: \(report.graph.droppedComponents) (\(report.graph.droppedVertices) vertices outside the largest strongly connected component)
                  kept: \(graph.nodeCount) intersections, \(graph.edgeCount) directed edges
                  wrote \(output)
                """)
        }
    }
}

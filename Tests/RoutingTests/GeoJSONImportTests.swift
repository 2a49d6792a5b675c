import Foundation
import Routing
@testable import RoutingCLI
import Testing

/// A county's own GIS roads (PGIS GeoJSON) through the class/one-way profile into a graph.
@Suite("GeoJSON road import")
struct GeoJSONImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let roads = fixtures.appendingPathComponent("county-roads.geojson").path
    static let profilePath = fixtures.appendingPathComponent("county-profile.json").path

    func edge(_ g: RoadGraph, from a: GeoPoint, to b: GeoPoint) -> Int? {
        (0..<g.edgeCount).first {
            g.coordinate(ofVertex: g.edgeSource($0)).distance(to: a) < 0.1 && g.coordinate(ofVertex: g.edgeTarget($0)).distance(to: b) < 0.1
        }
    }
    func kmh(_ g: RoadGraph, _ e: Int) -> Double { g.edgeMeters(e) / Double(g.edgeMilliseconds(e)) * 3600 }

    @Test("Classes map through the profile to the default speeds; one-way values (and reverse ones) keep one direction")
    func mapsClassesAndOneway() throws {
        let profile = try GeoJSONRoadProfile.load(path: Self.profilePath)
        let (g, report) = try GeoJSONImporter.importGraph(path: Self.roads, profile: profile)
        #expect(report.features == 7 && report.lines == 5 && report.onewayLines == 2)
        #expect(report.skippedClasses == ["机耕路": 1])
        // Junctions where lines share a position; the interior point of G107 is no vertex.
        #expect(g.nodeCount == 6)
        #expect(g.edgeCount == 10)
        let p = { (lon: Double, lat: Double) in GeoPoint(lat: lat, lon: lon) }
        let trunk = try #require(edge(g, from: p(114.30, 36.30), to: p(114.32, 36.30)))
        #expect(abs(kmh(g, trunk) - 85) < 0.5 && g.twinEdge(trunk) != nil)
        let secondary = try #require(edge(g, from: p(114.32, 36.30), to: p(114.32, 36.32)))
        #expect(abs(kmh(g, secondary) - 55) < 0.5)
        let tertiary = try #require(edge(g, from: p(114.30, 36.30), to: p(114.30, 36.31)))
        #expect(abs(kmh(g, tertiary) - 40) < 0.5 && g.twinEdge(tertiary) != nil, "DXTX \"0\" is two-way")
        // "1": one-way as drawn; 2: one-way against the drawing.
        let forward = try #require(edge(g, from: p(114.32, 36.32), to: p(114.34, 36.32)))
        #expect(abs(kmh(g, forward) - 25) < 0.5 && g.twinEdge(forward) == nil)
        #expect(edge(g, from: p(114.34, 36.32), to: p(114.32, 36.32)) == nil)
        let reverse = try #require(edge(g, from: p(114.34, 36.32), to: p(114.34, 36.30)))
        #expect(g.twinEdge(reverse) == nil && edge(g, from: p(114.34, 36.30), to: p(114.34, 36.32)) == nil)
        // The interior shape point of G107 is kept as geometry.
        let long = try #require(edge(g, from: p(114.30, 36.30), to: p(114.32, 36.30)))
        #expect(g.geometry(ofEdge: long).count == 3)
    }

    @Test("`pingan route import-geojson` writes a graph that loads; bad profiles and files say why")
    func command() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("geojson-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("county.graph").path
        #expect(await RoutingCLI.run(arguments: ["import-geojson", Self.roads, "--profile", Self.profilePath, "--out", out, "--json"]) == 0)
        #expect(try RoadGraph.load(path: out).edgeCount == 10)

        let badProfile = dir.appendingPathComponent("bad.json")
        try Data(#"{"classProperty": "DLDJ", "classes": {"国道": "tractor_path"}}"#.utf8).write(to: badProfile)
        #expect(throws: RoutingError.self) { try GeoJSONRoadProfile.load(path: badProfile.path) }
        #expect(await RoutingCLI.run(arguments: ["import-geojson", Self.roads, "--profile", badProfile.path, "--out", out]) != 0)

        let profile = try GeoJSONRoadProfile.load(path: Self.profilePath)
        let notGeoJSON = dir.appendingPathComponent("x.geojson")
        try Data("[1,2]".utf8).write(to: notGeoJSON)
        #expect(throws: RoutingError.self) { try GeoJSONImporter.importGraph(path: notGeoJSON.path, profile: profile) }
        let outOfRange = dir.appendingPathComponent("y.geojson")
        try Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"DLDJ":"国道"},"geometry":{"type":"LineString","coordinates":[[500,36],[114,36]]}}]}"#.utf8).write(to: outOfRange)
        #expect(throws: RoutingError.self) { try GeoJSONImporter.importGraph(path: outOfRange.path, profile: profile) }
        let speeds = dir.appendingPathComponent("speeds.json")
        try Data(#"{"classProperty":"DLDJ","classes":{"国道":"trunk","县道":"secondary","乡道":"tertiary","城市道路":"residential"},"speeds":{"trunk":60}}"#.utf8).write(to: speeds)
        let (g, _) = try GeoJSONImporter.importGraph(path: Self.roads, profile: try GeoJSONRoadProfile.load(path: speeds.path))
        let e = try #require(edge(g, from: GeoPoint(lat: 36.30, lon: 114.30), to: GeoPoint(lat: 36.30, lon: 114.32)))
        #expect(abs(kmh(g, e) - 60) < 0.5, "the profile's speeds override the defaults")
    }
}

import Foundation
import Routing
import RoutingCLI
import Testing

/// Bad inputs give a clear one-line error (and a non-zero exit from the CLI), never a crash.
@Suite struct ErrorTests {
    static func temp(_ name: String, _ data: Data) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("routing-err-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    static func importError(_ data: Data, name: String) throws -> RoutingError? {
        let path = try temp(name, data)
        do {
            _ = try OSMImporter.importGraph(path: path)
            return nil
        } catch let error as RoutingError {
            #expect(!error.description.contains("\n"), "error must be one line: \(error)")
            #expect(error.description.contains(name), "error should name the file: \(error)")
            return error
        }
    }

    @Test func truncatedPBF() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try SharedData.osm("andorra.osm.pbf")))
        for cut in [3, 10, 200, 1_000, 50_000, 200_000, data.count - 1] {
            let error = try Self.importError(data.prefix(cut), name: "cut.osm.pbf")
            guard case .truncated? = error else {
                Issue.record("cut at \(cut): expected a truncation error, got \(String(describing: error))")
                continue
            }
        }
        let path = try Self.temp("cut.osm.pbf", data.prefix(100_000))
        #expect(await RoutingCLI.run(arguments: ["import", path, "-o", path + ".graph", "--quiet"]) == 1)
    }

    @Test func corruptPBF() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try SharedData.osm("andorra.osm.pbf")))
        var rng = SplitMix64(seed: 3)
        for trial in 0..<12 {
            var bad = data
            let at = Int.random(in: 0..<(data.count - 64), using: &rng)
            for i in at..<(at + 32) { bad[i] = UInt8.random(in: 0...255, using: &rng) }
            do {
                _ = try OSMImporter.importGraph(data: bad, path: "bad.osm.pbf")
                // flipping bytes inside string tables or coordinates can still decode: that is fine
            } catch let error as RoutingError {
                #expect(!error.description.contains("\n"), "trial \(trial): \(error)")
            }
        }
        let garbage = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        #expect(try Self.importError(garbage, name: "garbage.osm.pbf") != nil)
    }

    @Test func emptyFile() async throws {
        guard case .emptyFile? = try Self.importError(Data(), name: "empty.osm.pbf") else {
            Issue.record("expected an empty-file error"); return
        }
        let path = try Self.temp("empty.osm", Data())
        #expect(await RoutingCLI.run(arguments: ["import", path, "-o", path + ".graph", "--quiet"]) == 1)
    }

    @Test func nonOSMXML() async throws {
        let xml = Data("<?xml version=\"1.0\"?><html><body><p>hello</p></body></html>".utf8)
        let error = try Self.importError(xml, name: "page.xml")
        guard case .notOSM? = error else { Issue.record("expected notOSM, got \(String(describing: error))"); return }
        #expect(error!.description.contains("<html>"))
        let truncated = Data(OSMImportTests.sampleXML.utf8.prefix(400))
        #expect(try Self.importError(truncated, name: "cut.osm") != nil)
        let gzTruncated = try gzip(Data(OSMImportTests.sampleXML.utf8)).prefix(60)
        #expect(try Self.importError(gzTruncated, name: "cut.osm.gz") != nil)
        let noRoads = Data("<osm version=\"0.6\"><node id=\"1\" lat=\"1\" lon=\"1\"/></osm>".utf8)
        guard case .noRoads? = try Self.importError(noRoads, name: "nodes.osm") else { Issue.record("expected noRoads"); return }
    }

    @Test func pointFarFromRoads() async throws {
        let g = try SharedData.graph("monaco.osm.pbf")
        #expect(throws: RoutingError.noRoadNearby(lat: 0, lon: 0, maxMeters: 500)) { try g.snap(GeoPoint(lat: 0, lon: 0)) }
        // At the poles a degree of longitude is no distance at all; the answer is the same "no road".
        for (lat, lon) in [(90.0, 69.1), (-90.0, -180.0), (89.9999, 7.42), (-45.0, 180.0)] {
            #expect(throws: RoutingError.noRoadNearby(lat: lat, lon: lon, maxMeters: 1000)) { try g.snap(GeoPoint(lat: lat, lon: lon), maxMeters: 1000) }
        }
        // A point 220 m off a vertex still finds its road.
        let v = g.coordinate(ofVertex: 0)
        #expect((try? g.snap(GeoPoint(lat: v.lat + 0.002, lon: v.lon), maxMeters: 1000)) != nil)
        let e = RoutingError.noRoadNearby(lat: 43.9, lon: 7.1, maxMeters: 500)
        #expect(e.description == "no road within 500 m of 43.9,7.1")
        let graphPath = try Self.temp("monaco.graph", Data())
        try g.write(to: URL(fileURLWithPath: graphPath))
        #expect(await RoutingCLI.run(arguments: ["isochrone", graphPath, "--at", "0,0"]) == 1)
        #expect(await RoutingCLI.run(arguments: ["isochrone", graphPath, "--at", "not-a-point"]) == 1)
    }

    @Test func badGraphFiles() async throws {
        let g = try SharedData.graph("andorra.osm.pbf")
        let path = try Self.temp("a.graph", Data())
        try g.write(to: URL(fileURLWithPath: path))
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        for (name, bytes) in [("cut.graph", data.prefix(data.count / 2)), ("magic.graph", Data("hello world, not a graph at all....................".utf8)),
                              ("empty.graph", Data())] {
            let p = try Self.temp(name, bytes)
            #expect(throws: RoutingError.self) { try RoadGraph.load(path: p) }
            #expect(await RoutingCLI.run(arguments: ["info", p]) == 1)
        }
        // an out-of-range head index is caught by validation
        var bad = data
        let headOffset = 40 + ((g.nodeCount + 1) * 4 + 7) / 8 * 8
        bad.replaceSubrange(headOffset..<(headOffset + 4), with: [0xff, 0xff, 0xff, 0x7f])
        let p = try Self.temp("head.graph", bad)
        #expect(throws: RoutingError.self) { try RoadGraph.load(path: p) }
    }

    @Test func invalidQueryArguments() throws {
        let g = try randomGraph(seed: 1), other = try randomGraph(seed: 2)
        let router = Router(graph: g)
        let foreign = PlacedUnits(graph: other, vertices: [0, 1])
        #expect(throws: RoutingError.self) { try router.nearestUnits(toVertex: 0, units: foreign, k: 1) }
        #expect(throws: RoutingError.self) { try router.coverage(units: foreign, limitSeconds: 60) }
        #expect(throws: RoutingError.self) { try router.isochrone(fromVertex: -1, limitsSeconds: [60]) }
        #expect(throws: RoutingError.self) { try router.isochrone(fromVertex: 0, limitsSeconds: []) }
        #expect(throws: RoutingError.self) { try router.isochrone(fromVertex: 0, limitsSeconds: [.nan]) }
        #expect(throws: RoutingError.self) { try g.snap(GeoPoint(lat: .nan, lon: 0)) }
        #expect(throws: RoutingError.self) { try g.position(onEdge: g.edgeCount, fraction: 0.5) }
    }
}

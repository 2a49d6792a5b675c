import Foundation
@testable import PatrolDomain
import Routing
import Testing

/// A county's own checkpoint sites for an imported graph (`PINGAN_CHECKPOINTS`).
@Suite("Checkpoint sites from a GeoJSON file")
struct CheckpointSitesFileTests {
    let net = CiCountyData.network

    static func collection(_ features: [String]) -> String {
        #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}"
    }

    func feature(_ lon: Double, _ lat: Double, _ props: String) -> String {
        #"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]},"properties":{\#(props)}}"#
    }

    @Test("Sites are tied to the nearest road's nearer vertex, named or numbered, of either kind")
    func loads() throws {
        let g = net.graph
        let exit = net.checkpoints.first { $0.kind == .countyExit }!, gate = net.checkpoints.first { $0.kind == .cityGate }!
        let gate2 = net.checkpoints.filter { $0.kind == .cityGate }[1]
        let features = [
            feature(exit.position.lon, exit.position.lat, #""kind":"exit","name":"G107 磁县南检查站""#),
            feature(gate.position.lon, gate.position.lat, #""kind":"城区卡口""#),
            feature(gate2.position.lon, gate2.position.lat, #""kind":"gate","name":"  ""#),
        ]
        let text = Self.collection(features)
        let sites = try CheckpointSitesFile.parse(Data(text.utf8), graph: g)
        #expect(sites.count == 3)
        #expect(sites[0].name == "G107 磁县南检查站" && sites[0].kind == .countyExit)
        #expect(sites.filter { $0.kind == .cityGate }.map(\.name).sorted() == ["城区卡口 1", "城区卡口 2"])
        // Each vertex is an end of the road nearest the site, and the nearer one.
        for s in sites {
            let road = try g.snap(s.position, maxMeters: 300)
            let ends = [g.edgeSource(road.edge), g.edgeTarget(road.edge)]
            #expect(ends.contains(s.vertex))
            #expect(s.vertex == (road.fraction < 0.5 ? ends[0] : ends[1]))
        }
    }

    @Test("A file with a site off the roads, a wrong kind or a non-point is refused, every problem named")
    func refuses() {
        let seat = net.graph.coordinate(ofVertex: net.countySeatVertex)
        let text = Self.collection([
            feature(seat.lon, seat.lat, #""kind":"checkpoint""#),
            feature(seat.lon + 3, seat.lat + 3, #""kind":"exit""#),
            #"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[114,36],[114.1,36.1]]},"properties":{"kind":"exit"}}"#,
        ])
        do {
            _ = try CheckpointSitesFile.parse(Data(text.utf8), graph: net.graph)
            Issue.record("a bad file was accepted")
        } catch let e as CheckpointSitesFile.Invalid {
            #expect(e.problems.count == 3, "\(e.problems)")
            #expect(e.problems[0].contains("kind must be exit"))
            #expect(e.problems[1].contains("no road within"))
            #expect(e.problems[2].contains("not a Point"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: CheckpointSitesFile.Invalid.self) { try CheckpointSitesFile.parse(Data("[]".utf8), graph: net.graph) }
    }
}

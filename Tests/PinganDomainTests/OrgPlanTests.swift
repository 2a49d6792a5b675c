import Foundation
@testable import MediationDomain
import PinganDomain
import Testing

@Suite("Ci County plan and geography")
struct OrgPlanTests {
    static var root: URL {
        var u = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { u.deleteLastPathComponent() }
        return u
    }

    static func plan() throws -> [PlannedUnit] {
        let dir = root.appendingPathComponent("Resources/Data")
        let source = try JSONDecoder().decode(CountySource.self, from: Data(contentsOf: dir.appendingPathComponent("cixian-townships.json")))
        let g = try UnitGeometry.firstGeometry(inGeoJSON: Data(contentsOf: dir.appendingPathComponent("cixian-boundary.geojson")))
        return CiCountyPlan.build(source: source, boundary: g.polygons[0])
    }

    @Test("Counts, unique codes and a valid order")
    func counts() throws {
        let p = try Self.plan()
        func n(_ k: OrgUnitKind) -> Int { p.filter { $0.kind == k }.count }
        #expect(n(.township) == 11)
        #expect(n(.village) + n(.community) == 259)
        #expect(n(.department) == 37 && n(.mediationRoom) == 37)
        #expect(n(.policeStation) == 13 && n(.patrolGrid) == 20)
        #expect(n(.judicialOffice) == 11 && n(.professionalCommittee) == 3)
        #expect(problems(inPlan: p).isEmpty)
        #expect(p.filter { $0.kind == .department && !$0.plausibleFiller }.count == 7)
        // Village codes are the township's 9 digits plus 3: 12 digits in all.
        #expect(p.filter { $0.kind == .village || $0.kind == .community }.allSatisfy { $0.code.count == 12 && $0.code.allSatisfy(\.isNumber) })
    }

    @Test("Patrol grids partition the county: every point lies in exactly one; the urban grids are cut out of the seat's stations")
    func gridsPartition() throws {
        let plan = try Self.plan()
        let county = try #require(plan.first { $0.kind == .county }?.geometry)
        let grids = plan.filter { $0.kind == .patrolGrid }
        #expect(grids.count == 20 && plan.contains { $0.kind == .patrolOffice })
        let b = county.polygons[0].bounds
        var rng = SplitMix64(seed: 7)
        var inside = 0, urban = 0
        while inside < 4000 {
            let p = GeoPoint(lat: b.min.lat + rng.unit() * (b.max.lat - b.min.lat), lon: b.min.lon + rng.unit() * (b.max.lon - b.min.lon))
            guard county.contains(p) else { continue }
            inside += 1
            let holders = grids.filter { $0.geometry?.contains(p) == true }
            #expect(holders.count == 1, "\(p) lies in \(holders.map(\.name))")
            if holders.first?.parentCode?.hasSuffix("-ZHZX") == true { urban += 1 }
        }
        #expect(urban > 0, "some sample points fall in the urban grids")
    }

    @Test("Layout is deterministic, inside the county, and covers it")
    func layout() throws {
        let a = try Self.plan(), b = try Self.plan()
        #expect(a == b)
        let county = try #require(a.first { $0.kind == .county }?.geometry?.polygons.first)
        let townships = a.filter { $0.kind == .township }.compactMap { $0.geometry?.polygons.first }
        #expect(townships.count == 11)
        let total = townships.reduce(0) { $0 + abs($1.signedArea) }
        #expect(abs(total - abs(county.signedArea)) / abs(county.signedArea) < 0.001)
        // Every village lies in its own township's area.
        let byCode = Dictionary(uniqueKeysWithValues: a.map { ($0.code, $0) })
        for v in a where v.kind == .village || v.kind == .community {
            guard case .point(let pt)? = v.geometry, let t = byCode[v.parentCode!]?.geometry else { Issue.record("no geometry \(v.code)"); continue }
            #expect(t.contains(pt), "\(v.name) outside its township")
        }
        let areas = a.filter { $0.kind == .township || $0.kind == .patrolGrid }
        #expect(areas.count == 31 && areas.allSatisfy { $0.geometryIllustrative })
    }

    @Test("Voronoi cells split a square exactly")
    func voronoi() {
        let square = GeoPolygon(outer: [GeoPoint(lat: 0, lon: 0), GeoPoint(lat: 0, lon: 2), GeoPoint(lat: 2, lon: 2), GeoPoint(lat: 2, lon: 0)])
        let cells = VoronoiSplit.cells(of: square, sites: [GeoPoint(lat: 1, lon: 0.5), GeoPoint(lat: 1, lon: 1.5)])
        #expect(cells.count == 2)
        // Near the equator the cos-latitude scale is ~1: the bisector is x = 1.
        #expect(abs(abs(cells[0].signedArea) - 2) < 1e-3)
        #expect(cells[0].contains(GeoPoint(lat: 1.5, lon: 0.9)) && !cells[0].contains(GeoPoint(lat: 1.5, lon: 1.1)))
    }

    @Test("GeoJSON round trip and refusals")
    func geojson() throws {
        let text = #"{"type":"Polygon","coordinates":[[[114,36],[114.1,36],[114.1,36.1],[114,36]]]}"#
        let g = try JSONDecoder().decode(UnitGeometry.self, from: Data(text.utf8))
        let again = try JSONDecoder().decode(UnitGeometry.self, from: JSONEncoder().encode(g))
        #expect(g == again)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(UnitGeometry.self, from: Data(#"{"type":"Point","coordinates":[200,1]}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(UnitGeometry.self, from: Data(#"{"type":"LineString","coordinates":[]}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(UnitGeometry.self, from: Data(#"{"type":"MultiPolygon","coordinates":[]}"#.utf8)) }
    }

    @Test("Org CSV import reads quoted fields and names bad lines")
    func csvImport() throws {
        let csv = "code,name,kind,parent_code\r\n130427-A1,\"东片区, 一组\",area,130427100201\r\n"
        let units = try OrgImportParser.parse(Data(csv.utf8), fileName: "x.csv")
        #expect(units == [PlannedUnit(code: "130427-A1", name: "东片区, 一组", kind: .area, parentCode: "130427100201")])
        #expect(throws: OrgImportParser.Failure.self) { try OrgImportParser.parse(Data("code,name,kind\nA,B,castle\n".utf8), fileName: "x.csv") }
        #expect(problems(inPlan: units).count == 1) // parent unknown without existing codes
        #expect(problems(inPlan: units, existingCodes: ["130427100201"]).isEmpty)
    }
}

import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import MediationServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// #11 P3 over the API, on both databases: a day's figures come from the stored shift, track and
/// incidents (the same as `PatrolQuality` computes from them), cut to the caller's units.
@Suite("Patrol quality over the API")
struct PatrolQualityAPITests {
    static let now = Date(timeIntervalSince1970: 1_796_112_000)  // 2026-12-01 08:00 UTC, 16:00 in the county

    struct Answer: Decodable {
        struct U: Decodable { var unitId: UUID; var distanceMeters: Double; var patrolSeconds: Double; var inGridSeconds: Double
                              var hotspotVisits: Int; var hotspotMinutes: Double; var gridId: UUID?
                              var disputePlaceVisits: Int; var disputePlaceMinutes: Double }
        struct S: Decodable { var incidents: Int; var lat: Double; var lon: Double }
        struct G: Decodable { var gridId: UUID?; var units: Int; var officers: Int; var distanceMeters: Double }
        struct H: Decodable { struct In: Decodable { var gridId: UUID; var units: Int }; var hour: Int; var units: Int; var grids: [In]; var outsideGrids: Int }
        var day: String; var units: [U]; var hotspots: [S]; var grids: [G]; var hours: [H]
    }

    @Test("One day of a unit: distance, time, time in its grid and minutes at a hotspot as computed from its records; others' units not shown; a bad day is 400",
          arguments: TestDatabase.available)
    func unitDay(db: TestDatabase) async throws {
        let clock = TestClock(Self.now)
        try await withApp(db, clock: clock) { app in
            let commander = try await app.token("commander"), dispatcher = try await app.token("dispatcher")
            let station = try await app.unit(code: "130427000000-GAJ-PCS01")
            let units = try await PatrolUnitModel.query(on: app.db).filter(\.$stationOrgUnitID == station.requireID()).sort(\.$callSign).all()
            let unit = try #require(units.first { $0.homeGridOrgUnitID != nil })
            let grid = try #require(try await OrgUnitModel.find(unit.homeGridOrgUnitID, on: app.db))
            let geometry = try JSONDecoder().decode(UnitGeometry.self, from: Data(try #require(grid.geometry).utf8))
            let ring = try #require(geometry.polygons.first?.outer)
            let centre = GeoPoint(lat: ring.map(\.lat).reduce(0, +) / Double(ring.count), lon: ring.map(\.lon).reduce(0, +) / Double(ring.count))
            #expect(geometry.contains(centre), "the test walks from a point inside the grid")

            // Three calls at one corner of the grid: a hotspot.
            var points: [IncidentPoint] = []
            for i in 0..<3 {
                let p = GeoPoint(lat: centre.lat + Double(i) * 0.0002, lon: centre.lon)
                let r = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: IncidentAPITests.intake(UUID(), at: p))
                #expect(r.status == .created, "\(r.body.string)")
                points.append(IncidentPoint(position: p, at: Self.now))
            }
            // X1: an open red dispute (threats) 30 m from the hotspot, registered by the village's mediator;
            // a closed-off blue one beside it is no place to patrol.
            let disputePlace = GeoPoint(lat: centre.lat + 0.00027, lon: centre.lon)
            let located = #","location":{"lat":\#(disputePlace.lat),"lon":\#(disputePlace.lon)},"peopleInvolved":2"#
            let mediator = try await app.token("mediator")
            let red = try await app.api(.POST, "/api/v1/disputes", token: mediator,
                                        json: DisputeFixtures.intake(threat: true).replacingOccurrences(of: #","peopleInvolved":2"#, with: located))
            #expect(try red.status == .created && red.dispute().risk == "red", "\(red.body.string)")
            let blue = try await app.api(.POST, "/api/v1/disputes", token: mediator,
                                         json: DisputeFixtures.intake().replacingOccurrences(of: #","peopleInvolved":2"#, with: located))
            #expect(try blue.dispute().risk == "blue")
            let disputeID = try red.dispute().id

            // On shift 90 minutes: 20 minutes at the hotspot, then east at 8 m/s for 70 minutes, a fix every 30 s.
            let officer = try #require(try await UserModel.query(on: app.db).filter(\.$username == "patrol").first())
            let shift = PatrolShiftModel()
            shift.unitID = try unit.requireID(); shift.officerID = try officer.requireID()
            shift.signedOnAt = Self.now.addingTimeInterval(-5400); shift.signedOffAt = nil
            try await shift.create(on: app.db)
            var fixes: [Fix] = []
            let start = Self.now.addingTimeInterval(-5400)
            for k in 0...180 {
                let t = Double(k) * 30
                let east = t <= 1200 ? (k % 2 == 0 ? 0 : 15) : (t - 1200) * 8
                let lon = centre.lon + east / (111_320 * cos(centre.lat * .pi / 180))
                fixes.append(Fix(lat: centre.lat, lon: lon, at: start.addingTimeInterval(t), speed: 8, heading: 90, accuracy: 10))
            }
            let stored = try await FixStore(db: app.db).append(fixes, unit: unit.requireID(), kind: .patrolCar, live: nil, now: Self.now)
            #expect(stored.stored == fixes.count)
            clock.advance(60)

            let res = try await app.api(.GET, PatrolRoutes.patrolQuality.link() + "?day=2026-12-01", token: commander)
            #expect(res.status == .ok, "\(res.body.string)")
            let answer = try res.content.decode(Answer.self)
            #expect(answer.day == "2026-12-01")
            #expect(answer.hotspots.count == 1 && answer.hotspots.first?.incidents == 3)
            let row = try #require(answer.units.first { $0.unitId == unit.id })
            #expect(answer.units.count == 1, "only the unit on shift today has a day")

            // The same records through the domain: what the API must say.
            let to = Self.now.addingTimeInterval(60)
            let expected = PatrolQuality.day(unitId: unit.id!, track: fixes, shift: DateInterval(start: start, end: to),
                                             gridId: grid.id!.uuidString, grid: geometry, hotspots: Hotspots.find(points, now: to),
                                             disputes: [PatrolPlace.dispute(id: disputeID, at: disputePlace)])
            #expect(row.distanceMeters == expected.distanceMeters.rounded())
            #expect(row.patrolSeconds == 5400 && row.patrolSeconds == expected.patrolSeconds.rounded())
            #expect(row.inGridSeconds == expected.inGridSeconds.rounded() && row.inGridSeconds >= 1200, "the 20 minutes at the hotspot are inside")
            #expect(row.hotspotVisits == 1)
            #expect(abs(row.hotspotMinutes - expected.dosage(at: .hotspot) / 60) < 0.06 && row.hotspotMinutes >= 20)
            // The dispute's place: visited once, for the same minutes as the domain counts them from the track.
            #expect(row.disputePlaceVisits == 1, "\(row)")
            #expect(abs(row.disputePlaceMinutes - expected.dosage(at: .dispute) / 60) < 0.06 && row.disputePlaceMinutes >= 20, "\(row)")
            // 70 minutes at 8 m/s, and the stop's back-and-forth (15 m, 40 times); within 0.5 % (the
            // test's metres per degree are a flat approximation).
            #expect(abs(row.distanceMeters - (4200 * 8 + 40 * 15)) < 0.005 * 34_200, "\(row.distanceMeters)")
            #expect(answer.grids.first { $0.gridId == grid.id }.map { [$0.units, $0.officers] } == [1, 1])
            // 警力分布: on shift from 14:30 to 16:00 local, so out in the hours 14, 15 and 16 (its last
            // fix at 16:00:00) only; each hour's last fix lies wherever the drive took it, counted
            // once, in a grid or outside.
            let out = answer.hours.filter { $0.units > 0 }
            #expect(out.map(\.hour) == [14, 15, 16], "\(out.map(\.hour))")
            for h in out { #expect(h.units == 1 && h.grids.reduce(0) { $0 + $1.units } + h.outsideGrids == 1) }
            #expect(answer.hours.count == 17, "the hours 0…16 of the day so far")

            // Another station's commander sees none of it.
            let pcs05 = try await app.unit(code: "130427000000-GAJ-PCS05")
            let admin = try await app.token("admin")
            let made = try await app.api(.POST, "/api/v1/users", token: admin, json: #"""
                {"username":"commander05","password":"pingan-demo","displayName":"讲武城所长","role":"station_commander","orgUnitId":"\#(pcs05.id!)"}
                """#)
            #expect(made.status == .created)
            let other = try await app.api(.GET, PatrolRoutes.patrolQuality.link() + "?day=2026-12-01", token: try await app.token("commander05")).content.decode(Answer.self)
            #expect(other.units.isEmpty && other.hotspots.isEmpty)
            #expect(try await app.api(.GET, PatrolRoutes.patrolQuality.link(), token: try await app.token("bureau")).status == .notFound)
            for bad in ["2026-02-30", "2026-1-01", "yesterday"] {
                let r = try await app.api(.GET, PatrolRoutes.patrolQuality.link() + "?day=\(bad)", token: commander)
                #expect(r.status == .badRequest && r.errorCode == "invalid_query", "\(bad): \(r.status)")
            }
        }
    }
}

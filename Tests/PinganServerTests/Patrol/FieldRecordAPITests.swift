import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// #11 P10/P11 through the server, on both databases: every kind stored with its fields, a resend
/// stored once, every field rule a 4xx with its code, ID numbers masked in the ledger, its CSV and
/// the audit log and revealed only by an audited action, and the scope: the officer only while on
/// the unit's shift and only the unit's records, a commander the station's, justice 404, an
/// incident linked only when the officer's unit works on it.
@Suite("Field records (P10, P11)")
struct FieldRecordAPITests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)   // 2026-11-18
    struct Page: Decodable { var items: [FieldRecordDTO]; var total: Int }

    /// Signs the demo officer on to 城关派出所's first unit and returns it with the officer's token.
    static func onShift(_ app: Application) async throws -> (unit: PatrolUnitModel, token: String) {
        let token = try await app.token("patrol")
        let station = try await app.unit(code: "130427000000-GAJ-PCS01")
        let unit = try #require(try await PatrolUnitModel.query(on: app.db).filter(\.$stationOrgUnitID == station.requireID()).sort(\.$callSign).first())
        let on = try await app.api(.POST, PatrolRoutes.signOn.link(try unit.requireID()), token: token, json: #"{"id":"\#(UUID())"}"#)
        guard on.status == .created else { throw TestSetupError.other("sign-on: \(on.body.string)") }
        return (unit, token)
    }

    static func post(_ app: Application, _ unit: PatrolUnitModel, token: String, _ json: String) async throws -> TestingHTTPResponse {
        try await app.api(.POST, FieldRecordRoutes.record.link(try unit.requireID()), token: token, json: json)
    }

    static func ledger(_ app: Application, token: String, query: String = "") async throws -> (TestingHTTPResponse, Page?) {
        let res = try await app.api(.GET, FieldRecordRoutes.list.link(query: query), token: token)
        return (res, res.status == .ok ? try res.content.decode(Page.self) : nil)
    }

    @Test("Every kind is stored with its fields; a resend is stored once; the ledger, the CSV and the audit mask the ID number; the reveal is audited; counts by kind",
          arguments: TestDatabase.available)
    func everyKind(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let (unit, patrol) = try await Self.onShift(app)
            let number = FieldRecordFixtures.idNumber(), suspectNumber = FieldRecordFixtures.idNumber("13042719920202003")
            let B = FieldRecordFixtures.self
            let checkID = UUID()
            let bodies: [(String, String)] = [
                ("person_check", B.personCheck(checkID, number: number, extra: #""placeLabel":"磁州路与滏阳大街口","note":"夜间形迹可疑""#)),
                ("vehicle_check", B.body(kind: "vehicle_check", #""plate":"冀D12345""#)),
                ("suspect_caught", B.body(kind: "suspect_caught", #""personName":"李四","idNumber":"\#(suspectNumber)","reason":"盗窃电动车""#)),
                ("arrest", B.body(kind: "arrest", #""personName":"王五","reason":"故意伤害""#)),
                ("administrative_detention", B.body(kind: "administrative_detention", #""personName":"赵六","reason":"殴打他人","detentionDays":10"#)),
                ("fugitive_caught", B.body(kind: "fugitive_caught", #""personName":"钱七","reason":"网上在逃""#)),
                ("public_assistance", B.body(kind: "public_assistance", #""assistance":"lost_person","peopleHelped":2"#)),
                ("traffic_violation", B.body(kind: "traffic_violation", #""violation":"speeding","plate":"冀DD12345""#)),
                ("traffic_violation", B.body(kind: "traffic_violation", #""violation":"drunk_driving","bloodAlcohol":92,"plate":"冀D54321""#)),
                ("venue_inspection", B.body(kind: "venue_inspection", #""venueKind":"hotel","venueName":"磁州宾馆""#)),
                ("venue_inspection", B.body(kind: "venue_inspection",
                                            #""venueKind":"logistics","venueName":"中通快递磁县网点","logistics":{"inspectBeforeSealing":true,"realNameRegistration":false,"xRayScreening":true}"#)),
            ]
            for (kind, json) in bodies {
                let res = try await Self.post(app, unit, token: patrol, json)
                #expect(res.status == .created, "\(kind): \(res.status) \(res.body.string.prefix(300))")
                #expect(!res.body.string.contains(number) && !res.body.string.contains(suspectNumber), "the answer masks the ID number")
            }
            // A resend (the queue after a lost answer) is the same record, answered 200; the same id for another kind is a conflict.
            let again = try await Self.post(app, unit, token: patrol, B.personCheck(checkID, number: number))
            let againID = try again.content.decode(FieldRecordDTO.self).id
            #expect(again.status == .ok && againID == checkID, "\(again.body.string.prefix(200))")
            let other = try await Self.post(app, unit, token: patrol, B.body(checkID, kind: "vehicle_check", #""plate":"冀D12345""#))
            #expect(other.status == .conflict && other.errorCode == "duplicate_id")
            #expect(try await FieldRecordModel.query(on: app.db).filter(\.$unitID == unit.requireID()).count() == bodies.count)

            // Stored with their fields, as the ledger shows them.
            let commander = try await app.token("commander")
            let (res, page) = try await Self.ledger(app, token: commander, query: "unit=\(try unit.requireID())&limit=50")
            let items = try #require(page?.items, "\(res.body.string.prefix(300))")
            #expect(items.count == bodies.count)
            #expect(!res.body.string.contains(number) && !res.body.string.contains(suspectNumber), "masked in the list")
            func one(_ kind: String, _ sub: String? = nil) throws -> FieldRecordDTO {
                try #require(items.first { $0.kind == kind && (sub == nil || $0.subkind == sub) }, "\(kind) \(sub ?? "")")
            }
            let check = try one("person_check")
            #expect(check.details.personName == "张三" && check.details.idNumber == "130427********" + number.suffix(4) && check.hasIdNumber)
            #expect(check.placeLabel == "磁州路与滏阳大街口" && check.note == "夜间形迹可疑" && check.officerName != "" && check.callSign == unit.callSign)
            #expect(check.at == Date(timeIntervalSince1970: 1_794_276_000), "the tap's time (2026-11-10T02:00:00Z), not the arrival")
            #expect(check.recordedAt == Self.now && check.stationName == "城关派出所")
            #expect(try one("vehicle_check").details.plate == "冀D12345")
            #expect(try one("suspect_caught").details.reason == "盗窃电动车")
            #expect(try one("arrest").details.idNumber == nil && (try one("arrest")).hasIdNumber == false)
            #expect(try one("administrative_detention").details.detentionDays == 10)
            #expect(try one("fugitive_caught").details.personName == "钱七")
            #expect(try one("public_assistance").details.peopleHelped == 2 && (try one("public_assistance")).subkindLabel == "走失人员")
            #expect(try one("traffic_violation", "speeding").details.plate == "冀DD12345")
            let drunk = try one("traffic_violation", "drunk_driving")
            #expect(drunk.details.bloodAlcohol == 92 && drunk.summary.contains("醉酒驾驶"))
            #expect(try one("venue_inspection", "hotel").details.venueName == "磁州宾馆")
            let logistics = try #require(try one("venue_inspection", "logistics").details.logistics)
            #expect(logistics == LogisticsChecks(inspectBeforeSealing: true, realNameRegistration: false, xRayScreening: true))
            // The kind filter and the single record.
            let (_, vehicles) = try await Self.ledger(app, token: commander, query: "kind=vehicle_check,traffic_violation&unit=\(try unit.requireID())")
            #expect(vehicles?.total == 3)
            let single = try await app.api(.GET, FieldRecordRoutes.show.link(checkID), token: commander)
            #expect(single.status == .ok && !single.body.string.contains(number))

            // The CSV and the audit log are masked too.
            let csv = try await app.api(.GET, FieldRecordRoutes.exportCSV.link(), token: commander)
            #expect(csv.status == .ok && csv.body.string.contains("盘查人员") && csv.body.string.contains("130427********"))
            #expect(!csv.body.string.contains(number) && !csv.body.string.contains(suspectNumber))
            let created = try await AuditRecordModel.query(on: app.db).filter(\.$action == "field_record.create").all()
            #expect(created.count == bodies.count, "one audit record per stored record, none for the resend")
            #expect(!created.contains { ($0.after ?? "").contains(number) })

            // Revealed only by the audited action: each reveal is one audit record naming the actor.
            let reveal = try await app.api(.POST, FieldRecordRoutes.reveal.link(checkID), token: commander)
            let revealed = try reveal.content.decode(FieldRecordRevealDTO.self).idNumber
            #expect(reveal.status == .ok && revealed == number, "\(reveal.body.string)")
            let reveals = try await AuditRecordModel.query(on: app.db).filter(\.$action == "reveal").filter(\.$entityType == "field_record").all()
            #expect(reveals.count == 1 && reveals.first?.actorUsername == "commander" && reveals.first?.entityID == checkID.uuidString)
            #expect(try await app.api(.POST, FieldRecordRoutes.reveal.link(checkID), token: patrol).status == .notFound, "the officer does not reveal")
            let none = try await app.api(.POST, FieldRecordRoutes.reveal.link(try one("arrest").id), token: commander)
            #expect(none.status == .conflict && none.errorCode == "no_id_number")

            // Counts by kind for the period (for the statistics, #12): the day of the taps (the demo's own records are of the days before now).
            let sum = try await app.api(.GET, FieldRecordRoutes.summary.link(query: "from=2026-11-10&to=2026-11-11"), token: commander)
            let s = try sum.content.decode(FieldRecordSummaryDTO.self)
            #expect(s.total == bodies.count)
            let byKind = Dictionary(uniqueKeysWithValues: s.kinds.map { ($0.key, $0.count) })
            #expect(byKind["traffic_violation"] == 2 && byKind["venue_inspection"] == 2 && byKind["person_check"] == 1 && byKind["arrest"] == 1)
            #expect(s.violations.map(\.key).sorted() == ["drunk_driving", "speeding"])
            #expect(s.logistics.inspections == 1 && s.logistics.allMet == 0 && s.logistics.unmet.first { $0.key == "real_name_registration" }?.count == 1)
            let outside = try await app.api(.GET, FieldRecordRoutes.summary.link(query: "from=2026-11-11T00:00:00Z&to=2026-11-12T00:00:00Z"), token: commander)
            #expect(try outside.content.decode(FieldRecordSummaryDTO.self).total == 0)
        }
    }

    @Test("Each field rule is a 4xx with its own code, nothing is stored, and a bad body with a known id is refused too",
          arguments: TestDatabase.available)
    func fieldRules(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let (unit, patrol) = try await Self.onShift(app)
            let B = FieldRecordFixtures.self
            let good = B.idNumber()
            let wrongCheck = String(good.dropLast()) + (good.last == "1" ? "2" : "1")
            let cases: [(String, HTTPResponseStatus, String)] = [
                (B.body(kind: "person_check", #""idNumber":"\#(good)""#), .unprocessableEntity, "missing_field"),
                (B.personCheck(number: wrongCheck), .unprocessableEntity, "invalid_id_number"),
                (B.personCheck(number: "13042719850615"), .unprocessableEntity, "invalid_id_number"),
                (B.body(kind: "person_check", #""personName":"\#(String(repeating: "张", count: 51))","idNumber":"\#(good)""#), .unprocessableEntity, "validation_failed"),
                (B.body(kind: "vehicle_check", #""plate":"冀d12345""#), .unprocessableEntity, "invalid_plate"),
                (B.body(kind: "vehicle_check", #""plate":" 冀D12345""#), .unprocessableEntity, "invalid_plate"),
                (B.body(kind: "traffic_violation", #""violation":"speeding","plate":"""#), .unprocessableEntity, "invalid_plate"),
                (B.body(kind: "vehicle_check"), .unprocessableEntity, "missing_field"),
                (B.body(kind: "arrest", #""personName":"王五""#), .unprocessableEntity, "missing_field"),
                (B.body(kind: "administrative_detention", #""personName":"赵六","reason":"殴打他人","detentionDays":30"#), .unprocessableEntity, "invalid_detention_days"),
                (B.body(kind: "public_assistance", #""assistance":"lost_person","peopleHelped":0"#), .unprocessableEntity, "invalid_people_helped"),
                (B.body(kind: "public_assistance", #""assistance":"alien_abduction","peopleHelped":1"#), .badRequest, "invalid_body"),
                (B.body(kind: "traffic_violation", #""violation":"drunk_driving""#), .unprocessableEntity, "missing_field"),
                (B.body(kind: "traffic_violation", #""violation":"drunk_driving","bloodAlcohol":12"#), .unprocessableEntity, "invalid_blood_alcohol"),
                (B.body(kind: "venue_inspection", #""venueKind":"logistics","venueName":"快递点""#), .unprocessableEntity, "missing_logistics_checks"),
                (B.body(kind: "venue_inspection", #""venueKind":"hotel""#), .unprocessableEntity, "missing_field"),
                (B.personCheck(extra: #""placeLabel":"\#(String(repeating: "路", count: 201))""#), .unprocessableEntity, "validation_failed"),
                (B.body(kind: "vehicle_check", #""plate":"冀D12345""#, lat: 95), .unprocessableEntity, "invalid_place"),
                (B.body(kind: "parking_ticket"), .badRequest, "invalid_body"),
                (B.personCheck(extra: #""incidentId":"\#(UUID())""#), .unprocessableEntity, "unknown_incident"),
            ]
            let before = try await FieldRecordModel.query(on: app.db).count()
            for (json, status, code) in cases {
                let res = try await Self.post(app, unit, token: patrol, json)
                #expect(res.status == status && res.errorCode == code, "\(code): got \(res.status) \(res.body.string.prefix(200)) for \(json)")
            }
            #expect(try await FieldRecordModel.query(on: app.db).count() == before, "nothing refused is stored")
            // A good record, then its id resent with a broken body: refused, the record unchanged.
            let id = UUID()
            #expect(try await Self.post(app, unit, token: patrol, B.personCheck(id)).status == .created)
            let broken = try await Self.post(app, unit, token: patrol, B.personCheck(id, number: wrongCheck))
            #expect(broken.errorCode == "invalid_id_number")
            #expect(try await FieldRecordModel.find(id, on: app.db)?.idNumber == good)
        }
    }

    @Test("Scope: the officer records only for the unit they are on and sees only its records; a commander of another station sees nothing; justice 404; an incident is linked only if the unit works on it",
          arguments: TestDatabase.available)
    func scope(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let (unit, patrol) = try await Self.onShift(app)
            let B = FieldRecordFixtures.self
            let mine = UUID()
            #expect(try await Self.post(app, unit, token: patrol, B.personCheck(mine)).status == .created)
            // Another station's unit and a record of it.
            let pcs05 = try await app.unit(code: "130427000000-GAJ-PCS05")
            let otherUnit = try #require(try await PatrolUnitModel.query(on: app.db).filter(\.$stationOrgUnitID == pcs05.requireID()).sort(\.$callSign).first())
            let officer = try #require(try await UserModel.query(on: app.db).filter(\.$username == "patrol").first())
            let theirs = try await B.stored(on: app.db, unit: otherUnit, officer: officer, at: Self.now)
            // The officer cannot record for a unit they are not on (another of their station, or another station's).
            let sibling = try #require(try await PatrolUnitModel.query(on: app.db).filter(\.$stationOrgUnitID == unit.stationOrgUnitID)
                .filter(\.$id != unit.requireID()).first())
            for u in [sibling, otherUnit] {
                let res = try await Self.post(app, u, token: patrol, B.personCheck())
                #expect(res.status == .notFound, "\(u.callSign): \(res.status)")
            }
            // Nobody else records: a commander, a dispatcher.
            for name in ["commander", "dispatcher"] {
                #expect(try await Self.post(app, unit, token: try await app.token(name), B.personCheck()).status == .notFound, "\(name)")
            }

            // The officer: the unit's records only.
            let (_, own) = try await Self.ledger(app, token: patrol)
            #expect(own?.items.map(\.id) == [mine])
            #expect(try await app.api(.GET, FieldRecordRoutes.show.link(try theirs.requireID()), token: patrol).status == .notFound)

            // 城关派出所's commander: the station's; a commander of the other station: nothing of it, 404 on it.
            let admin = try await app.token("admin")
            let made = try await app.api(.POST, "/api/v1/users", token: admin, json: #"""
                {"username":"commander05","password":"\#(DemoOrgSeed.password)","displayName":"五所所长","role":"station_commander","orgUnitId":"\#(pcs05.id!)"}
                """#)
            #expect(made.status == .created, "\(made.body.string)")
            let commander = try await app.token("commander"), commander05 = try await app.token("commander05")
            let (_, station) = try await Self.ledger(app, token: commander)
            #expect(station.map { $0.items.contains { $0.id == mine } && !$0.items.contains { $0.id == theirs.id } } == true)
            let (_, other) = try await Self.ledger(app, token: commander05)
            #expect(other.map { !$0.items.contains { $0.id == mine } && $0.items.contains { $0.id == theirs.id } } == true)
            for path in [FieldRecordRoutes.show.link(mine)] {
                #expect(try await app.api(.GET, path, token: commander05).status == .notFound)
            }
            #expect(try await app.api(.POST, FieldRecordRoutes.reveal.link(mine), token: commander05).status == .notFound)
            #expect(try await app.api(.POST, FieldRecordRoutes.reveal.link(try theirs.requireID()), token: commander).status == .notFound)
            let filtered = try await Self.ledger(app, token: commander05, query: "station=\(try await app.unit(code: "130427000000-GAJ-PCS01").requireID())")
            #expect(filtered.1?.total == 0, "a station outside the scope filters to nothing")
            // The dispatcher: the county, with the station filter.
            let dispatcher = try await app.token("dispatcher")
            let (_, county) = try await Self.ledger(app, token: dispatcher, query: "station=\(try pcs05.requireID())")
            #expect(county.map { $0.items.contains { $0.id == theirs.id } && !$0.items.contains { $0.id == mine } } == true)
            // Justice and governance: 404 on every route.
            for name in ["bureau", "mediator", "lawyer", "governance"] {
                let t = try await app.token(name)
                #expect(try await app.api(.GET, FieldRecordRoutes.list.link(), token: t).status == .notFound, "\(name)")
                #expect(try await app.api(.GET, FieldRecordRoutes.show.link(mine), token: t).status == .notFound, "\(name)")
                #expect(try await app.api(.GET, FieldRecordRoutes.summary.link(), token: t).status == .notFound, "\(name)")
                #expect(try await app.api(.POST, FieldRecordRoutes.record.link(try unit.requireID()), token: t, json: B.personCheck()).status == .notFound, "\(name)")
            }

            // Incidents: one the unit is sent to links; one it has no task on is refused as unknown.
            let grid = try await app.unit(code: "130427000000-GAJ-PCS01-WG")
            let shape = try #require(grid.geometry)
            let anchor = try #require(try JSONDecoder().decode(UnitGeometry.self, from: Data(shape.utf8)).anchor)
            let sent = UUID(), notSent = UUID()
            for id in [sent, notSent] {
                let r = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: IncidentAPITests.intake(id, at: anchor))
                #expect(r.status == .created, "\(r.body.string.prefix(200))")
            }
            let d = try await app.api(.POST, PatrolRoutes.dispatch.link(sent), token: dispatcher,
                                      json: #"{"assignments":[{"id":"\#(UUID())","unitId":"\#(try unit.requireID())"}]}"#)
            #expect(d.status == .created, "\(d.body.string.prefix(300))")
            let linked = try await Self.post(app, unit, token: patrol, B.body(kind: "arrest", #""personName":"王五","reason":"故意伤害""#, extra: #""incidentId":"\#(sent)""#))
            #expect(linked.status == .created, "\(linked.body.string.prefix(300))")
            let dto = try linked.content.decode(FieldRecordDTO.self)
            #expect(dto.incidentId == sent && dto.incidentNumber?.hasPrefix("JQ") == true)
            let refused = try await Self.post(app, unit, token: patrol, B.body(kind: "arrest", #""personName":"王五","reason":"故意伤害""#, extra: #""incidentId":"\#(notSent)""#))
            #expect(refused.status == .unprocessableEntity && refused.errorCode == "unknown_incident")
            let (_, byIncident) = try await Self.ledger(app, token: dispatcher, query: "incident=\(sent)")
            #expect(byIncident?.items.map(\.id) == [dto.id])

            // Signed off, the officer records nothing and sees nothing (the unit's ledger is the station's to read).
            let shift = try #require(try await PatrolShiftModel.query(on: app.db).filter(\.$officerID == officer.requireID()).filter(\.$signedOffAt == nil).first())
            let off = try await app.api(.POST, PatrolRoutes.signOff.link(try unit.requireID()), token: patrol, json: #"{"shiftId":"\#(try shift.requireID())"}"#)
            #expect(off.status == .ok, "\(off.body.string.prefix(200))")
            #expect(try await Self.post(app, unit, token: patrol, B.personCheck()).status == .notFound)
            #expect(try await Self.ledger(app, token: patrol).1?.total == 0)
        }
    }
}

import Fluent
import Foundation
@testable import MediationServer
@testable import PatrolServer
import PinganDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Every reveal of a masked number, on both sides, leaves exactly one audit record naming who,
/// which record and which fields; a caller outside the record's scope (another township's
/// mediator, another station's commander, the other branch) gets 404 and leaves none.
@Suite("Audited reveals")
struct RevealAuditTests {
    static func reveals(_ app: Application, _ entityType: String) async throws -> [AuditRecordModel] {
        try await AuditRecordModel.query(on: app.db).filter(\.$action == "reveal").filter(\.$entityType == entityType).all()
    }

    @Test("Mediation: a dispute's parties' ID numbers and phones", arguments: TestDatabase.available)
    func dispute(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let mediator = try await app.token("mediator")
            let id = UUID()
            #expect(try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: id)).status == .created)
            // Another township's mediator: 404, as for no such dispute. The police side is refused
            // by the route's declared policy before any dispute is looked up.
            let outsider = try await DirectiveFixtures.mediator(app, username: "reveal103", villageCode: "130427103201")
            let elsewhere = try await app.api(.POST, "/api/v1/disputes/\(id)/reveal", token: outsider)
            #expect(elsewhere.status == .notFound && elsewhere.errorCode == "not_found", "\(elsewhere.status)")
            let refusal = MediationRoutes.reveal.policy.refusal
            for police in ["commander", "dispatcher"] {
                let res = try await app.api(.POST, "/api/v1/disputes/\(id)/reveal", token: try await app.token(police))
                #expect(res.status == refusal && !res.body.string.contains(DisputeFixtures.applicantID), "\(police): \(res.status)")
            }
            #expect(try await Self.reveals(app, "dispute").isEmpty, "a refused reveal leaves no record")

            let res = try await app.api(.POST, "/api/v1/disputes/\(id)/reveal", token: mediator)
            #expect(res.status == .ok && res.body.string.contains(DisputeFixtures.applicantID) && res.body.string.contains("13812345678"))
            let records = try await Self.reveals(app, "dispute")
            #expect(records.count == 1)
            let r = try #require(records.first)
            #expect(r.actorUsername == "mediator" && r.entityID == id.uuidString)
            let after = try #require(r.after)
            #expect(after.contains("idNumber,phone") && after.contains("张三"), "\(after)")
            // The record names the fields, never their values.
            #expect(!after.contains(DisputeFixtures.applicantID) && !after.contains("13812345678"))
            // Each reveal is its own record.
            _ = try await app.api(.POST, "/api/v1/disputes/\(id)/reveal", token: try await app.token("judicial"))
            #expect(try await Self.reveals(app, "dispute").map(\.actorUsername).sorted() == ["judicial", "mediator"])
        }
    }

    @Test("Patrol: a field record's ID number", arguments: TestDatabase.available)
    func fieldRecord(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(FieldRecordAPITests.now)) { app in
            let (unit, patrol) = try await FieldRecordAPITests.onShift(app)
            let id = UUID(), number = FieldRecordFixtures.idNumber()
            #expect(try await FieldRecordAPITests.post(app, unit, token: patrol, FieldRecordFixtures.personCheck(id, number: number)).status == .created)
            let admin = try await app.token("admin")
            let pcs05 = try await app.unit(code: "130427000000-GAJ-PCS05")
            let made = try await app.api(.POST, "/api/v1/users", token: admin, json: #"""
                {"username":"reveal05","password":"\#(DemoOrgSeed.password)","displayName":"五所所长","role":"station_commander","orgUnitId":"\#(pcs05.id!)"}
                """#)
            #expect(made.status == .created, "\(made.body.string)")
            for name in ["reveal05", "judicial", "mediator"] {
                let res = try await app.api(.POST, FieldRecordRoutes.reveal.link(id), token: try await app.token(name))
                #expect(res.status == .notFound && !res.body.string.contains(number), "\(name): \(res.status)")
            }
            #expect(try await Self.reveals(app, "field_record").isEmpty, "a refused reveal leaves no record")

            let res = try await app.api(.POST, FieldRecordRoutes.reveal.link(id), token: try await app.token("commander"))
            #expect(res.status == .ok)
            #expect(try res.content.decode(FieldRecordRevealDTO.self).idNumber == number)
            let records = try await Self.reveals(app, "field_record")
            #expect(records.count == 1)
            let r = try #require(records.first)
            #expect(r.actorUsername == "commander" && r.entityID == id.uuidString)
            let after = try #require(r.after)
            #expect(after.contains(#""fields""#) && after.contains("idNumber") && after.contains("person_check"), "\(after)")
            #expect(!after.contains(number))
        }
    }
}

import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("Audit trail")
struct AuditTests {
    struct AuditList: Decodable { var items: [AuditController.AuditDTO]; var total: Int }

    @Test("Every write leaves a record with the actor and before/after values", arguments: TestDatabase.available)
    func writesAreAudited(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("admin")
            let committee = try await app.unit(code: "130427103201-TWH").id!
            let county = try await app.unit(code: "130427000000").id!

            let created = try await app.api(.POST, "/api/v1/users", token: token,
                                             json: #"{"username":"mediator2","password":"pingan-demo","displayName":"钱调解","role":"mediator","orgUnitId":"\#(committee)"}"#)
            #expect(created.status == .created)
            let user = try created.content.decode(UserDTO.self)
            let patched = try await app.api(.PATCH, "/api/v1/users/\(user.id)", token: token, json: #"{"displayName":"钱调解员"}"#)
            #expect(patched.status == .ok)
            let unit = try await app.api(.POST, "/api/v1/org-units", token: token,
                                          json: #"{"code":"130427000000-AREA1","name":"东片区","kind":"area","parentId":"\#(county)"}"#)
            #expect(unit.status == .created)
            let unitID = try unit.content.decode(OrgUnitDTO.self).id
            let renamed = try await app.api(.PATCH, "/api/v1/org-units/\(unitID)", token: token, json: #"{"name":"东部片区"}"#)
            #expect(renamed.status == .ok)

            let list = try await app.api(.GET, "/api/v1/audit?actor=admin&limit=10", token: token).content.decode(AuditList.self)
            #expect(list.total == 4)
            let byKey = Dictionary(grouping: list.items) { "\($0.entityType)/\($0.action)" }
            let userCreate = try #require(byKey["user/create"]?.first)
            #expect(userCreate.entityId == user.id.uuidString)
            #expect(userCreate.before == nil)
            #expect(userCreate.after?.contains("钱调解") == true)
            #expect(userCreate.after?.contains("password") == false)
            let userUpdate = try #require(byKey["user/update"]?.first)
            #expect(userUpdate.before?.contains("\"displayName\":\"钱调解\"") == true)
            #expect(userUpdate.after?.contains("\"displayName\":\"钱调解员\"") == true)
            let unitUpdate = try #require(byKey["org_unit/update"]?.first)
            #expect(unitUpdate.before?.contains("东片区") == true)
            #expect(unitUpdate.after?.contains("东部片区") == true)
            #expect(list.items.allSatisfy { $0.actorUsername == "admin" && $0.actorId != nil })

            // A refused write leaves no record.
            _ = try await app.api(.PATCH, "/api/v1/org-units/\(unitID)", token: token, json: #"{"name":""}"#)
            #expect(try await app.api(.GET, "/api/v1/audit?actor=admin", token: token).content.decode(AuditList.self).total == 4)
        }
    }

    @Test("Audit is for administrators only and exports as CSV", arguments: TestDatabase.available)
    func exportAndAccess(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let judicial = try await app.token("judicial")
            #expect(try await app.api(.GET, "/api/v1/audit", token: judicial).status == .forbidden)
            let admin = try await app.token("admin")
            let csv = try await app.api(.GET, "/api/v1/audit/export.csv?entityType=user", token: admin)
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.first?.contains("id,at,actor,action,entity_type,entity_id,before,after") == true)
            #expect(lines.count == 1 + DemoOrgSeed.accounts.count + LawyerSeed.extra.count)
            #expect(lines.dropFirst().allSatisfy { $0.contains("\"user\"") && $0.contains("\"demo\"") })
        }
    }

    @Test("CSV fields are quoted and formula-safe")
    func csvField() {
        #expect(AuditController.csvField("a\"b") == "\"a\"\"b\"")
        #expect(AuditController.csvField("=SUM(A1)") == "\"'=SUM(A1)\"")
    }
}

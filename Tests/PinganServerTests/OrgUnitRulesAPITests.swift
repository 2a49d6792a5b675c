import Fluent
import Foundation
import PinganDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// The writes the issue's fuzz run got through (a second county, a department as justice bureau,
/// codes like `£`, a judicial office pointed at a department) and the checks on query values.
@Suite("Org-unit writes keep the tree valid")
struct OrgUnitRulesAPITests {
    struct AuditList: Decodable { var total: Int }

    @Test("Kind and parent rules, one county and one bureau, codes and names", arguments: TestDatabase.available)
    func treeRules(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("admin")
            let transport = try await app.unit(code: "130427000000-BM10").id! // 县交通运输局
            let county = try await app.unit(code: "130427000000").id!
            let township = try await app.unit(code: "130427100000").id!
            let auditBefore = try await AuditRecordModel.query(on: app.db).count()
            let cases: [(HTTPMethod, String, String, UInt, String)] = [
                (.PATCH, "/api/v1/org-units/\(transport)", #"{"kind":"county"}"#, 409, "org_tree_rule"),
                (.PATCH, "/api/v1/org-units/\(transport)", #"{"kind":"justice_bureau"}"#, 409, "org_tree_rule"),
                (.PATCH, "/api/v1/org-units/\(transport)", #"{"code":"£"}"#, 422, "validation_failed"),
                (.PATCH, "/api/v1/org-units/\(transport)", #"{"name":"\uE000\uE001\uE002"}"#, 422, "validation_failed"),
                (.PATCH, "/api/v1/org-units/\(transport)", #"{"code":"130427100000"}"#, 409, "duplicate_code"),
                (.POST, "/api/v1/org-units", #"{"code":"130427100299","name":"县下的村","kind":"village","parentId":"\#(county)"}"#, 409, "org_tree_rule"),
                (.POST, "/api/v1/org-units", #"{"code":"130427999000","name":"第二县","kind":"county","parentId":"\#(county)"}"#, 409, "org_tree_rule"),
                (.POST, "/api/v1/org-units", #"{"code":"130427000000-SFJ2","name":"第二司法局","kind":"justice_bureau","parentId":"\#(county)"}"#, 409, "org_tree_rule"),
                (.POST, "/api/v1/org-units", #"{"code":"£","name":"村","kind":"village","parentId":"\#(township)"}"#, 422, "validation_failed"),
                (.POST, "/api/v1/org-units", #"{"code":"130427100299","name":"村\u0007","kind":"village","parentId":"\#(township)"}"#, 422, "validation_failed"),
            ]
            for (method, path, body, status, code) in cases {
                let res = try await app.api(method, path, token: token, json: body)
                #expect(res.status.code == status, "\(method) \(path) \(body) → \(res.status.code) \(res.body.string)")
                #expect(res.errorCode == code, "\(body) → \(res.body.string)")
            }
            #expect(try await app.unit(code: "130427000000-BM10").kind == "department")
            #expect(try await AuditRecordModel.query(on: app.db).count() == auditBefore)

            // A village under its township, with a code of the declared shape, is accepted.
            let created = try await app.api(.POST, "/api/v1/org-units", token: token,
                                             json: #"{"code":"130427100299","name":"新村","kind":"village","parentId":"\#(township)"}"#)
            #expect(created.status == .created, "\(created.body.string)")
        }
    }

    @Test("Moving accounts' scope needs confirm; a no-op PATCH leaves no record", arguments: TestDatabase.available)
    func scopeChange(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("admin")
            let office = try await app.unit(code: "130427100000-SFS").id! // 磁州司法所
            let department = try await app.unit(code: "130427000000-BM01").id!
            let huangsha = try await app.unit(code: "130427108000").id!
            let boundHere = try await UserModel.query(on: app.db).filter(\.$orgUnitID == office).count()
            #expect(boundHere >= 1)

            let toDepartment = try await app.api(.PATCH, "/api/v1/org-units/\(office)", token: token,
                                                 json: #"{"jurisdictionId":"\#(department)","confirm":true}"#)
            #expect(toDepartment.status == .conflict && toDepartment.errorCode == "org_tree_rule", "\(toDepartment.body.string)")

            let unconfirmed = try await app.api(.PATCH, "/api/v1/org-units/\(office)", token: token, json: #"{"jurisdictionId":"\#(huangsha)"}"#)
            #expect(unconfirmed.status == .conflict && unconfirmed.errorCode == "scope_change_needs_confirmation")
            #expect(unconfirmed.body.string.contains("\(boundHere) 个账号"), "\(unconfirmed.body.string)")
            #expect(try await app.unit(code: "130427100000-SFS").jurisdictionID != huangsha)

            let audits = { try await AuditRecordModel.query(on: app.db).filter(\.$entityType == "org_unit").count() }
            let before = try await audits()
            let same = try await app.api(.PATCH, "/api/v1/org-units/\(office)", token: token, json: #"{"name":"磁州司法所","code":"130427100000-SFS"}"#)
            #expect(same.status == .ok)
            #expect(try await audits() == before)

            let confirmed = try await app.api(.PATCH, "/api/v1/org-units/\(office)", token: token,
                                              json: #"{"jurisdictionId":"\#(huangsha)","confirm":true}"#)
            #expect(confirmed.status == .ok, "\(confirmed.body.string)")
            #expect(try await audits() == before + 1)
            // The office's account now sees 黄沙镇.
            let judicial = try await app.token("judicial")
            let me = try await app.api(.GET, "/api/v1/org-units/\(huangsha)", token: judicial)
            #expect(me.status == .ok)
        }
    }

    @Test("Malformed query values are 400 invalid_query, never read as false", arguments: [TestDatabase.sqlite])
    func malformedQueries(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("admin")
            for path in ["/api/v1/disputes?dueSoon=abc", "/api/v1/disputes?open=1", "/api/v1/disputes?overdue=", "/api/v1/disputes?risk=red,",
                         "/api/v1/org-units?geometry=maybe", "/api/v1/major-reports?acknowledged=yes", "/api/v1/org-units?limit=0",
                         "/api/v1/org-units?offset=-1", "/api/v1/org-units?offset=99999999999", "/api/v1/audit?to=",
                         "/api/v1/audit?from=2026-13-01", "/api/v1/org-units?kind=", "/api/v1/screening-reports?month=-202-01"] {
                let res = try await app.api(.GET, path, token: token)
                #expect(res.status == .badRequest && res.errorCode == "invalid_query", "\(path) → \(res.status.code) \(res.body.string)")
            }
            for path in ["/api/v1/disputes?dueSoon=true", "/api/v1/disputes?dueSoon=false&risk=red,orange", "/api/v1/org-units?geometry=false",
                         "/api/v1/audit?from=2026-01-01T00:00:00.123456Z", "/api/v1/audit?from=2026-01-01"] {
                let res = try await app.api(.GET, path, token: token)
                #expect(res.status == .ok, "\(path) → \(res.status.code) \(res.body.string)")
            }
        }
    }
}

import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Acceptance 4 of the foundation: bad input is a 4xx in the error shape, never a 500, and
/// nothing already stored changes.
@Suite("Bad input answers 4xx")
struct BadInputTests {
    @Test("Malformed, mistyped, missing, unknown, over-long and wrong-password requests", arguments: TestDatabase.available)
    func badInputs(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("admin")
            let county = try await app.unit(code: "130427000000").id!
            let village = try await app.unit(code: "130427100201-TWH").id!
            let usersBefore = try await UserModel.query(on: app.db).count()
            let villageGeometry = try await app.unit(code: "130427100201-TWH").geometry
            let adminID = try #require(try await UserModel.query(on: app.db).filter(\.$username == "admin").first()?.id)
            let long = String(repeating: "长", count: 300)
            let cases: [(HTTPMethod, String, String?, UInt, String)] = [
                (.POST, "/api/v1/users", "{not json", 400, "invalid_body"),
                (.POST, "/api/v1/users", #"{"username":42,"password":"x","displayName":"a","role":"mediator","orgUnitId":"\#(village)"}"#, 400, "invalid_body"),
                (.POST, "/api/v1/users", #"{"username":"newone","password":"pingan-demo"}"#, 400, "invalid_body"),
                (.POST, "/api/v1/users", #"{"username":"newone","password":"pingan-demo","displayName":"新","role":"mediator","orgUnitId":"\#(UUID())"}"#, 404, "not_found"),
                (.POST, "/api/v1/users", #"{"username":"newone","password":"pingan-demo","displayName":"\#(long)","role":"mediator","orgUnitId":"\#(village)"}"#, 422, "validation_failed"),
                (.POST, "/api/v1/users", #"{"username":"\#(long)","password":"pingan-demo","displayName":"新","role":"mediator","orgUnitId":"\#(village)"}"#, 422, "validation_failed"),
                (.POST, "/api/v1/users", #"{"username":"newone","password":"short","displayName":"新","role":"mediator","orgUnitId":"\#(village)"}"#, 422, "validation_failed"),
                (.POST, "/api/v1/users", #"{"username":"newone","password":"pingan-demo","displayName":"新","role":"chief","orgUnitId":"\#(village)"}"#, 422, "validation_failed"),
                (.POST, "/api/v1/users", #"{"username":"newone","password":"pingan-demo","displayName":"新","role":"dispatcher","orgUnitId":"\#(village)"}"#, 409, "role_unit_mismatch"),
                (.POST, "/api/v1/users", #"{"username":"mediator","password":"pingan-demo","displayName":"重","role":"mediator","orgUnitId":"\#(village)"}"#, 409, "duplicate_username"),
                (.POST, "/api/v1/org-units", #"{"code":"X1","name":"\#(long)","kind":"area","parentId":"\#(county)"}"#, 422, "validation_failed"),
                (.POST, "/api/v1/org-units", #"{"code":"X1","name":"片区","kind":"palace","parentId":"\#(county)"}"#, 422, "validation_failed"),
                (.POST, "/api/v1/org-units", #"{"code":"130427100000","name":"重复","kind":"area","parentId":"\#(county)"}"#, 409, "duplicate_code"),
                (.POST, "/api/v1/org-units", #"{"code":"X1","name":"坏","kind":"area","parentId":"\#(county)","geometry":{"type":"Point","coordinates":[500,1]}}"#, 400, "invalid_body"),
                (.POST, "/api/v1/org-units", #"{"code":"X1","name":"空","kind":"area","parentId":"\#(county)","geometry":{"type":"MultiPolygon","coordinates":[]}}"#, 400, "invalid_body"),
                (.PATCH, "/api/v1/org-units/\(village)", #"{"geometry":{"type":"MultiPolygon","coordinates":[]}}"#, 400, "invalid_body"),
                (.PATCH, "/api/v1/users/\(UUID())", #"{"displayName":"x"}"#, 404, "not_found"),
                (.PATCH, "/api/v1/users/not-a-uuid", #"{"displayName":"x"}"#, 404, "not_found"),
                // Valid for another account, so a conflict with who asks rather than a bad body.
                (.PATCH, "/api/v1/users/\(adminID)", #"{"active":false}"#, 409, "cannot_deactivate_self"),
                (.GET, "/api/v1/org-units/\(UUID())", nil, 404, "not_found"),
                (.GET, "/api/v1/org-units?limit=abc", nil, 400, "invalid_query"),
                (.GET, "/api/v1/org-units?limit=100000", nil, 400, "invalid_query"),
                (.GET, "/api/v1/org-units?kind=palace", nil, 400, "invalid_query"),
                (.GET, "/api/v1/org-units?parent=zzz", nil, 400, "invalid_query"),
                (.GET, "/api/v1/audit?from=yesterday", nil, 400, "invalid_query"),
                (.GET, "/api/v1/no-such-route", nil, 404, "not_found"),
            ]
            for (method, path, body, status, code) in cases {
                let res = try await app.api(method, path, token: token, json: body)
                #expect(res.status.code == status, "\(method) \(path) \(body ?? "") → \(res.status.code) \(res.body.string)")
                #expect(res.errorCode == code, "\(method) \(path) → \(res.body.string)")
            }
            #expect(try await UserModel.query(on: app.db).count() == usersBefore)
            // The village kept the shape it had: an empty MultiPolygon never replaces it.
            #expect(try await app.unit(code: "130427100201-TWH").geometry == villageGeometry)

            let wrong = try await app.api(.POST, "/api/v1/auth/login", token: nil, json: #"{"username":"admin","password":"wrong-password"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorCode == "invalid_credentials")
            let unknown = try await app.api(.POST, "/api/v1/auth/login", token: nil, json: #"{"username":"nobody","password":"wrong-password"}"#)
            #expect(unknown.body.string == wrong.body.string)
            let noBody = try await app.api(.POST, "/api/v1/auth/login", token: nil, json: "[]")
            #expect(noBody.status == .badRequest)
        }
    }

    @Test("A body over the size limit is refused with 413 by the real server")
    func oversizedBody() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let port = Int.random(in: 41_000...49_000)
            let body = #"{"username":"admin","password":"\#(String(repeating: "x", count: 2_000_000))"}"#
            let res = try await app.testing(method: .running(hostname: "127.0.0.1", port: port))
                .sendRequest(.POST, "/api/v1/auth/login", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: body))
            #expect(res.status == .payloadTooLarge)
            #expect(res.errorCode == "payload_too_large")
        }
    }
}

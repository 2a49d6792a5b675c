import Fluent
import Foundation
import PinganDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// The password rule where people set passwords: creating an account (API and the admin page) and
/// changing a password (API); each clause a 422 with its Chinese and English reason, nothing
/// stored. The demo's seeded accounts keep their documented password.
@Suite("Password rules")
struct PasswordRuleAPITests {
    /// Weak passwords, each with the words its refusal must carry (Chinese, English).
    static let weak: [(String, String, String)] = [
        ("Ab1-Ab1-x", "至少 10 个字符", "at least 10 characters"),
        ("abcdefghijkl", "至少两类", "two of"),
        ("1234567890123", "至少两类", "two of"),
        ("Newhire.2026", "用户名", "username"),
        ("password123", "过于常见", "common passwords"),
    ]

    @Test("Creating an account and changing a password refuse each weak password with a clear 422", arguments: TestDatabase.available)
    func api(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let admin = try await app.token("admin")
            let village = try await app.unit(code: "130427108201-TWH")
            func create(_ password: String) async throws -> TestingHTTPResponse {
                try await app.api(.POST, "/api/v1/users", token: admin, json: #"""
                    {"username":"newhire.2026","password":"\#(password)","displayName":"新调解员","role":"mediator","orgUnitId":"\#(village.id!)"}
                    """#)
            }
            let users = try await UserModel.query(on: app.db).count()
            for (password, zh, en) in Self.weak {
                let res = try await create(password)
                #expect(res.status == .unprocessableEntity && res.errorCode == "validation_failed", "\(password): \(res.status)")
                #expect(res.body.string.contains(zh) && res.body.string.contains(en), "\(password): \(res.body.string)")
            }
            #expect(try await UserModel.query(on: app.db).count() == users, "no refused account was stored")
            let made = try await create("Mediator-2026")
            #expect(made.status == .created, "\(made.body.string)")
            let id = try made.content.decode(UserDTO.self).id

            // Changing the password: the same clauses, the username being the account's.
            let hashBefore = try #require(try await UserModel.find(id, on: app.db)).passwordHash
            for (password, zh, en) in Self.weak {
                let res = try await app.api(.PATCH, "/api/v1/users/\(id)", token: admin, json: #"{"password":"\#(password)"}"#)
                #expect(res.status == .unprocessableEntity && res.body.string.contains(zh) && res.body.string.contains(en),
                        "\(password): \(res.status) \(res.body.string)")
            }
            #expect(try #require(try await UserModel.find(id, on: app.db)).passwordHash == hashBefore)
            _ = try await app.token("newhire.2026", password: "Mediator-2026")
            #expect(try await app.api(.PATCH, "/api/v1/users/\(id)", token: admin, json: #"{"password":"Changed-pass-9"}"#).status == .ok)
            _ = try await app.token("newhire.2026", password: "Changed-pass-9")
        }
    }

    @Test("The administrator's account form shows the rule's reason and stores nothing", arguments: [TestDatabase.sqlite])
    func page(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let (cookie, csrf) = try await CSRFTests.signedIn(app, "admin")
            for (password, zh, _) in Self.weak {
                let res = try await app.testing().sendRequest(.POST, "/admin/users", headers: ["Cookie": "pingan_session=\(cookie)"]) { req in
                    try req.content.encode(["username": "newhire.2026", "displayName": "新调解员", "password": password,
                                            "role": "mediator", "orgUnitCode": "130427108201-TWH", "_csrf": csrf], as: .urlEncodedForm)
                }
                #expect(res.status == .unprocessableEntity && res.body.string.contains(zh), "\(password): \(res.status)")
            }
            #expect(try await UserModel.query(on: app.db).filter(\.$username == "newhire.2026").count() == 0)
            let form = try await app.testing().sendRequest(.GET, "/admin/users", headers: ["Cookie": "pingan_session=\(cookie)"])
            #expect(form.body.string.contains(#"minlength="10""#))
        }
    }

    @Test("Every demo account still logs in with the documented password", arguments: TestDatabase.available)
    func demoPassword(db: TestDatabase) async throws {
        try await withApp(db) { app in
            #expect(DemoOrgSeed.password == "pingan-demo")
            let names = try await UserModel.query(on: app.db).all().map(\.username)
            #expect(names.count >= 10)
            for name in names { _ = try await app.token(name, password: "pingan-demo") }
            _ = try await PageTests.sessionCookie(app, "mediator")
        }
    }

    @Test("The API document states the rule's length and classes")
    func document() throws {
        let schema = OpenAPIDocument.password
        #expect(schema["minLength"] as? Int == 10 && schema["maxLength"] as? Int == 72)
        #expect(schema["pattern"] as? String == PasswordRule.mixedClassesPattern)
    }
}

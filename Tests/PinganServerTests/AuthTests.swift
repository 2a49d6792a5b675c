import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("Accounts and login")
struct AuthTests {
    @Test("Repeated failed logins are throttled, then allowed again after the pause", arguments: [TestDatabase.sqlite])
    func throttle(db: TestDatabase) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_790_000_000))
        try await withApp(db, clock: clock) { app in
            for _ in 0..<5 {
                let r = try await app.api(.POST, "/api/v1/auth/login", token: nil, json: #"{"username":"judicial","password":"bad-password"}"#)
                #expect(r.status == .unauthorized)
            }
            let blocked = try await app.api(.POST, "/api/v1/auth/login", token: nil, json: #"{"username":"judicial","password":"pingan-demo"}"#)
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.errorCode == "too_many_attempts")
            #expect(blocked.headers.first(name: .retryAfter) != nil)
            // Another account is not affected.
            _ = try await app.token("mediator")
            clock.advance(301)
            _ = try await app.token("judicial")
        }
    }

    @Test("Tokens expire, end at logout and at a password change", arguments: TestDatabase.available)
    func tokenLifecycle(db: TestDatabase) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_790_000_000))
        try await withApp(db, clock: clock) { app in
            let t1 = try await app.token("mediator")
            #expect(try await app.api(.GET, "/api/v1/me", token: t1).status == .ok)
            try await app.api(.POST, "/api/v1/auth/logout", token: t1)
            #expect(try await app.api(.GET, "/api/v1/me", token: t1).status == .unauthorized)

            let t2 = try await app.token("mediator")
            clock.advance(31 * 86_400)
            #expect(try await app.api(.GET, "/api/v1/me", token: t2).status == .unauthorized)

            let t3 = try await app.token("mediator")
            let admin = try await app.token("admin")
            let me = try await app.api(.GET, "/api/v1/me", token: t3).content.decode(UserDTO.self)
            // `me` is answered from the token lookup: the same user the administrator's API shows.
            let asAdmin = try await app.api(.GET, "/api/v1/users/\(me.id)", token: admin).content.decode(UserDTO.self)
            #expect(me == asAdmin && me.username == "mediator" && me.active)
            let r = try await app.api(.PATCH, "/api/v1/users/\(me.id)", token: admin, json: #"{"password":"new-password-1"}"#)
            #expect(r.status == .ok)
            #expect(try await app.api(.GET, "/api/v1/me", token: t3).status == .unauthorized)
            _ = try await app.token("mediator", password: "new-password-1")
        }
    }

    @Test("Passwords are stored as bcrypt hashes", arguments: [TestDatabase.sqlite])
    func hashed(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let u = try #require(try await UserModel.query(on: app.db).filter(\.$username == "admin").first())
            #expect(u.passwordHash.hasPrefix("$2"))
            #expect(!u.passwordHash.contains(DemoOrgSeed.password))
        }
    }

    @Test("A deactivated user can no longer log in", arguments: TestDatabase.available)
    func deactivate(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let admin = try await app.token("admin")
            let patrol = try await UserModel.query(on: app.db).filter(\.$username == "patrol").first()!
            let r = try await app.api(.PATCH, "/api/v1/users/\(patrol.id!)", token: admin, json: #"{"active":false}"#)
            #expect(r.status == .ok)
            let login = try await app.api(.POST, "/api/v1/auth/login", token: nil, json: #"{"username":"patrol","password":"pingan-demo"}"#)
            #expect(login.status == .unauthorized)
            let me = try await UserModel.query(on: app.db).filter(\.$username == "admin").first()!
            let selfOff = try await app.api(.PATCH, "/api/v1/users/\(me.id!)", token: admin, json: #"{"active":false}"#)
            // The body is valid (it deactivates any other account): refusing it for oneself is a conflict.
            #expect(selfOff.status == .conflict && selfOff.errorCode == "cannot_deactivate_self")
            #expect(try await UserModel.find(me.id!, on: app.db)?.active == true)
        }
    }
}

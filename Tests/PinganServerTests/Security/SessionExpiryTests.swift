import Fluent
import Foundation
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Page sessions end after `PINGAN_SESSION_IDLE_MINUTES` without a request, and at logout; bearer
/// tokens keep their fixed expiry (no idle limit) and end at `/api/v1/auth/logout`. The app's clock
/// is moved, nothing sleeps.
@Suite("Session expiry and logout")
struct SessionExpiryTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func get(_ app: Application, _ path: String, cookie: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.GET, path, headers: ["Cookie": "pingan_session=\(cookie)"])
    }

    static func sentToLogin(_ res: TestingHTTPResponse) -> Bool {
        res.status == .seeOther && res.headers.first(name: .location) == CoreRoutes.loginPage.path
    }

    @Test("A page session used within the idle limit stays; one idle longer is sent to the login page, for good",
          arguments: TestDatabase.available)
    func idle(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            #expect(app.settings.sessionIdleMinutes == 30)
            let cookie = try await PageTests.sessionCookie(app, "judicial")
            // Used every 29 minutes for two hours: never idle for 30, so it stays.
            for _ in 0..<4 {
                clock.advance(29 * 60)
                #expect(try await Self.get(app, "/board", cookie: cookie).status == .ok)
            }
            // A script's API read with the cookie is a use too.
            clock.advance(29 * 60)
            #expect(try await Self.get(app, "/api/v1/me", cookie: cookie).status == .ok)
            // Then 31 minutes without a request: the page sends the browser to log in …
            clock.advance(31 * 60)
            #expect(Self.sentToLogin(try await Self.get(app, "/board", cookie: cookie)))
            // … and the old cookie signs no one in again, on pages or the API, however soon.
            #expect(Self.sentToLogin(try await Self.get(app, "/", cookie: cookie)))
            #expect(try await Self.get(app, "/api/v1/me", cookie: cookie).status == .unauthorized)
            // The login page it is sent to works from that same cookie.
            let login = try await Self.get(app, CoreRoutes.loginPage.path, cookie: cookie)
            let csrf = try #require(login.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            let again = try await app.testing().sendRequest(.POST, "/login", headers: ["Cookie": "pingan_session=\(cookie)"]) { req in
                try req.content.encode(["username": "judicial", "password": DemoOrgSeed.password, "_csrf": String(csrf)], as: .urlEncodedForm)
            }
            #expect(again.status == .seeOther && again.headers.first(name: .location) == "/", "\(again.status) \(again.body.string.prefix(200))")
            #expect(try await Self.get(app, "/board", cookie: cookie).status == .ok)
        }
    }

    @Test("The idle limit is the county's setting", arguments: [TestDatabase.sqlite])
    func setting(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock, adjust: { $0.sessionIdleMinutes = 5 }) { app in
            let cookie = try await PageTests.sessionCookie(app, "judicial")
            clock.advance(4 * 60)
            #expect(try await Self.get(app, "/board", cookie: cookie).status == .ok)
            clock.advance(6 * 60)
            #expect(Self.sentToLogin(try await Self.get(app, "/board", cookie: cookie)))
        }
        #expect(try Settings.fromEnvironment(["PINGAN_SESSION_IDLE_MINUTES": "45"]).sessionIdleMinutes == 45)
        #expect(try Settings.fromEnvironment([:]).sessionIdleMinutes == 30)
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["PINGAN_SESSION_IDLE_MINUTES": "0"]) }
    }

    @Test("Logout ends the page session (the old cookie no longer works) and the API token", arguments: TestDatabase.available)
    func logout(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            let cookie = try await PageTests.sessionCookie(app, "judicial")
            let home = try await Self.get(app, "/", cookie: cookie)
            let csrf = try #require(home.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            let out = try await app.testing().sendRequest(.POST, "/logout", headers: ["Cookie": "pingan_session=\(cookie)"]) { req in
                try req.content.encode(["_csrf": String(csrf)], as: .urlEncodedForm)
            }
            #expect(Self.sentToLogin(out))
            #expect(out.headers.setCookie?["pingan_session"]?.expires.map { $0 < Date() } == true, "the browser's cookie is expired")
            // A copy of the old cookie (another tab, a stolen one) is worth nothing now.
            #expect(Self.sentToLogin(try await Self.get(app, "/board", cookie: cookie)))
            #expect(try await Self.get(app, "/api/v1/me", cookie: cookie).status == .unauthorized)

            // API tokens: no idle limit, their own fixed expiry, ended by the API's logout.
            let token = try await app.token("judicial")
            clock.advance(3 * 3600)
            #expect(try await app.api(.GET, "/api/v1/me", token: token).status == .ok, "a token outlives the page idle limit")
            #expect(try await app.api(.POST, "/api/v1/auth/logout", token: token).status == .noContent)
            #expect(try await app.api(.GET, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await app.api(.POST, "/api/v1/auth/logout", token: token).status == .unauthorized)
            let other = try await app.token("judicial")
            clock.advance(Double(app.settings.tokenLifetimeDays) * 86_400 + 1)
            #expect(try await app.api(.GET, "/api/v1/me", token: other).status == .unauthorized, "past its expiresAt")
        }
    }
}

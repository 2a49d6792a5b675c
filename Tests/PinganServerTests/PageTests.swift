import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("Pages without a browser")
struct PageTests {
    /// Logs in through the login form like a browser and returns the session cookie.
    static func sessionCookie(_ app: Application, _ username: String) async throws -> String {
        let page = try await app.testing().sendRequest(.GET, "/login")
        let cookie = try #require(page.headers.setCookie?["pingan_session"]?.string)
        let csrf = try #require(page.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
        let res = try await app.testing().sendRequest(.POST, "/login", headers: ["Cookie": "pingan_session=\(cookie)"]) { req in
            try req.content.encode(["username": username, "password": DemoOrgSeed.password, "_csrf": String(csrf)], as: .urlEncodedForm)
        }
        #expect(res.status == .seeOther)
        #expect(res.headers.first(name: .location) == "/")
        let raw = res.headers[.setCookie].joined(separator: "; ").lowercased()
        #expect(raw.contains("httponly") && raw.contains("samesite=lax"))
        return res.headers.setCookie?["pingan_session"]?.string ?? cookie
    }

    @Test("Pages send strangers to the login page", arguments: ["/", "/org", "/map", "/admin/users", "/admin/audit"])
    func redirects(path: String) async throws {
        try await withApp(.sqlite, seed: false) { app in
            let res = try await app.testing().sendRequest(.GET, path)
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/login")
        }
    }

    @Test("Login form needs its CSRF token and the right password", arguments: [TestDatabase.sqlite])
    func loginForm(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let noToken = try await app.testing().sendRequest(.POST, "/login") { req in
                try req.content.encode(["username": "admin", "password": DemoOrgSeed.password], as: .urlEncodedForm)
            }
            #expect(noToken.status == .forbidden)
            let page = try await app.testing().sendRequest(.GET, "/login")
            let cookie = try #require(page.headers.setCookie?["pingan_session"]?.string)
            let csrf = String(try #require(page.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1))
            let wrong = try await app.testing().sendRequest(.POST, "/login", headers: ["Cookie": "pingan_session=\(cookie)"]) { req in
                try req.content.encode(["username": "admin", "password": "nope-nope", "_csrf": csrf], as: .urlEncodedForm)
            }
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains("用户名或密码错误"))
            let session = try await Self.sessionCookie(app, "admin")
            let home = try await app.testing().sendRequest(.GET, "/", headers: ["Cookie": "pingan_session=\(session)"])
            #expect(home.status == .ok)
            #expect(home.body.string.contains("县系统管理员"))
        }
    }

    @Test("Each role's home page and the shared pages render in its scope", arguments: DemoOrgSeed.accounts.map(\.0))
    func homePerRole(username: String) async throws {
        try await withApp(.sqlite) { app in
            let session = try await Self.sessionCookie(app, username)
            let headers: HTTPHeaders = ["Cookie": "pingan_session=\(session)"]
            let home = try await app.testing().sendRequest(.GET, "/", headers: headers)
            #expect(home.status == .ok)
            let account = DemoOrgSeed.accounts.first { $0.0 == username }!
            #expect(home.body.string.contains(account.2.label))
            let org = try await app.testing().sendRequest(.GET, "/org", headers: headers)
            #expect(org.status == .ok)
            let map = try await app.testing().sendRequest(.GET, "/map", headers: headers)
            #expect(map.body.string.contains("示意范围"))
            #expect(map.body.string.contains("/vendor/leaflet/leaflet.js"))
            let admin = try await app.testing().sendRequest(.GET, "/admin/users", headers: headers)
            #expect(admin.status == (username == "admin" ? .ok : .forbidden))
        }
    }

    @Test("Every link in a role's menu opens for that role", arguments: DemoOrgSeed.accounts.map(\.0))
    func menuLinksOpen(username: String) async throws {
        try await withApp(.sqlite) { app in
            let session = try await Self.sessionCookie(app, username)
            let headers: HTTPHeaders = ["Cookie": "pingan_session=\(session)"]
            let role = DemoOrgSeed.accounts.first { $0.0 == username }!.2
            for item in PageChrome.menu(for: role, wings: app.wings) {
                let (href, label) = (item.href, item.label)
                let page = try await app.testing().sendRequest(.GET, href, headers: headers)
                #expect(page.status == .ok, "\(username) \(href): \(page.status)")
                #expect(page.body.string.contains(label), "\(username) \(href)")
            }
            if role == .judicialOfficeStaff {
                let bad = try await app.testing().sendRequest(.GET, "/screening?month=2026-13", headers: headers)
                #expect(bad.status == .badRequest)
            }
        }
    }

    @Test("The org tree page shows only the scope and finds by name", arguments: [TestDatabase.sqlite])
    func orgTree(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let session = try await Self.sessionCookie(app, "judicial")
            let headers: HTTPHeaders = ["Cookie": "pingan_session=\(session)"]
            let all = try await app.testing().sendRequest(.GET, "/org", headers: headers).body.string
            #expect(all.contains("三里屯村"))
            #expect(!all.contains("讲武城村"))
            let q = "侯召".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let found = try await app.testing().sendRequest(.GET, "/org?q=\(q)", headers: headers).body.string
            #expect(found.contains("东侯召村") && found.contains("西侯召村"))
            #expect(!found.contains("三里屯村"))
        }
    }

    @Test("An administrator creates an account through the form", arguments: [TestDatabase.sqlite])
    func createUserForm(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let session = try await Self.sessionCookie(app, "admin")
            let page = try await app.testing().sendRequest(.GET, "/admin/users", headers: ["Cookie": "pingan_session=\(session)"])
            let csrf = String(try #require(page.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1))
            let res = try await app.testing().sendRequest(.POST, "/admin/users", headers: ["Cookie": "pingan_session=\(session)"]) { req in
                try req.content.encode(["username": "huangsha", "displayName": "黄沙调解员", "password": "pingan-demo",
                                        "role": "mediator", "orgUnitCode": "130427108201-TWH", "_csrf": csrf], as: .urlEncodedForm)
            }
            #expect(res.status == .seeOther)
            _ = try await app.token("huangsha")
            let bad = try await app.testing().sendRequest(.POST, "/admin/users", headers: ["Cookie": "pingan_session=\(session)"]) { req in
                try req.content.encode(["username": "x", "displayName": "坏", "password": "pingan-demo",
                                        "role": "mediator", "orgUnitCode": "130427108201-TWH", "_csrf": csrf], as: .urlEncodedForm)
            }
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("username"))
        }
    }
}

import Fluent
import Foundation
@testable import MediationServer
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// CSRF on every form (issue #13 point 6), walked from the route tables so a new form is covered
/// without a line here: every page endpoint that takes a POST refuses a signed-in session's post
/// without the form's token or with a wrong one (403 `csrf_failed`, nothing stored), and takes
/// the same form with the right one; every API write refuses a session cookie without the
/// `X-CSRF-Token` header (the session signs no one in: 401); every `<form method="post">` in the
/// templates carries the `_csrf` field.
@Suite("CSRF on every form")
struct CSRFTests {
    /// A session cookie signed in as `username`, and the form token its pages carry.
    static func signedIn(_ app: Application, _ username: String) async throws -> (cookie: String, csrf: String) {
        let cookie = try await PageTests.sessionCookie(app, username)
        let home = try await app.testing().sendRequest(.GET, "/", headers: ["Cookie": "pingan_session=\(cookie)"])
        let csrf = try #require(home.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
        return (cookie, String(csrf))
    }

    /// A valid form for each page post, by path, and what storing it would leave behind. A page
    /// post added to a route table without an entry here fails the walk: add its form.
    static func validForm(_ e: Endpoint, app: Application) async throws -> [String: String]? {
        switch e.path {
        case CoreRoutes.loginForm.path: return ["username": "judicial", "password": DemoOrgSeed.password]
        case CoreRoutes.logoutForm.path: return [:]
        case CoreRoutes.createUserForm.path:
            return ["username": "csrfprobe", "displayName": "探针", "password": "Probe-pass-2026", "role": "mediator",
                    "orgUnitCode": "130427108201-TWH"]
        default: return nil
        }
    }

    /// Rows a refused post must not have added: users, audit records.
    static func stored(_ app: Application) async throws -> [Int] {
        [try await UserModel.query(on: app.db).count(), try await AuditRecordModel.query(on: app.db).count()]
    }

    @Test("Every page POST refuses a signed-in session without its form token or with a wrong one, and takes the right one",
          arguments: TestDatabase.available)
    func pageForms(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let posts = (CoreRoutes.all + app.wings.flatMap(\.endpoints)).filter { $0.isPage && $0.method != .GET }
            #expect(posts.count >= 3, "the login, logout and account forms at least")
            for e in posts {
                let form = try #require(try await Self.validForm(e, app: app), "\(e): give CSRFTests.validForm a valid form for this page post")
                // The admitted caller: the administrator for an admin form, a justice user otherwise.
                let (cookie, csrf) = try await Self.signedIn(app, e.policy.admits(.mediator) ? "judicial" : "admin")
                let headers: HTTPHeaders = ["Cookie": "pingan_session=\(cookie)", "Accept": "application/json"]
                let before = try await Self.stored(app)
                let wrong = "wrong-" + String(csrf.dropFirst(6))
                for supplied: String? in [nil, "", wrong, String(repeating: "A", count: csrf.count)] {
                    var body = form
                    if let supplied { body["_csrf"] = supplied }
                    let res = try await app.testing().sendRequest(e.method, e.path, headers: headers) { req in
                        try req.content.encode(body, as: .urlEncodedForm)
                    }
                    #expect(res.status == .forbidden && res.errorCode == "csrf_failed",
                            "\(e) with token \(supplied ?? "(none)"): \(res.status) \(res.body.string.prefix(120))")
                    #expect(try await Self.stored(app) == before, "\(e): a refused post stored something")
                }
                // The session is untouched by the refusals: still signed in.
                let still = try await app.testing().sendRequest(.GET, "/", headers: ["Cookie": "pingan_session=\(cookie)"])
                #expect(still.status == .ok, "\(e): the refusals ended the session")
                // The same form with the right token is taken: the refusals were the token's.
                var body = form
                body["_csrf"] = csrf
                let ok = try await app.testing().sendRequest(e.method, e.path, headers: ["Cookie": "pingan_session=\(cookie)"]) { req in
                    try req.content.encode(body, as: .urlEncodedForm)
                }
                #expect(ok.status == .seeOther, "\(e) with its token: \(ok.status) \(ok.body.string.prefix(160))")
            }
            #expect(try await UserModel.query(on: app.db).filter(\.$username == "csrfprobe").count() == 1)
        }
    }

    @Test("Every API write refuses a session cookie without X-CSRF-Token or with a wrong one", arguments: TestDatabase.available)
    func apiWrites(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let writes = (CoreRoutes.all + app.wings.flatMap(\.endpoints)).filter { e in
                guard !e.isPage, e.method != .GET, e.path.hasPrefix("/api/") else { return false }
                switch e.policy.callers {
                case .signedIn, .roles: return true
                case .anyone, .device, .signature, .allowedAddress: return false
                }
            }
            #expect(writes.count > 30)
            let (cookie, csrf) = try await Self.signedIn(app, "admin")
            let before = try await Self.stored(app)
            for e in writes {
                let path = "/" + e.segments.map { $0.hasPrefix("{") ? UUID().uuidString : String($0) }.joined(separator: "/")
                for supplied: String? in [nil, "wrong-" + String(csrf.dropFirst(6))] {
                    var headers: HTTPHeaders = ["Cookie": "pingan_session=\(cookie)", "Content-Type": "application/json"]
                    if let supplied { headers.add(name: "X-CSRF-Token", value: supplied) }
                    let res = try await app.testing().sendRequest(e.method, path, headers: headers, body: ByteBuffer(string: "{}"))
                    #expect(res.status == .unauthorized && res.errorCode == "unauthorized",
                            "\(e) by cookie with token \(supplied ?? "(none)"): \(res.status) \(res.body.string.prefix(120))")
                }
            }
            #expect(try await Self.stored(app) == before)
            // The page's token in the header signs the session in: the logout API takes it.
            let out = try await app.testing().sendRequest(.POST, CoreRoutes.logout.path,
                                                          headers: ["Cookie": "pingan_session=\(cookie)", "X-CSRF-Token": csrf])
            #expect(out.status == .noContent)
        }
    }

    @Test("Every form that posts to the server carries the _csrf field")
    func templatesCarryTheToken() throws {
        let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Resources/Views")
        let files = try #require(FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" }
        #expect(files.count > 10)
        var posting = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            // Each form from its opening tag to its close.
            for form in text.matches(of: /(?s)<form\b([^>]*)>(.*?)<\/form>/) {
                let attributes = String(form.1).lowercased()
                guard attributes.contains(#"method="post""#) else {
                    // A form without method="post" is a GET filter or one a script sends through the
                    // API (with X-CSRF-Token): it must not name a server action that takes a post.
                    #expect(!attributes.contains("method=\"put\"") && !attributes.contains("method=\"delete\""), "\(file.lastPathComponent): \(attributes)")
                    continue
                }
                posting += 1
                #expect(String(form.2).contains(##"name="_csrf" value="#(csrf)""##),
                        "\(file.lastPathComponent): <form\(form.1)> posts without the _csrf field")
            }
        }
        #expect(posting >= 3, "the login, logout and account forms")
    }
}

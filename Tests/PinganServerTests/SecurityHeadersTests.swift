import Foundation
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// The Content-Security-Policy and its companions on every kind of response, and the templates
/// that make a strict policy possible (no inline scripts, handlers or styles).
@Suite("Security headers")
struct SecurityHeadersTests {
    static let policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

    static func expectHeaders(_ res: TestingHTTPResponse, _ what: String) {
        #expect(res.headers.first(name: "Content-Security-Policy") == policy, "\(what)")
        #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(what)")
        #expect(res.headers.first(name: "Referrer-Policy") == "same-origin", "\(what)")
    }

    @Test("Pages, files, API answers, errors and redirects all carry the policy")
    func everyResponse() async throws {
        try await withApp(.sqlite) { app in
            let login = try await app.testing().sendRequest(.GET, "/login")
            #expect(login.status == .ok)
            Self.expectHeaders(login, "login page")
            let session = try await PageTests.sessionCookie(app, "judicial")
            let board = try await app.testing().sendRequest(.GET, "/board", headers: ["Cookie": "pingan_session=\(session)"])
            #expect(board.status == .ok)
            Self.expectHeaders(board, "board page")
            let css = try await app.testing().sendRequest(.GET, "/css/app.css")
            #expect(css.status == .ok)
            Self.expectHeaders(css, "stylesheet")
            let missing = try await app.testing().sendRequest(.GET, "/api/v1/disputes/\(UUID())", headers: ["Authorization": "Bearer nope"])
            #expect(missing.status == .unauthorized)
            Self.expectHeaders(missing, "API error")
            let stranger = try await app.testing().sendRequest(.GET, "/board")
            #expect(stranger.status == .seeOther)
            Self.expectHeaders(stranger, "redirect")
        }
    }

    @Test("The favicon is a real icon, so browsers log no 404 for it")
    func favicon() async throws {
        try await withApp(.sqlite, seed: false) { app in
            let res = try await app.testing().sendRequest(.GET, "/favicon.ico")
            #expect(res.status == .ok)
            let bytes = Array(res.body.readableBytesView)
            // ICONDIR: reserved 0, type 1 (icon), at least one image.
            #expect(bytes.count > 22 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 1 && bytes[3] == 0 && bytes[4] >= 1)
            let login = try await app.testing().sendRequest(.GET, "/login")
            #expect(login.body.string.contains(#"<link rel="icon" href="/favicon.ico">"#))
        }
    }

    @Test("An intranet tile server is allowed for images, and only for images")
    func tileOrigin() {
        let csp = SecurityHeaders(tileURL: "https://{s}.pgis.example:8443/tiles/{z}/{x}/{y}.png").contentSecurityPolicy
        #expect(csp.contains("img-src 'self' data: https://*.pgis.example:8443;"))
        #expect(csp.contains("script-src 'self';") && csp.contains("connect-src 'self';"))
        #expect(SecurityHeaders(tileURL: "/tiles/{z}/{x}/{y}.png").contentSecurityPolicy == Self.policy)
        #expect(SecurityHeaders().contentSecurityPolicy == Self.policy)
    }

    /// The browser test sees violations on the pages it opens; this catches them in every template.
    @Test("No template has an inline script, an inline handler or a style attribute")
    func templatesAreStrict() throws {
        let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/Views")
        let files = try #require(FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" }
        #expect(files.count > 10)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let name = file.lastPathComponent
            for tag in text.matches(of: /<script\b[^>]*>/) {
                let t = String(tag.0)
                #expect(t.contains(" src=") || t.contains(#"type="application/json""#), "\(name): \(t)")
            }
            #expect(text.firstMatch(of: /<style\b/) == nil, "\(name): <style>")
            #expect(text.firstMatch(of: /\sstyle\s*=/) == nil, "\(name): style attribute")
            #expect(text.firstMatch(of: /\son[a-z]+\s*=/) == nil, "\(name): inline handler")
            #expect(!text.contains("javascript:"), "\(name): javascript: URL")
        }
    }
}

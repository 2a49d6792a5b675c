import Foundation
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// The security headers on a page, a successful API answer and error answers of both kinds, on
/// both databases (the template scan for inline scripts and handlers is
/// `SecurityHeadersTests.templatesAreStrict`).
@Suite("Security headers on every kind of answer")
struct ResponseHeadersTests {
    @Test("A page, an API answer, an API error and a page error carry the policy", arguments: TestDatabase.available)
    func everyKind(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("mediator")
            let cookie = try await PageTests.sessionCookie(app, "mediator")
            let answers: [(String, TestingHTTPResponse, HTTPResponseStatus)] = [
                ("page", try await app.testing().sendRequest(.GET, "/", headers: ["Cookie": "pingan_session=\(cookie)"]), .ok),
                ("API answer", try await app.api(.GET, "/api/v1/me", token: token), .ok),
                ("API 404", try await app.api(.GET, "/api/v1/disputes/\(UUID())", token: token), .notFound),
                ("API 422", try await app.api(.POST, "/api/v1/disputes", token: token, json: "{}"), .badRequest),
                ("page 403", try await app.testing().sendRequest(.GET, "/admin/users", headers: ["Cookie": "pingan_session=\(cookie)"]), .forbidden),
                ("no such route", try await app.testing().sendRequest(.GET, "/no/such/page"), .notFound),
            ]
            for (what, res, status) in answers {
                #expect(res.status == status || (what == "API 422" && res.status == .unprocessableEntity), "\(what): \(res.status)")
                let csp = try #require(res.headers.first(name: "Content-Security-Policy"), "\(what)")
                let directives = Set(csp.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(directives.contains("script-src 'self'") && directives.contains("frame-ancestors 'none'"), "\(what): \(csp)")
                #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "\(what): \(csp)")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(what)")
                #expect(res.headers.first(name: "Referrer-Policy") == "same-origin", "\(what)")
            }
        }
    }
}

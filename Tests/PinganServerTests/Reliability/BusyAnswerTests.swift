import AsyncKit
import Foundation
@testable import ServerCore
import Testing
import Vapor

/// A request that waited past the connection pool's timeout did nothing; it is told so with a 503
/// and a Retry-After (which the phones' outboxes retry), never a 500 that reads as a fault.
@Suite("A busy database is a 503 to retry")
struct BusyAnswerTests {
    @Test("A pool timeout is 503 busy with Retry-After, as JSON for the API and as a page for a browser")
    func poolTimeout() async throws {
        let app = try await Application.make(.testing)
        do {
            let api = Request(application: app, method: .GET, url: "/api/v1/incidents", on: app.eventLoopGroup.next())
            let answer = ErrorShapeMiddleware.response(for: ConnectionPoolTimeoutError.connectionRequestTimeout, request: api, environment: .testing)
            #expect(answer.status == .serviceUnavailable)
            #expect(answer.headers.first(name: .retryAfter) == "2")
            let body = try JSONSerialization.jsonObject(with: Data((answer.body.string ?? "").utf8)) as? [String: Any]
            #expect((body?["error"] as? [String: Any])?["code"] as? String == "busy", "\(answer.body.string ?? "")")
            let page = Request(application: app, method: .GET, url: "/disputes", on: app.eventLoopGroup.next())
            let shown = ErrorShapeMiddleware.response(for: ConnectionPoolTimeoutError.connectionRequestTimeout, request: page, environment: .testing)
            #expect(shown.status == .serviceUnavailable && (shown.body.string ?? "").contains("服务器繁忙"))
            // Anything else unknown is still the 500 it was.
            #expect(ErrorShapeMiddleware.classify(CancellationError()).0 == .internalServerError)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

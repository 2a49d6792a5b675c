import Foundation
import Vapor

/// Adds `Server-Timing: app;dur=<ms>` to every answer: the time the server spent on it, from the
/// middleware in to the response out. A load test on loopback then reads the server's own time
/// beside the round trip it measures, and a browser's developer tools show it per request.
package struct ServerTiming: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        let took = ContinuousClock.now - start
        let ms = Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15
        response.headers.replaceOrAdd(name: "Server-Timing", value: "app;dur=" + String(format: "%.3f", ms))
        return response
    }

    package init() {}
}

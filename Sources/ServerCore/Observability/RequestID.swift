import Foundation
import Vapor

/// Gives every request an id, puts it in the request's logger as `request-id` (so every line
/// logged for it, text or JSON, carries it) and answers it as `X-Request-Id`. A proxy's or a
/// client's own `X-Request-Id` is kept when it is well-formed — up to 64 letters, digits and
/// `-_.:` — so one id follows a call through nginx and both instances; anything else (too long,
/// spaces, control characters that could forge a log line) is replaced by a fresh UUID.
/// Vapor itself takes the header as it comes, whatever it holds: this middleware replaces a bad one.
package struct RequestID: AsyncMiddleware {
    package static let header = "X-Request-Id"
    package static let metadataKey = "request-id"

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Vapor's own id is the header when there is one, else a UUID of its making, and its first
        // log line (the method and path, at debug) already carries it: kept whenever it is well-formed.
        let id = Self.wellFormed(request.id) ?? UUID().uuidString
        request.storage[RequestIDKey.self] = id
        request.logger[metadataKey: Self.metadataKey] = .string(id)
        // Errors are shaped into answers further in (`ErrorShapeMiddleware`), so they carry it too.
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: Self.header, value: id)
        return response
    }

    /// `raw` when it may be used as an id as it is.
    package static func wellFormed(_ raw: String) -> String? {
        guard (1...64).contains(raw.utf8.count),
              raw.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                                    || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E || $0 == 0x3A }) else { return nil }
        return raw
    }

    package init() {}
}

extension Request {
    /// This request's id (the one in its log lines and its `X-Request-Id` answer header).
    package var requestID: String? { storage[RequestIDKey.self] }
}

private struct RequestIDKey: StorageKey { typealias Value = String }

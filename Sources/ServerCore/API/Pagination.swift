import Fluent
import Vapor

/// `limit` and `offset` from the query string, checked: bad values are a 400, never a crash.
package struct PageRequest: Sendable {
    package var limit: Int
    package var offset: Int

    package static let maxLimit = 1000
    /// Far past any list here, and small enough that `offset + limit` cannot overflow.
    package static let maxOffset = 1_000_000_000

    package init(_ req: Request, defaultLimit: Int = 50) throws {
        limit = try Self.int(req, "limit") ?? defaultLimit
        offset = try Self.int(req, "offset") ?? 0
        guard (1...Self.maxLimit).contains(limit) else {
            throw APIError.badRequest("limit 必须在 1 到 \(Self.maxLimit) 之间 / limit must be 1…\(Self.maxLimit)", code: "invalid_query")
        }
        guard (0...Self.maxOffset).contains(offset) else {
            throw APIError.badRequest("offset 必须在 0 到 \(Self.maxOffset) 之间 / offset must be 0…\(Self.maxOffset)", code: "invalid_query")
        }
    }

    package static func int(_ req: Request, _ name: String) throws -> Int? {
        guard let raw = req.query[String.self, at: name] else { return nil }
        guard let v = Int(raw) else { throw APIError.badRequest("\(name) 必须是整数 / \(name) must be an integer", code: "invalid_query") }
        return v
    }
}

/// The shape of every list answer.
package struct ListPage<T: Content>: Content {
    package var items: [T]
    package var total: Int
    package var limit: Int
    package var offset: Int

    package init(items: [T], total: Int, limit: Int, offset: Int) {
        self.items = items
        self.total = total
        self.limit = limit
        self.offset = offset
    }
}

extension QueryBuilder {
    /// Runs the query for one page and counts the whole, as `ListPage`.
    package func paged<T: Content>(_ p: PageRequest, map: (Model) throws -> T) async throws -> ListPage<T> {
        try await pagedRows(p) { try $0.map(map) }
    }
}

extension Request {
    /// A UUID path parameter; a malformed one is "not found", the same as an unknown one.
    package func uuidParameter(_ name: String = "id", what: String = "记录") throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw APIError.notFound(what) }
        return id
    }
}

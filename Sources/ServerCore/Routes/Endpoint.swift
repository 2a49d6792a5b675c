import PinganDomain
import Vapor

/// One route, written once: its method and path (from which the route is registered and links are
/// built), what the API document says of it, and who may call it.
package struct Endpoint: Sendable {
    package var method: HTTPMethod
    /// The path template, `{name}` for a parameter: `/api/v1/disputes/{id}/events`.
    package var path: String
    package var summary: String
    package var tag: String
    package var query: [QueryParameter]
    package var body: String?
    package var response: String?
    package var status: Int
    /// The answer is a page of `response` items with `total`, `limit` and `offset`.
    package var list: Bool
    package var policy: AccessPolicy
    /// A page (HTML) rather than an API operation: registered and covered by the same policy
    /// tests, but not in the OpenAPI document.
    package var isPage: Bool

    package init(_ method: HTTPMethod, _ path: String, summary: String = "", tag: String = "", query: [QueryParameter] = [],
                 body: String? = nil, response: String? = nil, status: Int = 200, list: Bool = false,
                 policy: AccessPolicy, isPage: Bool = false) {
        self.method = method; self.path = path; self.summary = summary; self.tag = tag; self.query = query
        self.body = body; self.response = response; self.status = status; self.list = list; self.policy = policy
        self.isPage = isPage
    }

    /// The route's components for Vapor: `{id}` becomes the parameter `:id`.
    package var pathComponents: [PathComponent] {
        path.split(separator: "/").map { seg in
            seg.hasPrefix("{") ? .parameter(String(seg.dropFirst().dropLast())) : .constant(String(seg))
        }
    }

    /// The names of the path's parameters, in order.
    package var parameterNames: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    /// A link to this route with its parameters filled in order.
    package func link(_ values: CustomStringConvertible...) -> String {
        var it = values.makeIterator()
        let parts = path.split(separator: "/").map { seg -> String in
            seg.hasPrefix("{") ? (it.next().map { String(describing: $0) } ?? String(seg)) : String(seg)
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// A query parameter and the constraints the handler enforces, declared so the document says them.
package struct QueryParameter: Sendable {
    package enum Kind: Sendable {
        case string(maxLength: Int? = nil, pattern: String? = nil, values: [String]? = nil, format: String? = nil)
        case integer(minimum: Int? = nil, maximum: Int? = nil)
        case boolean
    }
    package var name: String
    package var kind: Kind
    package init(_ name: String, _ kind: Kind) { self.name = name; self.kind = kind }
}

import PinganDomain
import Vapor

/// One route, written once: its method and path (from which the route is registered and links are
/// built), what the API document says of it, and who may call it. There is no way to make one
/// without a policy, and `RoutesBuilder.on(_:use:)` is the only way the server registers a route.
package struct Endpoint: Sendable, CustomStringConvertible {
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
    /// tests, but not in the OpenAPI document; a caller who is not signed in is sent to log in.
    package var isPage: Bool
    /// A WebSocket: a GET that upgrades (101), documented as such; Schemathesis leaves it out.
    package var isWebSocket = false
    /// A create (201) whose resend answers 200 with what is stored, though its body has no top-level
    /// `id` (ids per item, or one per record, as a dispatch's assignments or a handover).
    package var resendAnswers200 = false

    /// This endpoint, documented with a 200 for a resend.
    package func answeringResends() -> Endpoint { var e = self; e.resendAnswers200 = true; return e }

    /// An operation of the JSON API, described in the OpenAPI document.
    package init(_ method: HTTPMethod, _ path: String, summary: String, tag: String, query: [QueryParameter] = [],
                 body: String? = nil, response: String? = nil, status: Int = 200, list: Bool = false,
                 policy: AccessPolicy) {
        self.method = method; self.path = path; self.summary = summary; self.tag = tag; self.query = query
        self.body = body; self.response = response; self.status = status; self.list = list; self.policy = policy
        self.isPage = false
    }

    /// A server-rendered page (or a form post to one).
    package static func page(_ path: String, method: HTTPMethod = .GET, query: [QueryParameter] = [], policy: AccessPolicy) -> Endpoint {
        var e = Endpoint(method, path, summary: "", tag: "pages", query: query, policy: policy)
        e.isPage = true
        return e
    }

    /// A WebSocket stream of the JSON API: its messages are described in `summary`.
    package static func webSocket(_ path: String, summary: String, tag: String, policy: AccessPolicy) -> Endpoint {
        var e = Endpoint(.GET, path, summary: summary, tag: tag, status: 101, policy: policy)
        e.isWebSocket = true
        return e
    }

    package var description: String { "\(method.rawValue) \(path)" }

    package var segments: [Substring] { path.split(separator: "/") }

    /// The route's components for Vapor: `{id}` becomes the parameter `:id`.
    package var pathComponents: [PathComponent] {
        segments.map { seg in
            seg.hasPrefix("{") ? .parameter(String(seg.dropFirst().dropLast())) : .constant(String(seg))
        }
    }

    /// The names of the path's parameters, in order.
    package var parameterNames: [String] {
        segments.filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    /// A link to this route with its parameters filled in order; a query string when given.
    package func link(_ values: CustomStringConvertible..., query: String? = nil) -> String {
        precondition(values.count == parameterNames.count, "\(self) takes \(parameterNames.count) parameters")
        var it = values.makeIterator()
        let parts = segments.map { seg -> String in
            seg.hasPrefix("{") ? String(describing: it.next()!) : String(seg)
        }
        let base = "/" + parts.joined(separator: "/")
        guard let query, !query.isEmpty else { return base }
        return base + "?" + query
    }

    /// Whether a concrete path (no query) is this endpoint's template filled in.
    package func matches(path concrete: String) -> Bool {
        let parts = concrete.split(separator: "/", omittingEmptySubsequences: true)
        let mine = segments
        guard parts.count == mine.count else { return false }
        return zip(mine, parts).allSatisfy { t, p in t.hasPrefix("{") || t == p }
    }
}

/// A query parameter and the constraints the handler enforces, declared so the document says them.
package struct QueryParameter: Sendable {
    package enum Kind: Sendable {
        case string(maxLength: Int? = nil, pattern: String? = nil, values: [String]? = nil, format: String? = nil)
        case integer(minimum: Int? = nil, maximum: Int? = nil)
        case boolean
        /// Several of `values`: comma-separated (`a,b`), or the parameter repeated when `repeated`.
        case list(values: [String], repeated: Bool = false)
    }
    package var name: String
    package var kind: Kind
    package init(_ name: String, _ kind: Kind) { self.name = name; self.kind = kind }

    /// `limit` and `offset` as `PageRequest` checks them.
    package static var paging: [QueryParameter] {
        [QueryParameter("limit", .integer(minimum: 1, maximum: PageRequest.maxLimit)), QueryParameter("offset", .integer(minimum: 0))]
    }
    package static func uuid(_ name: String) -> QueryParameter { QueryParameter(name, .string(format: "uuid")) }
    /// ISO 8601, as `AuditController.date` reads it (a full date is accepted too).
    package static func dateTime(_ name: String) -> QueryParameter { QueryParameter(name, .string(format: "date-time")) }
    package static func flag(_ name: String) -> QueryParameter { QueryParameter(name, .boolean) }
    package static func text(_ name: String, maxLength: Int? = nil) -> QueryParameter { QueryParameter(name, .string(maxLength: maxLength)) }
    package static func oneOf(_ name: String, _ values: [String]) -> QueryParameter { QueryParameter(name, .string(values: values)) }
    package static func anyOf(_ name: String, _ values: [String], repeated: Bool = false) -> QueryParameter {
        QueryParameter(name, .list(values: values, repeated: repeated))
    }

    /// The parameter's entry in the OpenAPI document.
    package var openAPI: [String: Any] {
        var p: [String: Any] = ["name": name, "in": "query", "required": false]
        switch kind {
        case .string(let maxLength, let pattern, let values, let format):
            var s: [String: Any] = ["type": "string"]
            if let maxLength { s["maxLength"] = maxLength }
            if let pattern { s["pattern"] = pattern }
            if let values { s["enum"] = values }
            if let format { s["format"] = format }
            p["schema"] = s
        case .integer(let minimum, let maximum):
            var s: [String: Any] = ["type": "integer"]
            if let minimum { s["minimum"] = minimum }
            if let maximum { s["maximum"] = maximum }
            p["schema"] = s
        case .boolean:
            p["schema"] = ["type": "boolean"]
        case .list(let values, let repeated):
            p["schema"] = ["type": "array", "items": ["type": "string", "enum": values]]
            p["style"] = "form"
            p["explode"] = repeated
        }
        return p
    }
}

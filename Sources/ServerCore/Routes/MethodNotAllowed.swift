import Vapor

/// A path that exists but not with the request's method answers 405 with `Allow` naming the
/// methods it has (in the API's error shape under `/api/`, a plain page otherwise, as
/// `ErrorShapeMiddleware` renders any error); a path nobody has stays 404.
package struct MethodNotAllowedMiddleware: AsyncMiddleware {
    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let error as AbortError where error.status == .notFound {
            let routes = request.application.routes.all.filter { Self.matches($0.path, request.url.path) }
            let method = request.method == .HEAD ? HTTPMethod.GET : request.method
            // The route exists with this method: the 404 is the handler's (an unknown record).
            guard !routes.isEmpty, !routes.contains(where: { $0.method == method }) else { throw error }
            var methods = Set(routes.map(\.method.rawValue))
            if methods.contains("GET") { methods.insert("HEAD") }
            let allow = methods.sorted().joined(separator: ", ")
            throw APIError(status: .methodNotAllowed, code: "method_not_allowed",
                           message: "此地址不支持 \(request.method.rawValue)，可用：\(allow) / method not allowed",
                           headers: ["Allow": allow])
        }
    }

    /// Whether a route's components match a concrete path, as the router would match them.
    package static func matches(_ components: [PathComponent], _ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var i = 0
        for c in components {
            switch c {
            case .catchall: return true
            case .constant(let s):
                guard i < parts.count, parts[i] == s else { return false }
            case .parameter, .anything:
                guard i < parts.count else { return false }
            }
            i += 1
        }
        return i == parts.count
    }
}

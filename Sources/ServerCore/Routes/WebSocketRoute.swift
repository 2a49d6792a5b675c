import Vapor

extension RoutesBuilder {
    /// Registers the WebSocket `endpoint` with its policy's gate in front of the upgrade: a caller
    /// the policy refuses gets the refusal (401, 403 or 404) as a plain answer, never a socket. A
    /// request without the upgrade headers is answered 426, so a plain GET cannot hang.
    @discardableResult
    package func webSocket(_ endpoint: Endpoint,
                           onUpgrade: @escaping @Sendable (Request, WebSocket) async -> Void) -> Route {
        precondition(endpoint.isWebSocket, "\(endpoint) is not a WebSocket endpoint")
        let route = on(endpoint.method, endpoint.pathComponents) { req async throws -> Response in
            _ = try endpoint.policy.gate(req, page: false)
            guard req.headers.first(name: .upgrade)?.lowercased() == "websocket" else {
                throw APIError(status: .upgradeRequired, code: "upgrade_required",
                               message: "此地址是 WebSocket，请以 WebSocket 连接 / this is a WebSocket endpoint: connect with an upgrade")
            }
            return req.webSocket(onUpgrade: onUpgrade)
        }
        route.userInfo[Endpoint.routeKey] = endpoint
        return route
    }
}

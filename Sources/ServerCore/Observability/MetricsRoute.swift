import Foundation
import Vapor

/// `GET /metrics`: the Prometheus text exposition, for a scraper at one of the addresses of
/// `PINGAN_METRICS_ALLOW` (loopback by default). Anyone else gets the 404 of a path that does not
/// exist. Not part of the API (`/api/v1`), so not in its document; declared in `CoreRoutes` all
/// the same, so the route-policy walker calls it like every other route.
package enum MetricsRoute {
    package static let endpoint = Endpoint.page("/metrics", policy: .fromAllowedAddress)
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    package static func register(_ routes: any RoutesBuilder) {
        routes.on(endpoint) { req async throws -> Response in
            guard admits(req, allow: req.application.settings.metricsAllow) else { throw Abort(.notFound) }
            let text = await req.application.metrics.exposition(req.application)
            return Response(status: .ok, headers: ["Content-Type": contentType, "Cache-Control": "no-store"], body: .init(string: text))
        }
    }

    /// Whether the request comes from an allowed address: the connection's peer, and every address
    /// a proxy on the way said it forwarded for. A proxy appends the address it took the request
    /// from, so a request from outside that passed a local nginx names an address outside the
    /// list and is refused; a client writing allowed addresses into the header only adds to what
    /// must all be allowed. So no list of trusted proxies is needed here.
    package static func admits(_ req: Request, allow: AddressAllowList) -> Bool {
        var chain = [req.remoteAddress?.ipAddress]
        for value in req.headers[.xForwardedFor] {
            chain += value.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) }
        }
        chain += req.headers[.init("X-Real-IP")].map { $0.trimmingCharacters(in: .whitespaces) }
        for forwarded in req.headers.forwarded { if let client = forwarded.for { chain.append(client.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))) } }
        return chain.allSatisfy(allow.allows)
    }
}

import Vapor

/// Headers every response carries, pages, files, API answers and errors alike. Scripts come only
/// from our own files (no inline `<script>`, no `onclick=`), so an injected tag cannot run; styles
/// likewise come only from `/css` (scripts may still set element styles, as Leaflet and Chart.js do).
/// Images may also come from the intranet tile server when `PINGAN_TILE_URL` names one.
package struct SecurityHeaders: AsyncMiddleware {
    package let contentSecurityPolicy: String

    package init(tileURL: String? = nil) {
        let images = ["'self'", "data:"] + [tileURL.flatMap(Self.origin(of:))].compactMap { $0 }
        contentSecurityPolicy = [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src " + images.joined(separator: " "),
            "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'",
        ].joined(separator: "; ")
    }

    /// `https://{s}.tiles.example/{z}/{x}/{y}.png` → `https://*.tiles.example`; a relative URL is our own origin.
    package static func origin(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" }
        guard !host.isEmpty else { return nil }
        return String(url[..<scheme.upperBound]) + host.replacingOccurrences(of: "{s}", with: "*")
    }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        return response
    }
}

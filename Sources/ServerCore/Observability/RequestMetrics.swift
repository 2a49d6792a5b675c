import Vapor

/// Counts every request and times it, by the matched route's pattern (`/api/v1/disputes/:id`,
/// never the id itself), the method and the status class: a bounded set of series however many
/// records are asked for. A request no route matched is `static` when a file answered it and
/// `unmatched` otherwise, so probing random paths cannot grow the series either.
package struct RequestMetrics: AsyncMiddleware {
    package static let requests = "pingan_http_requests_total"
    package static let duration = "pingan_http_request_duration_seconds"
    /// 5 ms … 2.5 s: the load target is a p99 under 50 ms, and a slow export still lands in a bucket.
    package static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
    static let requestsHelp = "HTTP requests answered, by route pattern, method and status class"
    static let durationHelp = "Time from the request's arrival to its answer, by route pattern and method"

    let metrics: AppMetrics

    package init(metrics: AppMetrics) { self.metrics = metrics }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let status: HTTPResponseStatus
        let response: Response
        do {
            response = try await next.respond(to: request)
            status = response.status
        } catch {
            // Errors are shaped into answers further in; one that still escapes is counted as its status.
            status = (error as? any AbortError)?.status ?? .internalServerError
            record(request, status: status, since: start)
            throw error
        }
        record(request, status: status, since: start)
        return response
    }

    private func record(_ request: Request, status: HTTPResponseStatus, since start: ContinuousClock.Instant) {
        let took = ContinuousClock.now - start
        let route = Self.pattern(of: request, status: status)
        let method = Self.methods.contains(request.method.rawValue) ? request.method.rawValue : "OTHER"
        metrics.counter(Self.requests, help: Self.requestsHelp,
                        labels: [("route", route), ("method", method), ("status", "\(status.code / 100)xx")]).increment()
        metrics.histogram(Self.duration, help: Self.durationHelp, labels: [("route", route), ("method", method)], buckets: Self.buckets)
            .record(took.inSeconds)
    }

    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// The matched route's path with its parameters as `:name`; `static` or `unmatched` without one.
    package static func pattern(of request: Request, status: HTTPResponseStatus) -> String {
        guard let route = request.route else { return status.code < 400 ? "static" : "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}

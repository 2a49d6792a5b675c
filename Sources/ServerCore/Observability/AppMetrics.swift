import NIOConcurrencyHelpers
import Prometheus
import Vapor

/// The app's metrics: one Prometheus registry per application, held in its storage, with the
/// counters, gauges and histograms made directly on it. Not swift-metrics' `MetricsSystem`: its
/// bootstrap is once per process, and the tests run many applications in one process, each of
/// which must count only its own requests.
///
/// The wings never import Prometheus: they ask for a counter by name (`app.metrics.counter(…)`),
/// or register a sampler, read at each scrape, for a figure that is a state rather than an event
/// (live subscribers, batches waiting for the track writer).
package final class AppMetrics: Sendable {
    package let registry = PrometheusCollectorRegistry()

    /// A figure read when `/metrics` is scraped: its gauge is set to what `read` says then.
    private struct Sampler: Sendable {
        let gauge: Gauge
        let read: @Sendable (Application) async throws -> Double
    }
    private let samplers = NIOLockedValueBox<[String: Sampler]>([:])

    package init() {}

    /// The counter `name` with these labels (made on first use; the same one after). The help
    /// text must be the same at every call for one name, so keep each name's call in one place.
    package func counter(_ name: String, help: String, labels: [(String, String)] = []) -> Counter {
        registry.makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
    }

    /// Adds `amount` to the counter `name`: for a caller that need not hold the counter (a wing,
    /// which does not import Prometheus).
    package func increment(_ name: String, help: String, labels: [(String, String)] = [], by amount: Int = 1) {
        counter(name, help: help, labels: labels).increment(by: Int64(amount))
    }

    package func gauge(_ name: String, help: String, labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: Self.descriptor(name, help), labels: labels)
    }

    package func histogram(_ name: String, help: String, labels: [(String, String)] = [], buckets: [Double]) -> ValueHistogram {
        registry.makeValueHistogram(descriptor: Self.descriptor(name, help), labels: labels, buckets: buckets)
    }

    /// Registers a gauge read at each scrape. A second sampler of the same name replaces the first.
    package func sample(_ name: String, help: String, _ read: @escaping @Sendable (Application) async throws -> Double) {
        let gauge = gauge(name, help: help)
        samplers.withLockedValue { $0[name] = Sampler(gauge: gauge, read: read) }
    }

    /// The Prometheus text exposition of everything, the samplers read first. A sampler that
    /// fails (the database away for a moment) keeps its last value and is logged, so one figure
    /// never costs the scrape all the others.
    package func exposition(_ app: Application) async -> String {
        let all = samplers.withLockedValue { $0 }
        for (name, s) in all.sorted(by: { $0.key < $1.key }) {
            do { s.gauge.set(try await s.read(app)) } catch { app.logger.warning("metric \(name) not read: \(error)") }
        }
        return registry.emitToString()
    }

    /// swift-prometheus names a metric by the parts of a descriptor; ours are whole names already.
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = AppMetrics }

    /// The app's one metrics registry (made in `AppSetup.frame`, before anything runs concurrently).
    package var metrics: AppMetrics {
        sharedService(MetricsKey.self) { AppMetrics() }
    }
}

extension Duration {
    /// The duration in seconds, as Prometheus histograms of time are kept.
    package var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

import NIOCore
import NIOConcurrencyHelpers
import Vapor

/// Work the server repeats while it runs (the deadline sweep, track upkeep): first after
/// `initialDelay`, then every `interval`; started after boot, cancelled at shutdown. A failure is
/// logged and the next run comes as planned, so one bad run never stops the timer.
package struct RepeatingJob: LifecycleHandler {
    package let name: String
    package let initialDelay: TimeAmount
    package let interval: TimeAmount
    package let work: @Sendable (Application) async throws -> Void
    private let task = NIOLockedValueBox<RepeatedTask?>(nil)

    package init(_ name: String, initialDelay: TimeAmount, interval: TimeAmount, work: @escaping @Sendable (Application) async throws -> Void) {
        self.name = name; self.initialDelay = initialDelay; self.interval = interval; self.work = work
    }

    package func didBootAsync(_ app: Application) async throws {
        let repeated = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: initialDelay, delay: interval) { _ in
            app.eventLoopGroup.next().makeFutureWithTask { await self.run(app) }
        }
        task.withLockedValue { $0 = repeated }
    }

    /// One run, as the timer makes it: a failure is logged, and both are counted (`/metrics`).
    package func run(_ app: Application) async {
        let start = ContinuousClock.now
        do {
            try await work(app)
            app.metrics.jobRan(name, failed: false, since: start)
        } catch {
            app.logger.error("\(name) failed: \(error)")
            app.metrics.jobRan(name, failed: true, since: start)
        }
    }

    /// Cancels the timer and waits for a run under way to end: the databases shut down after this
    /// handler, and a run still reading them then would crash the process (`pingan demo --no-serve`
    /// did, when its seeding outlasted the first run's delay).
    package func shutdownAsync(_ app: Application) async {
        guard let repeated = task.withLockedValue({ $0 }) else { return }
        let done = app.eventLoopGroup.next().makePromise(of: Void.self)
        repeated.cancel(promise: done)
        try? await done.futureResult.get()
    }
}

extension RepeatingJob {
    /// Whether the command line serves (no command, `serve`, or `demo` without `--no-serve`): the
    /// timers run only there. A one-shot command must not have a run under way when its databases close.
    package static func serves(arguments: [String]) -> Bool {
        let command = arguments.dropFirst().first
        return command == nil || command == "serve" || (command == "demo" && !arguments.contains("--no-serve"))
    }
}

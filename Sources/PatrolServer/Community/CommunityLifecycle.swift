import NIOCore
import ServerCore
import Vapor

/// What the community groups need beside the requests (the outbound webhook's delivery), started
/// once at boot.
enum CommunityLifecycle {
    static func boot(_ app: Application) throws {
        _ = app.communityDelivery   // made once here, before any request or run reads it
        // Only where the app serves: a one-shot command (`migrate`, `demo --no-serve`, `users` …)
        // must not send notices while it runs, nor have a run under way when its databases close.
        // Tests drive deliveries themselves (`CommunityDelivery.run(now:)`) on their own clock.
        guard app.environment != .testing, RepeatingJob.serves(arguments: app.environment.arguments) else { return }
        app.lifecycle.use(CommunityDeliveryJob(pollSeconds: app.communityDelivery.config.pollSeconds))
    }
}

/// The delivery job: every few seconds, the outbox's due rows (none while no gateway is set). A
/// `RepeatingJob` runs one pass at a time and, at shutdown, stops and waits for a pass under way.
struct CommunityDeliveryJob: LifecycleHandler {
    private let job: RepeatingJob

    init(pollSeconds: Int64) {
        job = RepeatingJob("community notice delivery", initialDelay: .seconds(pollSeconds), interval: .seconds(pollSeconds)) { app in
            let report = try await CommunityDelivery(app: app).run(now: app.clock.now())
            if report.delivered + report.failed > 0 {
                app.logger.info("community notices: \(report.delivered) delivered, \(report.failed) to retry")
            }
        }
    }

    func didBootAsync(_ app: Application) async throws { try await job.didBootAsync(app) }
    func shutdownAsync(_ app: Application) async { await job.shutdownAsync(app) }
}

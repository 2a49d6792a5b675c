import Fluent
import NIOCore
import ServerCore
import Vapor

/// Keeps the track tables: at start (on PostgreSQL) the partitions of this month and the next two,
/// then daily the partitions again and retention (`TrackRetention`). Retention's first run waits
/// `firstRetention` (10 minutes) after start, so a start-up stays quick and a one-shot command never archives.
package struct TrackUpkeep: LifecycleHandler {
    private let daily: RepeatingJob

    package func didBootAsync(_ app: Application) async throws {
        await Self.partitions(app)
        try await daily.didBootAsync(app)
    }

    package func shutdownAsync(_ app: Application) async {
        await daily.shutdownAsync(app)
    }

    /// Upkeep errors are logged, never fatal: a fix without its month's partition lands in the default one.
    static func partitions(_ app: Application) async {
        guard let partitions = TrackPartitions(db: app.db) else { return }
        do {
            let made = try await partitions.ensure(around: app.clock.now())
            if !made.isEmpty { app.logger.info("track partitions made: \(made.map(\.partition).joined(separator: ", "))") }
        } catch {
            app.logger.warning("track partition upkeep failed: \(error)")
        }
    }

    package init(firstRetention: TimeAmount = .minutes(10), interval: TimeAmount = .hours(24)) {
        daily = RepeatingJob("track retention", initialDelay: firstRetention, interval: interval) { app in
            await Self.partitions(app)
            let s = app.settings
            let report = try await TrackRetention(db: app.db, months: s.trackRetentionMonths, directory: s.trackArchiveDirectory)
                .run(at: app.clock.now())
            if !report.months.isEmpty { app.logger.info("track retention: \(report)") }
        }
    }
}

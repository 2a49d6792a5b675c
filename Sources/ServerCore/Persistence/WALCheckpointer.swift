import FluentSQLiteDriver
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Moves the SQLite WAL into the database file off the request path. Left to SQLite, the commit
/// that takes the WAL past 1,000 pages checkpoints it itself: profiled under the containment
/// benchmark (BENCHMARKS.md), that commit took up to 380 ms against a median of 3.5 ms, and the
/// commit's p99 was 46 ms. Here a connection of its own runs a passive checkpoint every second,
/// which waits for no writer and makes none wait (the commit's p99 became 9 ms); the requests'
/// connections keep a far larger threshold only as a backstop (`AppSetup.sqliteConnectionPragmas`).
package final class WALCheckpointer: LifecycleHandler, Sendable {
    package static let interval: TimeAmount = .seconds(1)
    private let path: String
    private let state = NIOLockedValueBox<(connection: OwnSQLiteConnection?, task: RepeatedTask?)>((nil, nil))

    package init(path: String) { self.path = path }

    package func didBootAsync(_ app: Application) async throws {
        let connection = try await OwnSQLiteConnection.open(path: path, logger: app.logger)
        let logger = app.logger
        let loop = app.eventLoopGroup.next()
        let task = loop.scheduleRepeatedAsyncTask(initialDelay: Self.interval, delay: Self.interval) { _ in
            loop.makeFutureWithTask {
                do { try await Self.checkpoint(connection, mode: "PASSIVE") } catch { logger.warning("WAL checkpoint failed: \(error)") }
            }
        }
        state.withLockedValue { $0 = (connection, task) }
    }

    package func shutdownAsync(_ app: Application) async {
        let (connection, task) = state.withLockedValue { s in defer { s = (nil, nil) }; return s }
        guard let connection else { return }
        // Wait for a checkpoint in progress before closing its connection; then leave the WAL empty.
        let done = app.eventLoopGroup.next().makePromise(of: Void.self)
        task?.cancel(promise: done)
        try? await done.futureResult.get()
        try? await Self.checkpoint(connection, mode: "TRUNCATE")
        await connection.close()
    }

    private static func checkpoint(_ connection: OwnSQLiteConnection, mode: String) async throws {
        _ = try await connection.connection.query("PRAGMA wal_checkpoint(\(mode))")
    }
}

import Foundation
import Logging
import NIOCore
import FluentPostgresDriver
import ServerCore
import Vapor

/// On PostgreSQL, listens for the other instances' live updates on a connection of its own and
/// replays them here: to this instance's subscribers, and into its book of live positions (so a
/// map opened on this instance starts from the newest fix, whichever instance took it). It
/// reconnects after a dropped connection.
package struct LiveRelay: LifecycleHandler {
    /// The listening task and its connection: closing the connection ends the wait for the next
    /// notification, so shutdown does not hang on it.
    private final class Running: @unchecked Sendable {
        private let lock = NSLock()
        private var _task: Task<Void, Never>?
        private var _connection: PostgresConnection?
        var task: Task<Void, Never>? { get { lock.withLock { _task } } set { lock.withLock { _task = newValue } } }
        var connection: PostgresConnection? { get { lock.withLock { _connection } } set { lock.withLock { _connection = newValue } } }
    }
    private let running = Running()

    package func didBootAsync(_ app: Application) async throws {
        guard let channel = app.liveFeed.channel, case .postgres(let url) = app.settings.database else { return }
        var config = try SQLPostgresConfiguration(url: url)
        if url.contains("sslmode=disable") || !url.contains("sslmode") { config.coreConfiguration.tls = .disable }
        let core = config.coreConfiguration
        let feed = app.liveFeed, book = app.livePositions, logger = app.logger
        let eventLoop = app.eventLoopGroup.any()
        let ready = AsyncStream<Void>.makeStream()
        let running = self.running
        running.task = Task {
            var signalled = false
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(on: eventLoop, configuration: core, id: 1, logger: logger).get()
                    running.connection = connection
                    defer { connection.close().whenComplete { _ in } }
                    try await connection.listen(on: channel) { notifications in
                        if !signalled { signalled = true; ready.continuation.yield(); ready.continuation.finish() }
                        for try await n in notifications {
                            guard let event = try? LiveJSON.decoder.decode(LiveEvent.self, from: Data(n.payload.utf8)),
                                  event.origin != feed.origin else { continue }
                            if event.type == .position, let p = event.position {
                                await book.advance(event.unitId, to: p.livePosition)
                            }
                            // The other instance's JSON goes out as it came: nothing to encode again.
                            await feed.hub.publish(event, json: n.payload)
                        }
                    }
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("live LISTEN on \(channel) failed, retrying: \(error)")
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            if !signalled { ready.continuation.finish() }
        }
        // Boot returns once this instance listens, so nothing sent after boot is missed.
        for await _ in ready.stream { break }
    }

    package func shutdownAsync(_ app: Application) async {
        await app.liveFeed.hub.closeAll()
        running.task?.cancel()
        _ = try? await running.connection?.close().get()
        _ = await running.task?.value
    }

    package init() {}
}

import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix

/// An SQLite connection with an event loop and a thread of its own, beside Fluent's pool: for work
/// that must neither wait for the requests' connections nor make them wait (the track writer's
/// group commit, the WAL checkpoint). It is set up as Fluent's connections are (`AppSetup`), but
/// waits for a lock sleeping.
package final class OwnSQLiteConnection: Sendable {
    private let loop: MultiThreadedEventLoopGroup
    private let threads: NIOThreadPool
    package let connection: SQLiteConnection

    private init(loop: MultiThreadedEventLoopGroup, threads: NIOThreadPool, connection: SQLiteConnection) {
        self.loop = loop; self.threads = threads; self.connection = connection
    }

    package static func open(path: String, logger: Logger) async throws -> OwnSQLiteConnection {
        let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let threads = NIOThreadPool(numberOfThreads: 1)
        threads.start()
        do {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threads, logger: logger, on: loop.next()).get()
            for pragma in AppSetup.sqliteConnectionPragmas { _ = try await connection.query(pragma) }
            // Its work is in the background (no request waits on it): meeting a lock, it sleeps
            // until the lock is free rather than spinning on the core the holder needs.
            _ = try await connection.query("PRAGMA busy_timeout = 5000")
            return OwnSQLiteConnection(loop: loop, threads: threads, connection: connection)
        } catch {
            try? await threads.shutdownGracefully()
            try? await loop.shutdownGracefully()
            throw error
        }
    }

    package func close() async {
        try? await connection.close().get()
        try? await threads.shutdownGracefully()
        try? await loop.shutdownGracefully()
    }
}

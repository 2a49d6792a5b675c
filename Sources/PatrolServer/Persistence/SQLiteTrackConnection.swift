import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix

/// On an SQLite file, the track writer's own connection, with an event loop and a thread of its
/// own. Profiled under load (BENCHMARKS.md): on Fluent's pool, whose one connection per event loop
/// the requests share, a batch's reads waited about 5 ms for the connection while the writer's
/// transaction held it, and each of the writer's statements waited behind the requests' work on
/// that loop. Here the writer waits for neither; WAL lets the requests read meanwhile.
final class SQLiteTrackConnection: Sendable {
    private let loop: MultiThreadedEventLoopGroup
    private let threads: NIOThreadPool
    let connection: SQLiteConnection

    private init(loop: MultiThreadedEventLoopGroup, threads: NIOThreadPool, connection: SQLiteConnection) {
        self.loop = loop; self.threads = threads; self.connection = connection
    }

    static func open(path: String, logger: Logger) async throws -> SQLiteTrackConnection {
        let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let threads = NIOThreadPool(numberOfThreads: 1)
        threads.start()
        do {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threads, logger: logger, on: loop.next()).get()
            // As on Fluent's connections: references checked; and a writer that meets another's lock
            // waits for it (sleeping) rather than spinning on it.
            _ = try await connection.query("PRAGMA foreign_keys = ON")
            _ = try await connection.query("PRAGMA busy_timeout = 5000")
            return SQLiteTrackConnection(loop: loop, threads: threads, connection: connection)
        } catch {
            try? await threads.shutdownGracefully()
            try? await loop.shutdownGracefully()
            throw error
        }
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction on this connection.
    func transaction<T: Sendable>(_ work: @Sendable (FixStore) async throws -> T) async throws -> T {
        _ = try await connection.query("BEGIN IMMEDIATE")
        do {
            let result = try await work(FixStore(connection: connection))
            _ = try await connection.query("COMMIT")
            return result
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw error
        }
    }

    func close() async {
        try? await connection.close().get()
        try? await threads.shutdownGracefully()
        try? await loop.shutdownGracefully()
    }
}

import FluentSQLiteDriver
import Foundation
import Logging
import ServerCore

/// On an SQLite file, the track writer's own connection, with an event loop and a thread of its
/// own. Profiled under load (BENCHMARKS.md): on Fluent's pool, whose one connection per event loop
/// the requests share, a batch's reads waited about 5 ms for the connection while the writer's
/// transaction held it, and each of the writer's statements waited behind the requests' work on
/// that loop. Here the writer waits for neither; WAL lets the requests read meanwhile.
final class SQLiteTrackConnection: Sendable {
    private let own: OwnSQLiteConnection
    var connection: SQLiteConnection { own.connection }

    private init(own: OwnSQLiteConnection) { self.own = own }

    static func open(path: String, logger: Logger) async throws -> SQLiteTrackConnection {
        SQLiteTrackConnection(own: try await OwnSQLiteConnection.open(path: path, logger: logger))
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

    func close() async { await own.close() }
}

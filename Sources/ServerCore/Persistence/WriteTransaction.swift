import Fluent
import FluentSQLiteDriver
import SQLKit

extension Database {
    /// Runs `work` in one transaction that will write. On SQLite it begins `IMMEDIATE`: the write
    /// lock is taken at the start (waiting out another writer under `busy_timeout`), so a
    /// transaction that reads before it writes never fails to upgrade its lock halfway through.
    /// On PostgreSQL it is Fluent's transaction.
    package func writeTransaction<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard self is any SQLiteDatabase else { return try await transaction(work) }
        return try await withConnection { conn in
            guard let sql = conn as? any SQLDatabase else { return try await conn.transaction(work) }
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await work(conn)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

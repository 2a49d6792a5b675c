import Fluent
import FluentSQLiteDriver
import SQLKit

extension Database {
    /// Runs `work` in one transaction that will write. On SQLite the transaction takes the write
    /// lock with its first statement: Fluent begins a deferred transaction, and one that read first
    /// and then wrote failed at once with SQLITE_BUSY whenever another connection had written since
    /// its read (busy waiting cannot help a stale snapshot) — under two concurrent writers about a
    /// third of the writes answered 500. Taken first, the lock is waited for instead, and the reads
    /// after it see the newest data. On PostgreSQL it is Fluent's transaction. Nested calls join
    /// the outer transaction, as Fluent's do.
    ///
    /// Not on an in-memory SQLite (the tests'): its connections share one cache, where a waiting
    /// writer spun and never let the lock holder finish; there it stays Fluent's transaction.
    package func writeTransaction<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await transaction { tx in
            if tx is any SQLiteDatabase, !Self.isInMemory(tx), let sql = tx as? any SQLDatabase {
                // A write that changes nothing: SQLite takes the write lock at the start of any write statement.
                try await sql.raw("UPDATE \"_fluent_migrations\" SET \"batch\" = \"batch\" WHERE 0").run()
            }
            return try await work(tx)
        }
    }

    /// Whether `db` is an in-memory SQLite database. Fluent does not expose its storage, but its
    /// configuration's description names it.
    private static func isInMemory(_ db: any Database) -> Bool {
        String(describing: db.context.configuration).contains("memory(identifier")
    }
}

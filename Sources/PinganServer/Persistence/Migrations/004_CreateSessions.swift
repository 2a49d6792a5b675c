import Fluent

/// Browser sessions live in the database so they survive a restart and work across instances.
struct M004CreateSessions: AsyncMigration {
    var name: String { "004_CreateSessions" }

    func prepare(on database: Database) async throws {
        try await SessionRecord.migration.prepare(on: database).get()
    }

    func revert(on database: Database) async throws {
        try await SessionRecord.migration.revert(on: database).get()
    }
}

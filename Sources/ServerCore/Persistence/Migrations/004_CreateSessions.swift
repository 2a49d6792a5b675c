import Fluent

/// Browser sessions live in the database so they survive a restart and work across instances.
package struct M004CreateSessions: AsyncMigration {
    package var name: String { "004_CreateSessions" }

    package func prepare(on database: Database) async throws {
        try await SessionRecord.migration.prepare(on: database).get()
    }

    package func revert(on database: Database) async throws {
        try await SessionRecord.migration.revert(on: database).get()
    }

    package init() {
    }
}

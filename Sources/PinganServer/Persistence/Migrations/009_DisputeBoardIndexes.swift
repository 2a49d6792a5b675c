import Fluent
import SQLKit

/// The township board asks "what changed since yesterday": an index on the last event's time
/// answers it without reading the township's whole history.
struct M009DisputeBoardIndexes: AsyncMigration {
    var name: String { "009_DisputeBoardIndexes" }

    func prepare(on database: Database) async throws {
        try await createIndex(on: database, "disputes_last_event", table: DisputeModel.schema, columns: ["last_event_at"])
    }

    func revert(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX disputes_last_event").run()
    }
}

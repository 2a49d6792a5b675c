import MediationDomain
import ServerCore
import Fluent
import SQLKit

/// The township board reads one township's open work: its deadlines ("overdue", "due soon") and
/// what changed since yesterday. These indexes answer each from the township's id without reading
/// the township's whole history (measured with `pingan bench mediation`, BENCHMARKS.md).
package struct M009DisputeBoardIndexes: AsyncMigration {
    package var name: String { "009_DisputeBoardIndexes" }

    package func prepare(on database: Database) async throws {
        try await createIndex(on: database, "disputes_last_event", table: DisputeModel.schema, columns: ["last_event_at"])
        try await createIndex(on: database, "disputes_township_deadline", table: DisputeModel.schema,
                              columns: ["township_id", "deadline_at", "stage"])
        try await createIndex(on: database, "disputes_township_last_event", table: DisputeModel.schema,
                              columns: ["township_id", "last_event_at"])
    }

    package func revert(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for name in ["disputes_township_last_event", "disputes_township_deadline", "disputes_last_event"] {
            try await sql.raw("DROP INDEX \(unsafeRaw: name)").run()
        }
    }

    package init() {
    }
}

import MediationDomain
import ServerCore
import Fluent
import SQLKit

/// Indexes measured with `pingan bench mediation` (100,000 disputes, BENCHMARKS.md): the
/// `disputes` rows carry their whole state as JSON, so any scan of the table reads ~1 GB.
/// - `disputes_list` covers the list's scope, filters and order: counts scan this narrow index
///   instead of the table, and the first page walks it newest first.
/// - `disputes_stage_risk` finds open / high-risk disputes without a scan.
/// - `dispute_events_type` lets statistics count disputes having a given event.
package struct M008DisputeListIndexes: AsyncMigration {
    package var name: String { "008_DisputeListIndexes" }

    package func prepare(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            CREATE INDEX disputes_list ON disputes (registered_at DESC, id, origin_path, handling_path, stage, risk, level, category)
            """).run()
        try await sql.raw("CREATE INDEX disputes_stage_risk ON disputes (stage, risk, origin_path, handling_path)").run()
        try await sql.raw("CREATE INDEX dispute_events_type ON dispute_events (type, dispute_id)").run()
    }

    package func revert(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for name in ["dispute_events_type", "disputes_stage_risk", "disputes_list"] {
            try await sql.raw("DROP INDEX \(unsafeRaw: name)").run()
        }
    }

    package init() {
    }
}

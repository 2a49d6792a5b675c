import MediationDomain
import ServerCore
import Fluent
import SQLKit

/// Statistics (M13) counted rejections, terminations, follow-ups, judicial-confirmation requests,
/// automatic hand-ups and difficult disputes by searching `dispute_events` for every dispute in
/// scope: about 1.5 of the 1.9 s the county's statistics took at 100,000 disputes. These columns
/// keep those facts on the row (the projection sets them on every write); existing rows are
/// filled here from their events with the same definitions the statistics used.
package struct M011DisputeHistoryFacts: AsyncMigration {
    package var name: String { "011_DisputeHistoryFacts" }

    package static let columns = ["had_rejection", "had_termination", "had_follow_up", "had_confirmation_request",
                          "had_automatic_hand_up", "is_difficult"]

    package func prepare(on database: Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for c in Self.columns {
            try await database.schema(DisputeModel.schema).field(FieldKey(stringLiteral: c), .bool, .required, .sql(.default(false))).update()
        }
        guard let sql = database as? any SQLDatabase else { return }
        try await Self.fill(on: sql)
    }

    /// Sets the columns of every row from its events, with the definitions the statistics used
    /// before the columns existed.
    package static func fill(on sql: any SQLDatabase) async throws {
        func had(_ type: String, _ extra: String = "") -> String {
            "EXISTS (SELECT 1 FROM dispute_events e WHERE e.dispute_id = disputes.id AND e.type = '\(type)'\(extra))"
        }
        try await sql.raw("""
            UPDATE disputes SET
              had_rejection = \(unsafeRaw: had("rejected")),
              had_termination = \(unsafeRaw: had("terminated")),
              had_follow_up = \(unsafeRaw: had("follow_up_visited")),
              had_confirmation_request = \(unsafeRaw: had("judicial_confirmation_requested")),
              had_automatic_hand_up = \(unsafeRaw: had("escalated", " AND e.body LIKE '%\"automatic\":true%'")),
              is_difficult = (level <> received_level OR risk IN ('orange', 'red')
                OR (SELECT COUNT(*) FROM dispute_events e WHERE e.dispute_id = disputes.id AND e.type = 'session_held'
                    AND e.body LIKE '%"outcome":"failed"%') >= 2)
            """).run()
    }

    package func revert(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for c in Self.columns.reversed() {
            try await sql.raw("ALTER TABLE disputes DROP COLUMN \(unsafeRaw: c)").run()
        }
    }

    package init() {
    }
}

import Fluent
import SQLKit

/// The mediation table of the county report (#12 point 3) counts a year's disputes ten times over
/// (received, by level, settled, petitions, difficult, mass incidents prevented, …) and reads the
/// settled ones' tier facts. Through `disputes_registered` each count fetched every table row of
/// the year (each carries its state JSON); this index holds the period and every column a figure
/// or a tier reads, so each count is one range of index entries (BENCHMARKS.md, "County report").
package struct M031DisputeFigureIndex: AsyncMigration {
    package var name: String { "031_DisputeFigureIndex" }

    package func prepare(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            CREATE INDEX disputes_registered_figures ON disputes (registered_at, received_level, settled_level, source, channel,
              is_difficult, mass_risk, agreed_at, performed, closed_on_follow_up, origin_path, handling_path, id)
            """).run()
    }

    package func revert(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX disputes_registered_figures").run()
    }

    package init() {}
}

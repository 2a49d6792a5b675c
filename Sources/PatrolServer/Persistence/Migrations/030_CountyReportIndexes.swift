import Fluent
import SQLKit

/// The public-security table of the county report (#12 point 3) counts a year's incidents by type
/// and field records by kind. With a million incidents in the year, SQLite read them through
/// `incidents_status (status, reported_at)` and fetched every table row (each carries its state
/// JSON) for `type` and `scope_path`; the field records the same way through `field_records_station_at`
/// for `kind` and `subkind`, each then sorted for the `GROUP BY`. These covering indexes start
/// with the grouped columns, so each group is one range of index entries read in order (a skip
/// scan over the few types and kinds), with no table row and no sort (BENCHMARKS.md, "County report").
package struct M030CountyReportIndexes: AsyncMigration {
    package var name: String { "030_CountyReportIndexes" }

    package func prepare(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX incidents_type_reported ON incidents (type, reported_at, status, scope_path)").run()
        try await sql.raw("CREATE INDEX field_records_kind_at ON field_records (kind, subkind, at, station_path)").run()
    }

    package func revert(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX field_records_kind_at").run()
        try await sql.raw("DROP INDEX incidents_type_reported").run()
    }

    package init() {}
}

import Fluent
import SQLKit

/// The public-security table's counts kept per month as rows are written (`MonthlyCount`): incidents
/// by grid and type, field records by station, kind and subkind, filled from the rows already there.
package struct M033MonthlyCounts: AsyncMigration {
    package var name: String { "033_MonthlyCounts" }

    package func prepare(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for c in MonthlyCount.all { try await c.create(on: sql) }
    }

    package func revert(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for c in MonthlyCount.all.reversed() { try await c.drop(on: sql) }
    }

    package init() {}
}

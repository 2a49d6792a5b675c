import Fluent
import SQLKit

/// The counter of each day's incident numbers (`IncidentNumbers`). Days already numbered start
/// from their stored incidents when first drawn from, so nothing is filled here.
package struct M034IncidentDayNumbers: AsyncMigration {
    package var name: String { "034_IncidentDayNumbers" }

    package func prepare(on database: Database) async throws {
        try await database.schema(IncidentNumbers.table)
            .field("day", .string, .required)
            .field("n", .int64, .required)
            .compositeIdentifier(over: "day")
            .create()
    }

    package func revert(on database: Database) async throws {
        try await database.schema(IncidentNumbers.table).delete()
    }

    package init() {}
}

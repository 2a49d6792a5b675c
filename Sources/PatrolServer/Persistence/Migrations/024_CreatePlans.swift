import Fluent
import ServerCore

/// The tables of plans and their activation (P9).
package struct M024CreatePlans: AsyncMigration {
    package var name: String { "024_CreatePlans" }

    package func prepare(on database: Database) async throws {}

    package func revert(on database: Database) async throws {}
}

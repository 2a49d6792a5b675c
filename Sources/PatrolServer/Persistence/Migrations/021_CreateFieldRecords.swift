import Fluent
import ServerCore

/// The tables of field records from the phone (P10, P11).
package struct M021CreateFieldRecords: AsyncMigration {
    package var name: String { "021_CreateFieldRecords" }

    package func prepare(on database: Database) async throws {}

    package func revert(on database: Database) async throws {}
}

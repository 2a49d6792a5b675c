import Fluent
import ServerCore

/// The tables of ledgers of department rooms and professional committees (M10), enterprise disputes (M14) and quality-based evaluation (M12).
package struct M028CreateLedgers: AsyncMigration {
    package var name: String { "028_CreateLedgers" }

    package func prepare(on database: Database) async throws {}

    package func revert(on database: Database) async throws {}
}

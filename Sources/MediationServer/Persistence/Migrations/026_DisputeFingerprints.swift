import Fluent
import ServerCore

/// The tables of the mediation table of the county report (M13), settled in tiers and integrity warnings.
package struct M026DisputeFingerprints: AsyncMigration {
    package var name: String { "026_DisputeFingerprints" }

    package func prepare(on database: Database) async throws {}

    package func revert(on database: Database) async throws {}
}

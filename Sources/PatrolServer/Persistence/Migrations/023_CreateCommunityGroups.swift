import Fluent
import ServerCore

/// The tables of community groups, their webhooks and tips (P8).
package struct M023CreateCommunityGroups: AsyncMigration {
    package var name: String { "023_CreateCommunityGroups" }

    package func prepare(on database: Database) async throws {}

    package func revert(on database: Database) async throws {}
}

import Fluent
import ServerCore

/// The tables of video patrol: cameras and notices (P7).
package struct M022CreateVideoPatrol: AsyncMigration {
    package var name: String { "022_CreateVideoPatrol" }

    package func prepare(on database: Database) async throws {}

    package func revert(on database: Database) async throws {}
}

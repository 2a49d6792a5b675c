import Fluent
import SQLKit

/// Failed logins in the database (they were counted in memory), so two instances behind a proxy
/// share one throttle. Indexed for the two reads: a key's recent failures, and the old ones to forget.
package struct M029CreateLoginFailures: AsyncMigration {
    package var name: String { "029_CreateLoginFailures" }

    package func prepare(on database: Database) async throws {
        try await database.schema(LoginFailureModel.schema)
            .id()
            .field("throttle_key", .string, .required)
            .field("at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX login_failures_key ON login_failures (throttle_key, at)").run()
        try await sql.raw("CREATE INDEX login_failures_at ON login_failures (at)").run()
    }

    package func revert(on database: Database) async throws {
        if let sql = database as? any SQLDatabase {
            for name in ["login_failures_at", "login_failures_key"] { try await sql.raw("DROP INDEX \(unsafeRaw: name)").run() }
        }
        try await database.schema(LoginFailureModel.schema).delete()
    }

    package init() {
    }
}

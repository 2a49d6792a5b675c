import Fluent
import ServerCore

/// Shift handovers in the command centre (P4).
package struct M019CreateHandovers: AsyncMigration {
    package var name: String { "019_CreateHandovers" }

    package func prepare(on database: Database) async throws {
        try await database.schema(DispatchHandoverModel.schema)
            .id()
            .field("scope_path", .string, .required)
            .field("from_user_id", .uuid, .required, .references(UserModel.schema, "id"))
            .field("from_name", .string, .required)
            .field("note", .string, .required)
            .field("incident_ids", .string, .required)
            .field("created_at", .datetime, .required)
            .field("acknowledged_by", .uuid, .references(UserModel.schema, "id"))
            .field("acknowledged_name", .string)
            .field("acknowledged_at", .datetime)
            .create()
        try await createIndex(on: database, "dispatch_handovers_scope", table: DispatchHandoverModel.schema, columns: ["scope_path", "created_at"])
    }

    package func revert(on database: Database) async throws {
        try await database.schema(DispatchHandoverModel.schema).delete()
    }

    package init() {}
}

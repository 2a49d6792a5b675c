import Fluent

package struct M002CreateUsers: AsyncMigration {
    package var name: String { "002_CreateUsers" }

    package func prepare(on database: Database) async throws {
        try await database.schema(UserModel.schema)
            .id()
            .field("username", .string, .required)
            .field("password_hash", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("org_unit_id", .uuid, .required, .references(OrgUnitModel.schema, "id"))
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema(UserTokenModel.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    package func revert(on database: Database) async throws {
        try await database.schema(UserTokenModel.schema).delete()
        try await database.schema(UserModel.schema).delete()
    }

    package init() {
    }
}

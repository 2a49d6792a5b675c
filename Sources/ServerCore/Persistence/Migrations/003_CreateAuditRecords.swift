import Fluent

package struct M003CreateAuditRecords: AsyncMigration {
    package var name: String { "003_CreateAuditRecords" }

    package func prepare(on database: Database) async throws {
        try await database.schema(AuditRecordModel.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_username", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string)
            .field("before", .string)
            .field("after", .string)
            .create()
        try await createIndex(on: database, "audit_records_at", table: AuditRecordModel.schema, columns: ["at"])
        try await createIndex(on: database, "audit_records_entity", table: AuditRecordModel.schema, columns: ["entity_type", "entity_id"])
    }

    package func revert(on database: Database) async throws {
        try await database.schema(AuditRecordModel.schema).delete()
    }

    package init() {
    }
}

import MediationDomain
import ServerCore
import Fluent

package struct M006CreateSweepRecords: AsyncMigration {
    package var name: String { "006_CreateSweepRecords" }

    package func prepare(on database: Database) async throws {
        try await database.schema(AccountabilityRecordModel.schema)
            .id()
            .field("supervision_order_id", .uuid, .required)
            .field("dispute_id", .uuid)
            .field("responsible_org_unit_id", .uuid, .required)
            .field("responsible_path", .string, .required)
            .field("issued_by_org_unit_id", .uuid, .required)
            .field("deadline", .datetime, .required)
            .field("detected_at", .datetime, .required)
            .field("reason", .string, .required)
            .unique(on: "supervision_order_id")
            .create()
        try await database.schema(DeadlineNoticeModel.schema)
            .id()
            .field("dispute_id", .uuid, .required, .references(DisputeModel.schema, "id", onDelete: .cascade))
            .field("deadline_kind", .string, .required)
            .field("passes_at", .datetime, .required)
            .field("level", .string, .required)
            .field("handling_path", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .unique(on: "dispute_id", "deadline_kind", "passes_at", "level")
            .create()
    }

    package func revert(on database: Database) async throws {
        try await database.schema(DeadlineNoticeModel.schema).delete()
        try await database.schema(AccountabilityRecordModel.schema).delete()
    }

    package init() {
    }
}

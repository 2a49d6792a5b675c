import MediationDomain
import ServerCore
import Fluent

package struct M005CreateDisputes: AsyncMigration {
    package var name: String { "005_CreateDisputes" }

    package func prepare(on database: Database) async throws {
        try await database.schema(DisputeModel.schema)
            .id()
            .field("origin_path", .string, .required)
            .field("handling_path", .string, .required)
            .field("handling_org_unit_id", .uuid, .required)
            .field("village_id", .uuid)
            .field("township_id", .uuid)
            .field("level", .string, .required)
            .field("received_level", .string, .required)
            .field("settled_level", .string)
            .field("stage", .string, .required)
            .field("risk", .string, .required)
            .field("category", .string, .required)
            .field("subcategory", .string)
            .field("source", .string, .required)
            .field("channel", .string, .required)
            .field("registered_at", .datetime, .required)
            .field("last_event_at", .datetime, .required)
            .field("deadline_at", .datetime)
            .field("deadline_kind", .string)
            .field("version", .int, .required)
            .field("summary", .string, .required)
            .field("party_names", .string, .required)
            .field("case_number", .string)
            .field("case_year", .int)
            .field("case_serial", .int)
            .field("major_report_due", .bool, .required)
            .field("state", .string, .required)
            .unique(on: "case_year", "case_serial")
            .create()
        for (name, cols) in [("disputes_origin", ["origin_path", "registered_at"]), ("disputes_handling", ["handling_path", "registered_at"]),
                             ("disputes_township", ["township_id", "stage"]), ("disputes_registered", ["registered_at"]),
                             ("disputes_deadline", ["deadline_at"])] {
            try await createIndex(on: database, name, table: DisputeModel.schema, columns: cols)
        }
        try await database.schema(DisputeEventModel.schema)
            .id()
            .field("dispute_id", .uuid, .required, .references(DisputeModel.schema, "id", onDelete: .cascade))
            .field("seq", .int, .required)
            .field("type", .string, .required)
            .field("at", .datetime, .required)
            .field("actor_user_id", .uuid, .required)
            .field("actor_org_unit_id", .uuid, .required)
            .field("body", .string, .required)
            .unique(on: "dispute_id", "seq")
            .create()
        try await database.schema(DisputePartyModel.schema)
            .id()
            .field("dispute_id", .uuid, .required, .references(DisputeModel.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("id_number", .string)
            .field("phone", .string)
            .create()
        try await createIndex(on: database, "dispute_parties_id_number", table: DisputePartyModel.schema, columns: ["id_number"])
        try await createIndex(on: database, "dispute_parties_dispute", table: DisputePartyModel.schema, columns: ["dispute_id"])
        try await database.schema(MajorReportModel.schema)
            .id()
            .field("dispute_id", .uuid, .required, .references(DisputeModel.schema, "id", onDelete: .cascade))
            .field("recipient_org_unit_id", .uuid, .required)
            .field("recipient_path", .string, .required)
            .field("risk", .string, .required)
            .field("summary", .string, .required)
            .field("created_at", .datetime, .required)
            .field("acknowledged_at", .datetime)
            .field("acknowledged_by", .uuid)
            .unique(on: "dispute_id", "recipient_org_unit_id")
            .create()
    }

    package func revert(on database: Database) async throws {
        try await database.schema(MajorReportModel.schema).delete()
        try await database.schema(DisputePartyModel.schema).delete()
        try await database.schema(DisputeEventModel.schema).delete()
        try await database.schema(DisputeModel.schema).delete()
    }

    package init() {
    }
}

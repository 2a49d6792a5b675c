import Fluent
import ServerCore

/// X1's tables on the mediation side: police calls matched to disputes, the committees' follow-up
/// tasks, and incidents handed over to mediation (警调对接).
package struct M025CreatePoliceLinks: AsyncMigration {
    package var name: String { "025_CreatePoliceLinks" }

    package func prepare(on database: Database) async throws {
        try await database.schema(DisputePoliceCallModel.schema)
            .id()
            .field("dispute_id", .uuid, .required, .references(DisputeModel.schema, "id", onDelete: .cascade))
            .field("incident_id", .uuid, .required)
            .field("incident_number", .string, .required)
            .field("called_at", .datetime, .required)
            .field("place_label", .string, .required)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("reports_violence", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "dispute_id", "incident_id")
            .create()
        try await createIndex(on: database, "dispute_police_calls_incident", table: DisputePoliceCallModel.schema, columns: ["incident_id"])
        try await database.schema(FollowUpTaskModel.schema)
            .id()
            .field("dispute_id", .uuid, .required, .references(DisputeModel.schema, "id", onDelete: .cascade))
            .field("incident_id", .uuid, .required)
            .field("committee_org_unit_id", .uuid, .required)
            .field("committee_path", .string, .required)
            .field("township_id", .uuid)
            .field("reason", .string, .required)
            .field("created_at", .datetime, .required)
            .field("acknowledged_at", .datetime)
            .field("acknowledged_by", .uuid)
            .field("closed_at", .datetime)
            .field("closed_by", .uuid)
            .field("close_note", .string)
            .unique(on: "dispute_id", "incident_id")
            .create()
        try await createIndex(on: database, "follow_up_tasks_committee", table: FollowUpTaskModel.schema, columns: ["committee_path", "created_at"])
        try await database.schema(PoliceHandoverModel.schema)
            .id()
            .field("incident_id", .uuid, .required)
            .field("incident_number", .string, .required)
            .field("dispute_id", .uuid, .required, .references(DisputeModel.schema, "id", onDelete: .cascade))
            .field("scope_path", .string, .required)
            .field("township_id", .uuid)
            .field("note", .string, .required)
            .field("handed_over_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("acknowledged_at", .datetime)
            .field("acknowledged_by", .uuid)
            .field("acknowledged_name", .string)
            .unique(on: "incident_id")
            .create()
    }

    package func revert(on database: Database) async throws {
        try await database.schema(PoliceHandoverModel.schema).delete()
        try await database.schema(FollowUpTaskModel.schema).delete()
        try await database.schema(DisputePoliceCallModel.schema).delete()
    }

    package init() {}
}

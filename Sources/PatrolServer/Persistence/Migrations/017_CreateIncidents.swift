import Fluent
import ServerCore

/// Incidents (P4): the projection, the append-only timeline and the units' tasks.
package struct M017CreateIncidents: AsyncMigration {
    package var name: String { "017_CreateIncidents" }

    package func prepare(on database: Database) async throws {
        try await database.schema(IncidentModel.schema)
            .id()
            .field("number", .string, .required)
            .field("type", .string, .required)
            .field("priority", .int, .required)
            .field("status", .string, .required)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("grid_org_unit_id", .uuid, .references(OrgUnitModel.schema, "id"))
            .field("scope_path", .string, .required)
            .field("reported_at", .datetime, .required)
            .field("first_dispatched_at", .datetime)
            .field("first_on_scene_at", .datetime)
            .field("closed_at", .datetime)
            .field("call_count", .int, .required)
            .field("version", .int, .required)
            .field("state", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .create()
        try await createIndex(on: database, "incidents_scope_reported", table: IncidentModel.schema, columns: ["scope_path", "reported_at"])
        try await createIndex(on: database, "incidents_status", table: IncidentModel.schema, columns: ["status", "reported_at"])
        try await database.schema(IncidentEventModel.schema)
            .id()
            .field("incident_id", .uuid, .required, .references(IncidentModel.schema, "id", onDelete: .cascade))
            .field("seq", .int, .required)
            .field("type", .string, .required)
            .field("at", .datetime, .required)
            .field("recorded_at", .datetime, .required)
            .field("actor_user_id", .uuid, .references(UserModel.schema, "id"))
            .field("unit_id", .uuid, .references(PatrolUnitModel.schema, "id"))
            .field("body", .string, .required)
            .unique(on: "incident_id", "seq")
            .create()
        try await database.schema(IncidentTaskModel.schema)
            .id()
            .field("incident_id", .uuid, .required, .references(IncidentModel.schema, "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references(PatrolUnitModel.schema, "id", onDelete: .cascade))
            .field("station_path", .string, .required)
            .field("state", .string, .required)
            .field("assigned_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await createIndex(on: database, "incident_tasks_unit", table: IncidentTaskModel.schema, columns: ["unit_id", "state"])
        try await createIndex(on: database, "incident_tasks_station", table: IncidentTaskModel.schema, columns: ["station_path", "state"])
        try await createIndex(on: database, "incident_tasks_incident", table: IncidentTaskModel.schema, columns: ["incident_id"])
    }

    package func revert(on database: Database) async throws {
        try await database.schema(IncidentTaskModel.schema).delete()
        try await database.schema(IncidentEventModel.schema).delete()
        try await database.schema(IncidentModel.schema).delete()
    }

    package init() {}
}

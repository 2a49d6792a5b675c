import Fluent
import ServerCore

/// The spike watch's state per grid, its alerts and the accepted moves (P6).
package struct M020CreateReinforcement: AsyncMigration {
    package var name: String { "020_CreateReinforcement" }

    package func prepare(on database: Database) async throws {
        try await database.schema(SpikeWatchModel.schema)
            .id()
            .field("state", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(ReinforcementAlertModel.schema)
            .id()
            .field("grid_org_unit_id", .uuid, .required, .references(OrgUnitModel.schema, "id"))
            .field("scope_path", .string, .required)
            .field("raised_hour", .datetime, .required)
            .field("count", .int, .required)
            .field("expected", .double, .required)
            .field("proposal", .string)
            .field("status", .string, .required)
            .field("decided_by", .uuid, .references(UserModel.schema, "id"))
            .field("decided_name", .string)
            .field("decided_at", .datetime)
            .field("note", .string)
            .field("cleared_at", .datetime)
            .unique(on: "grid_org_unit_id", "raised_hour")
            .create()
        try await createIndex(on: database, "reinforcement_alerts_scope", table: ReinforcementAlertModel.schema, columns: ["scope_path", "raised_hour"])
        try await database.schema(ReinforcementTaskModel.schema)
            .id()
            .field("alert_id", .uuid, .required, .references(ReinforcementAlertModel.schema, "id", onDelete: .cascade))
            .field("unit_id", .uuid, .required, .references(PatrolUnitModel.schema, "id", onDelete: .cascade))
            .field("from_grid_org_unit_id", .uuid, .required)
            .field("station_path", .string, .required)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("planned_seconds", .double, .required)
            .field("assigned_at", .datetime, .required)
            .unique(on: "alert_id", "unit_id")
            .create()
        try await createIndex(on: database, "reinforcement_tasks_unit", table: ReinforcementTaskModel.schema, columns: ["unit_id"])
    }

    package func revert(on database: Database) async throws {
        try await database.schema(ReinforcementTaskModel.schema).delete()
        try await database.schema(ReinforcementAlertModel.schema).delete()
        try await database.schema(SpikeWatchModel.schema).delete()
    }

    package init() {}
}

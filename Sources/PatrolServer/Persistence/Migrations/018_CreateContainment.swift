import Fluent
import ServerCore

/// Containment orders and their units' tasks (P5), drills included.
package struct M018CreateContainment: AsyncMigration {
    package var name: String { "018_CreateContainment" }

    package func prepare(on database: Database) async throws {
        try await database.schema(ContainmentOrderModel.schema)
            .id()
            .field("incident_id", .uuid, .references(IncidentModel.schema, "id"))
            .field("drill", .bool, .required)
            .field("scope_path", .string, .required)
            .field("scene_lat", .double, .required)
            .field("scene_lon", .double, .required)
            .field("started_at", .datetime, .required)
            .field("lifted_at", .datetime)
            .field("started_by", .uuid, .references(UserModel.schema, "id"))
            .field("plan", .string, .required)
            .field("rings", .string, .required)
            .create()
        try await createIndex(on: database, "containment_orders_scope", table: ContainmentOrderModel.schema, columns: ["scope_path", "started_at"])
        try await database.schema(ContainmentTaskModel.schema)
            .id()
            .field("order_id", .uuid, .required, .references(ContainmentOrderModel.schema, "id", onDelete: .cascade))
            .field("ring", .string, .required)
            .field("site_name", .string, .required)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("unit_id", .uuid, .required, .references(PatrolUnitModel.schema, "id", onDelete: .cascade))
            .field("station_path", .string, .required)
            .field("target_seconds", .double, .required)
            .field("planned_seconds", .double, .required)
            .create()
        try await createIndex(on: database, "containment_tasks_order", table: ContainmentTaskModel.schema, columns: ["order_id"])
        try await createIndex(on: database, "containment_tasks_unit", table: ContainmentTaskModel.schema, columns: ["unit_id"])
    }

    package func revert(on database: Database) async throws {
        try await database.schema(ContainmentTaskModel.schema).delete()
        try await database.schema(ContainmentOrderModel.schema).delete()
    }

    package init() {}
}

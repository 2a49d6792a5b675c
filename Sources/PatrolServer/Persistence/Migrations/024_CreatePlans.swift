import Fluent
import ServerCore

/// The tables of plans and their activation (P9).
package struct M024CreatePlans: AsyncMigration {
    package var name: String { "024_CreatePlans" }

    package func prepare(on database: Database) async throws {
        try await database.schema(PlanModel.schema)
            .id()
            .field("org_unit_id", .uuid, .required, .references(OrgUnitModel.schema, "id"))
            .field("scope_path", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("description", .string)
            .field("window_start", .datetime)
            .field("window_end", .datetime)
            .field("layout", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("retired_at", .datetime)
            .field("active_activation_id", .uuid)
            .create()
        try await createIndex(on: database, "plans_scope", table: PlanModel.schema, columns: ["scope_path"])
        try await database.schema(PlanActivationModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id"))
            .field("scope_path", .string, .required)
            .field("started_at", .datetime, .required)
            .field("started_by", .uuid, .references(UserModel.schema, "id"))
            .field("ended_at", .datetime)
            .field("ended_by", .uuid, .references(UserModel.schema, "id"))
            .field("layout", .string, .required)
            .field("outcomes", .string, .required)
            .create()
        try await createIndex(on: database, "plan_activations_plan", table: PlanActivationModel.schema, columns: ["plan_id", "started_at"])
        try await createIndex(on: database, "plan_activations_scope", table: PlanActivationModel.schema, columns: ["scope_path", "started_at"])
        try await database.schema(PlanTaskModel.schema)
            .id()
            .field("activation_id", .uuid, .required, .references(PlanActivationModel.schema, "id", onDelete: .cascade))
            .field("post_index", .int, .required)
            .field("post_name", .string, .required)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("unit_id", .uuid, .required, .references(PatrolUnitModel.schema, "id", onDelete: .cascade))
            .field("station_path", .string, .required)
            .field("target_seconds", .double, .required)
            .field("planned_seconds", .double, .required)
            .field("route", .string, .required)
            .unique(on: "activation_id", "unit_id")
            .create()
        try await createIndex(on: database, "plan_tasks_activation", table: PlanTaskModel.schema, columns: ["activation_id"])
        try await createIndex(on: database, "plan_tasks_unit", table: PlanTaskModel.schema, columns: ["unit_id"])
    }

    package func revert(on database: Database) async throws {
        try await database.schema(PlanTaskModel.schema).delete()
        try await database.schema(PlanActivationModel.schema).delete()
        try await database.schema(PlanModel.schema).delete()
    }

    package init() {}
}

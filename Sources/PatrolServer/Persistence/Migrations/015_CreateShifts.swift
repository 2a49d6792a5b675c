import Fluent
import ServerCore

/// Shifts and status changes (P2): who was on which unit when, and every change of a unit's
/// status with its time. Both are looked up by unit and time.
package struct M015CreateShifts: AsyncMigration {
    package var name: String { "015_CreateShifts" }

    package func prepare(on database: Database) async throws {
        try await database.schema(PatrolShiftModel.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(PatrolUnitModel.schema, "id", onDelete: .cascade))
            .field("officer_id", .uuid, .required, .references(UserModel.schema, "id"))
            .field("signed_on_at", .datetime, .required)
            .field("signed_off_at", .datetime)
            .create()
        try await createIndex(on: database, "patrol_shifts_unit", table: PatrolShiftModel.schema, columns: ["unit_id", "signed_on_at"])
        try await createIndex(on: database, "patrol_shifts_officer", table: PatrolShiftModel.schema, columns: ["officer_id", "signed_on_at"])
        try await database.schema(PatrolStatusChangeModel.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(PatrolUnitModel.schema, "id", onDelete: .cascade))
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("at", .datetime, .required)
            .field("by_user_id", .uuid, .references(UserModel.schema, "id"))
            .field("recorded_at", .datetime, .required)
            .create()
        try await createIndex(on: database, "patrol_status_changes_unit", table: PatrolStatusChangeModel.schema, columns: ["unit_id", "at"])
    }

    package func revert(on database: Database) async throws {
        try await database.schema(PatrolStatusChangeModel.schema).delete()
        try await database.schema(PatrolShiftModel.schema).delete()
    }

    package init() {}
}

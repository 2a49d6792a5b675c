import Fluent
import ServerCore

/// Units, their devices and their tracks. A track row's key is (unit, time): a fix resent from a
/// phone's queue finds its row and is stored once, and there is no id per fix (a county's
/// 100 officers make about 300 million fixes a year).
package struct M014CreatePatrol: AsyncMigration {
    package var name: String { "014_CreatePatrol" }

    package func prepare(on database: Database) async throws {
        try await database.schema(PatrolUnitModel.schema)
            .id()
            .field("call_sign", .string, .required)
            .field("kind", .string, .required)
            .field("station_org_unit_id", .uuid, .required, .references(OrgUnitModel.schema, "id"))
            .field("station_path", .string, .required)
            .field("home_grid_org_unit_id", .uuid, .references(OrgUnitModel.schema, "id"))
            .field("status", .string, .required)
            .field("capabilities", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "call_sign")
            .create()
        try await createIndex(on: database, "patrol_units_station", table: PatrolUnitModel.schema, columns: ["station_path"])
        try await database.schema(PatrolDeviceModel.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(PatrolUnitModel.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("token_hash", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(FixStore.table)
            .field("unit_id", .uuid, .required, .references(PatrolUnitModel.schema, "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("speed", .double)
            .field("heading", .double)
            .field("accuracy", .double)
            .field("flags", .int, .required)
            .field("received_at", .datetime, .required)
            .compositeIdentifier(over: "unit_id", "at")
            .create()
    }

    package func revert(on database: Database) async throws {
        try await database.schema(FixStore.table).delete()
        try await database.schema(PatrolDeviceModel.schema).delete()
        try await database.schema(PatrolUnitModel.schema).delete()
    }

    package init() {}
}

/// 网格化巡控's migrations in order, after the core's and 民调通's. Append only.
package enum PatrolMigrations {
    package static let all: [any Migration] = [M014CreatePatrol(), M015CreateShifts(), M016PartitionFixes(), M017CreateIncidents(), M018CreateContainment(), M019CreateHandovers(), M020CreateReinforcement(),
                                                M021CreateFieldRecords(), M022CreateVideoPatrol(), M023CreateCommunityGroups(), M024CreatePlans(),
                                                M030CountyReportIndexes(), M033MonthlyCounts(), M034IncidentDayNumbers()]
}

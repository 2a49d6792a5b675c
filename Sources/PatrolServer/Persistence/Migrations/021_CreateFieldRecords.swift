import Fluent
import ServerCore

/// The tables of field records from the phone (P10, P11): one ledger row per record.
package struct M021CreateFieldRecords: AsyncMigration {
    package var name: String { "021_CreateFieldRecords" }

    package func prepare(on database: Database) async throws {
        try await database.schema(FieldRecordModel.schema)
            .id()
            .field("kind", .string, .required)
            .field("subkind", .string)
            .field("unit_id", .uuid, .required, .references(PatrolUnitModel.schema, "id"))
            .field("station_org_unit_id", .uuid, .required, .references(OrgUnitModel.schema, "id"))
            .field("station_path", .string, .required)
            .field("officer_id", .uuid, .required, .references(UserModel.schema, "id"))
            .field("officer_name", .string, .required)
            .field("at", .datetime, .required)
            .field("recorded_at", .datetime, .required)
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("place_label", .string)
            .field("incident_id", .uuid, .references(IncidentModel.schema, "id"))
            .field("note", .string)
            .field("id_number", .string)
            .field("details", .string, .required)
            .create()
        // The ledger reads a station's records by time; the phone its unit's of the day.
        try await createIndex(on: database, "field_records_station_at", table: FieldRecordModel.schema, columns: ["station_path", "at"])
        try await createIndex(on: database, "field_records_unit_at", table: FieldRecordModel.schema, columns: ["unit_id", "at"])
        try await createIndex(on: database, "field_records_incident", table: FieldRecordModel.schema, columns: ["incident_id"])
    }

    package func revert(on database: Database) async throws {
        try await database.schema(FieldRecordModel.schema).delete()
    }

    package init() {}
}

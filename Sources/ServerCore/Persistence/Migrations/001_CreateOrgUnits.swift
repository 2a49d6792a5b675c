import Fluent
import SQLKit

package struct M001CreateOrgUnits: AsyncMigration {
    package var name: String { "001_CreateOrgUnits" }

    package func prepare(on database: Database) async throws {
        try await database.schema(OrgUnitModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("parent_id", .uuid)
            .field("jurisdiction_id", .uuid)
            .field("path", .string, .required)
            .field("depth", .int, .required)
            .field("geometry", .string)
            .field("geometry_illustrative", .bool, .required)
            .field("plausible_filler", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await createIndex(on: database, "org_units_path", table: OrgUnitModel.schema, columns: ["path"])
        try await createIndex(on: database, "org_units_parent", table: OrgUnitModel.schema, columns: ["parent_id"])
        try await createIndex(on: database, "org_units_kind", table: OrgUnitModel.schema, columns: ["kind"])
    }

    package func revert(on database: Database) async throws {
        try await database.schema(OrgUnitModel.schema).delete()
    }

    package init() {
    }
}

/// A plain (non-unique) index; Fluent's schema builder only makes unique ones.
package func createIndex(on database: Database, _ name: String, table: String, columns: [String]) async throws {
    guard let sql = database as? SQLDatabase else { return }
    var builder = sql.create(index: name).on(table)
    for c in columns { builder = builder.column(c) }
    try await builder.run()
}

import Fluent
import ServerCore

/// The tables of enterprise disputes (M14): enterprises, the 涉企 flag of a dispute and the
/// 法律进企业 visits. Ledgers (M10) and evaluation (M12) are computed from the disputes and need
/// no table of their own.
package struct M028CreateLedgers: AsyncMigration {
    package var name: String { "028_CreateLedgers" }

    package func prepare(on database: Database) async throws {
        try await database.schema(EnterpriseModel.schema)
            .id()
            .field("name", .string, .required)
            .field("scope_path", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema(EnterpriseDisputeModel.schema)
            .id()
            .field("enterprise_id", .uuid, .required, .references(EnterpriseModel.schema, "id"))
            .field("flagged_at", .datetime, .required)
            .field("flagged_by", .uuid, .required)
            .create()
        try await createIndex(on: database, "enterprise_disputes_enterprise", table: EnterpriseDisputeModel.schema, columns: ["enterprise_id"])
        try await database.schema(EnterpriseVisitModel.schema)
            .id()
            .field("enterprise_id", .uuid, .required, .references(EnterpriseModel.schema, "id"))
            .field("visited_at", .datetime, .required)
            .field("visitors", .string, .required)
            .field("content", .string, .required)
            .field("result", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await createIndex(on: database, "enterprise_visits_enterprise", table: EnterpriseVisitModel.schema, columns: ["enterprise_id", "visited_at"])
    }

    package func revert(on database: Database) async throws {
        try await database.schema(EnterpriseVisitModel.schema).delete()
        try await database.schema(EnterpriseDisputeModel.schema).delete()
        try await database.schema(EnterpriseModel.schema).delete()
    }
}

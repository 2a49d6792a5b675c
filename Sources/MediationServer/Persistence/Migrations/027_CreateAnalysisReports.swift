import Fluent
import ServerCore

/// The tables of monthly analysis reports (舆情分析报告, M9), issued frozen and numbered: one row per
/// issued version, its content kept as issued (JSON). (org unit, month, version) is unique, so two
/// issues of the same version cannot both land; the serial (第N期) is per unit and year.
package struct M027CreateAnalysisReports: AsyncMigration {
    package var name: String { "027_CreateAnalysisReports" }

    package func prepare(on database: Database) async throws {
        try await database.schema(AnalysisReportModel.schema)
            .id()
            .field("org_unit_id", .uuid, .required)
            .field("org_unit_path", .string, .required)
            .field("org_unit_name", .string, .required)
            .field("month", .string, .required)
            .field("year", .int, .required)
            .field("serial", .int, .required)
            .field("version", .int, .required)
            .field("trigger", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("issued_by", .uuid)
            .field("issued_by_name", .string, .required)
            .field("content", .string, .required)
            .unique(on: "org_unit_id", "month", "version")
            .create()
        try await createIndex(on: database, "analysis_reports_scope", table: AnalysisReportModel.schema, columns: ["org_unit_path", "month"])
    }

    package func revert(on database: Database) async throws {
        try await database.schema(AnalysisReportModel.schema).delete()
    }
}

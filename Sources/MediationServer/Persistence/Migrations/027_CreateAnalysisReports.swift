import Fluent
import ServerCore

/// The tables of monthly analysis reports (舆情分析报告, M9), issued frozen and numbered.
package struct M027CreateAnalysisReports: AsyncMigration {
    package var name: String { "027_CreateAnalysisReports" }

    package func prepare(on database: Database) async throws {}

    package func revert(on database: Database) async throws {}
}

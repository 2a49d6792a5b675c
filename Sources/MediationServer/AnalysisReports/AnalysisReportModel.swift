import Fluent
import Foundation

/// One issued version of a monthly analysis report (舆情分析报告, M9). Written once and never
/// updated: regenerating adds a row with the next version.
package final class AnalysisReportModel: Model, @unchecked Sendable {
    package static let schema = "analysis_reports"

    @ID(key: .id) package var id: UUID?
    @Field(key: "org_unit_id") package var orgUnitID: UUID
    /// The unit's path: a caller sees the reports of units in its subtree.
    @Field(key: "org_unit_path") package var orgUnitPath: String
    @Field(key: "org_unit_name") package var orgUnitName: String
    /// `yyyy-MM`, the month reported on.
    @Field(key: "month") package var month: String
    /// The year of the serial (the month's year).
    @Field(key: "year") package var year: Int
    /// 第N期: the Nth month reported for this unit in `year`; every version of a month shares it.
    @Field(key: "serial") package var serial: Int
    @Field(key: "version") package var version: Int
    /// `scheduled` (the monthly job) or `on_demand` (POST).
    @Field(key: "trigger") package var trigger: String
    @Field(key: "issued_at") package var issuedAt: Date
    @OptionalField(key: "issued_by") package var issuedBy: UUID?
    @Field(key: "issued_by_name") package var issuedByName: String
    /// `AnalysisReportContent` as JSON, exactly as issued.
    @Field(key: "content") package var content: String

    package init() {}

    /// 〔2026〕第3期.
    package var number: String { "〔\(year)〕第\(serial)期" }
}

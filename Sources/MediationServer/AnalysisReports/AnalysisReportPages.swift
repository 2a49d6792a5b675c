import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// `/analysis-reports` (every issued version in scope, and a form to issue one) and
/// `/analysis-reports/{id}` (one report as issued, laid out for A4).
package enum AnalysisReportPages {
    struct ListRow: Encodable {
        var href: String
        var number: String
        var orgUnitName: String
        var month: String
        var version: Int
        var issuedAt: String
        var issuedByName: String
        var trigger: String
        var risingClusters: Int
    }

    struct Unit: Encodable { var id: UUID; var name: String }

    struct ListModel: Encodable {
        var rows: [ListRow]
        var canIssue: Bool
        var units: [Unit]
        var defaultMonth: String
    }

    static func when(_ d: Date) -> String {
        let f = DateFormatter()
        f.calendar = PinganCalendar.shanghai; f.timeZone = PinganCalendar.timeZone; f.locale = Locale(identifier: "zh_CN")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: d)
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let actor = try DisputeController.caller(req)
        let rows = try await AnalysisReportAPI.rows(req, actor: actor).map { m in
            ListRow(href: AnalysisReportRoutes.reportPage.link(try m.requireID()), number: m.number, orgUnitName: m.orgUnitName, month: m.month,
                    version: m.version, issuedAt: when(m.issuedAt), issuedByName: m.issuedByName,
                    trigger: m.trigger == AnalysisReportStore.Trigger.scheduled.rawValue ? "每月自动" : "手动生成",
                    risingClusters: (try? AnalysisReportStore.content(m).risingClusters.count) ?? 0)
        }
        let units = try await OrgUnitModel.query(on: req.db).filter(\.$path =~ actor.scopePath)
            .filter(\.$kind ~~ AnalysisReportStore.reportedKinds.map(\.rawValue)).sort(\.$path).all()
        let model = ListModel(rows: rows, canIssue: AnalysisReportRoutes.issuers.contains(actor.role) && !units.isEmpty,
                              units: try units.map { Unit(id: try $0.requireID(), name: $0.name) },
                              defaultMonth: YearMonth(req.application.clock.now(), in: PinganCalendar.shanghai).previous.description)
        return try await PageController().render(req, "analysis-report-list", title: "舆情分析报告", actor: actor,
                                                 current: AnalysisReportRoutes.listPage.path, model)
    }

    struct TrendRow: Encodable {
        var label: String
        var count: Int
        var previous: [Int]
        var mean: String
        var change: String
        var up: Bool
    }

    struct ClusterRow: Encodable {
        var categoryLabel: String
        var townshipName: String
        var count: Int
        var previous: [Int]
        var baseline: String
        var pValue: String
        var rising: Bool
    }

    struct RiskRow: Encodable {
        var href: String
        var summary: String
        var category: String
        var risk: String
        var riskLabel: String
        var stageLabel: String
        var registered: String
        var townshipName: String
    }

    struct ReportModel: Encodable {
        var id: UUID
        var number: String
        var title: String
        var orgUnitName: String
        var month: String
        var version: Int
        var issuedAt: String
        var issuedByName: String
        var previousMonths: [String]
        var total: TrendRow
        var byCategory: [TrendRow]
        var byTownship: [TrendRow]
        var clusterTest: String
        var rising: [ClusterRow]
        var steady: [ClusterRow]
        var topRisks: [RiskRow]
        var thisMonth: AnalysisReportContent.Changes
        var lastMonth: AnalysisReportContent.Changes
        var escalated: [RiskRow]
        var riskRaised: [RiskRow]
        var otherVersions: [ListRow]
        var canIssue: Bool
        var orgUnitId: UUID
        var listHref: String
    }

    static func trend(_ t: AnalysisReportContent.Trend) -> TrendRow {
        TrendRow(label: t.label, count: t.count, previous: t.previous, mean: String(format: "%.1f", t.mean),
                 change: String(format: "%+.1f", t.change), up: t.change > 0)
    }

    static func cluster(_ c: AnalysisReportContent.Cluster) -> ClusterRow {
        ClusterRow(categoryLabel: c.categoryLabel, townshipName: c.townshipName, count: c.count, previous: c.previous,
                   baseline: String(format: "%.2f", c.baseline), pValue: c.pValue < 0.0001 ? "<0.0001" : String(format: "%.4f", c.pValue),
                   rising: c.rising)
    }

    static func risk(_ r: AnalysisReportContent.RiskItem) -> RiskRow {
        RiskRow(href: MediationRoutes.disputePage.link(r.disputeId), summary: r.summary, category: r.category, risk: r.risk, riskLabel: r.riskLabel,
                stageLabel: r.stageLabel, registered: when(r.registeredAt), townshipName: r.townshipName)
    }

    @Sendable static func report(req: Request) async throws -> Response {
        let actor = try DisputeController.caller(req)
        let m = try await AnalysisReportAPI.find(req)
        let c = try AnalysisReportStore.content(m)
        let versions = try await AnalysisReportModel.query(on: req.db).filter(\.$orgUnitID == m.orgUnitID).filter(\.$month == m.month)
            .sort(\.$version, .descending).all()
        let ym = YearMonth(m.month)
        let model = ReportModel(
            id: try m.requireID(), number: m.number, title: "\(m.orgUnitName)\(ym.map { "\($0.year)年\($0.month)月" } ?? m.month)矛盾纠纷舆情分析报告",
            orgUnitName: m.orgUnitName, month: m.month, version: m.version, issuedAt: when(m.issuedAt), issuedByName: m.issuedByName,
            previousMonths: c.previousMonths, total: trend(c.total), byCategory: c.byCategory.map(trend), byTownship: c.byTownship.map(trend),
            clusterTest: c.clusterTest, rising: c.clusters.filter(\.rising).map(cluster),
            steady: c.clusters.filter { !$0.rising }.prefix(10).map(cluster), topRisks: c.topRisks.map(risk),
            thisMonth: c.thisMonth, lastMonth: c.lastMonth, escalated: c.escalatedDisputes.map(risk), riskRaised: c.riskRaisedDisputes.map(risk),
            otherVersions: try versions.filter { $0.id != m.id }.map {
                ListRow(href: AnalysisReportRoutes.reportPage.link(try $0.requireID()), number: $0.number, orgUnitName: $0.orgUnitName,
                        month: $0.month, version: $0.version, issuedAt: when($0.issuedAt), issuedByName: $0.issuedByName, trigger: $0.trigger,
                        risingClusters: 0)
            },
            canIssue: AnalysisReportRoutes.issuers.contains(actor.role), orgUnitId: m.orgUnitID, listHref: AnalysisReportRoutes.listPage.link())
        return try await PageController().render(req, "analysis-report", title: "舆情分析报告 \(m.number)", actor: actor,
                                                 current: AnalysisReportRoutes.listPage.path, model)
    }
}

import PinganDomain
import ServerCore
import Vapor

/// The routes of monthly analysis reports (舆情分析报告, M9), issued frozen and numbered, with who may call each.
/// Justice roles only: police and governance roles get 404, as if the reports did not exist.
package enum AnalysisReportRoutes {
    /// Who may issue one on demand: the bureau (county and townships) and a township's judicial office (its own).
    package static let issuers: [Role] = MediationRoutes.conveners

    private static func justice(_ scope: AccessPolicy.Scope, _ roles: [Role] = MediationRoutes.justice) -> AccessPolicy {
        AccessPolicy(.roles(Set(roles)), scope: scope, refusal: .notFound)
    }

    package static let listQuery: [QueryParameter] = [.uuid("orgUnit"), MediationRoutes.month]

    package static let list = Endpoint(.GET, "/api/v1/analysis-reports",
                                       summary: "舆情分析报告（每期每版，新在前）/ Monthly analysis reports in scope, every version (M9)",
                                       tag: "analysis-reports", query: QueryParameter.paging + listQuery, response: "AnalysisReportSummary", list: true,
                                       policy: justice(.listInSubtree("analysisReport")))
    package static let issue = Endpoint(.POST, "/api/v1/analysis-reports",
                                        summary: "生成舆情分析报告（已发布的不覆盖，另出新版本）/ Issue a report now; an issued month gets a new version beside the old",
                                        tag: "analysis-reports", body: "IssueAnalysisReport", response: "AnalysisReport", status: 201,
                                        policy: justice(.listInSubtree("analysisReport"), issuers))
    package static let show = Endpoint(.GET, "/api/v1/analysis-reports/{id}", summary: "舆情分析报告（按发布时内容）/ One report as issued",
                                       tag: "analysis-reports", response: "AnalysisReport", policy: justice(.recordInSubtree("analysisReport")))
    package static let listPage = Endpoint.page("/analysis-reports", query: listQuery, policy: justice(.listInSubtree("analysisReport")))
    package static let reportPage = Endpoint.page("/analysis-reports/{id}", policy: justice(.recordInSubtree("analysisReport")))

    package static let all: [Endpoint] = [list, issue, show, listPage, reportPage]

    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { AnalysisReportSchemas.all }

    /// Menu entries for a role: the bureau and the township offices, whose units have reports.
    package static func menu(for role: Role) -> [MenuItem] {
        issuers.contains(role) ? [MenuItem(listPage.link(), "舆情分析")] : []
    }
}

/// Registers the routes of monthly analysis reports (舆情分析报告, M9), issued frozen and numbered.
struct AnalysisReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(AnalysisReportRoutes.list, use: AnalysisReportAPI.list)
        routes.on(AnalysisReportRoutes.issue, use: AnalysisReportAPI.issue)
        routes.on(AnalysisReportRoutes.show, use: AnalysisReportAPI.show)
        routes.on(AnalysisReportRoutes.listPage, use: AnalysisReportPages.list)
        routes.on(AnalysisReportRoutes.reportPage, use: AnalysisReportPages.report)
    }
}

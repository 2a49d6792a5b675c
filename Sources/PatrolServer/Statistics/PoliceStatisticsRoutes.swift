import PinganDomain
import ServerCore
import Vapor

/// The routes of the public-security table of the county report (P12) and the police command
/// dashboard, with who may call each: the dispatchers (command centre, station commanders,
/// the county patrol office, administrators). Justice roles get 404: police data never reaches them.
package enum PoliceStatisticsRoutes {
    private static func policy(_ scope: AccessPolicy.Scope) -> AccessPolicy {
        AccessPolicy(.roles(Set(PatrolRoutes.dispatchers)), scope: scope, refusal: .notFound)
    }
    /// A period and an org subtree (the caller's own when left out; one outside it is 404).
    package static let periodQuery: [QueryParameter] = [.dateTime("from"), .dateTime("to"), .uuid("orgUnit")]

    package static let table = Endpoint(.GET, "/api/v1/police-statistics",
                                        summary: "公安工作统计表（警情、巡逻、盘查、抓获、安保、救助、交通、场所检查；每项附记录清单链接）/ The public-security table of a period and org subtree, each figure with the list behind it",
                                        tag: "police-statistics", query: periodQuery, response: "PublicSecurityTable",
                                        policy: policy(.listInSubtree("incident")))
    package static let export = Endpoint(.GET, "/api/v1/police-statistics/export",
                                         summary: "导出公安工作统计表（CSV 或 Excel）/ The public-security table as CSV or .xlsx",
                                         tag: "police-statistics", query: periodQuery + [ExportFormat.parameter], response: "Export",
                                         policy: policy(.listInSubtree("incident")))
    package static let dashboard = Endpoint(.GET, "/api/v1/police-statistics/dashboard",
                                            summary: "指挥看板：按网格、按时段的到场时间中位数与 P90，警情类型×一周时段，各时段在岗单元 / Command dashboard: response median and P90 by grid and hour, incidents by type × hour of week, units on shift by hour",
                                            tag: "police-statistics", query: periodQuery, response: "CommandDashboard",
                                            policy: policy(.listInSubtree("incident")))
    package static let arrivalEvidence = Endpoint(.GET, "/api/v1/police-statistics/arrival-evidence",
                                                  summary: "可信度提示：到场时间缺少定位佐证的警情（到场前后 5 分钟内，到场单元无距现场 200 米内的定位）/ Integrity warning: arrivals with no GPS evidence (no fix of the arriving unit within 200 m of the scene within 5 minutes of its reported arrival)",
                                                  tag: "police-statistics", query: periodQuery, response: "ArrivalEvidence",
                                                  policy: policy(.listInSubtree("incident")))
    package static let shifts = Endpoint(.GET, "/api/v1/patrol-shifts",
                                         summary: "巡逻班次（出动巡逻警力人次）：期间内签到、单元属于该机构的班次 / Shifts signed on in a period on units of an org subtree",
                                         tag: "police-statistics", query: QueryParameter.paging + periodQuery, response: "Shift", list: true,
                                         policy: policy(.listInSubtree("patrolUnit")))
    /// Days of Beijing time on the pages (`to` included).
    package static let pageQuery: [QueryParameter] = [QueryParameter("from", .string(format: "date")), QueryParameter("to", .string(format: "date")),
                                                      .uuid("orgUnit")]
    /// 公安工作统计: the table as a page.
    package static let tablePage = Endpoint.page("/patrol/statistics", query: pageQuery, policy: policy(.listInSubtree("incident")))
    /// 指挥看板: the dashboard's charts.
    package static let dashboardPage = Endpoint.page("/patrol/command-dashboard", query: pageQuery, policy: policy(.listInSubtree("incident")))

    /// 统计明细: the incidents, shifts or plan activations behind a figure, as a page (from the API's list handlers).
    package static let recordsPage = Endpoint.page("/patrol/statistics/records", query: PoliceRecordsPage.query, policy: policy(.listInSubtree("incident")))

    package static let all: [Endpoint] = [table, export, dashboard, arrivalEvidence, shifts, tablePage, dashboardPage, recordsPage]
    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { OpenAPIDocument.policeStatisticsSchemas }
    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] {
        guard PatrolRoutes.dispatchers.contains(role), role.works(in: .police) else { return [] }
        return [MenuItem(tablePage.link(), "公安工作统计"), MenuItem(dashboardPage.link(), "指挥看板")]
    }
}

/// Registers the routes of the public-security table of the county report (P12) and the police command dashboard.
struct PoliceStatisticsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(PoliceStatisticsRoutes.table, use: table)
        routes.on(PoliceStatisticsRoutes.export, use: export)
        routes.on(PoliceStatisticsRoutes.dashboard, use: dashboard)
        routes.on(PoliceStatisticsRoutes.arrivalEvidence) { req in try await ArrivalEvidenceCheck.compute(try await PoliceScope(req)) }
        routes.on(PoliceStatisticsRoutes.shifts, use: shifts)
        routes.on(PoliceStatisticsRoutes.tablePage, use: PoliceStatisticsPages.table)
        routes.on(PoliceStatisticsRoutes.dashboardPage, use: PoliceStatisticsPages.dashboard)
        routes.on(PoliceStatisticsRoutes.recordsPage, use: PoliceRecordsPage.page)
    }

    func table(req: Request) async throws -> PublicSecurityTableDTO {
        try await PublicSecurityTable.compute(try await PoliceScope(req))
    }

    func export(req: Request) async throws -> Response {
        let scope = try await PoliceScope(req)
        let t = try await PublicSecurityTable.compute(scope)
        return try PublicSecurityTable.exportTable(t).response(req, filename: "公安工作统计-" + scope.fileSuffix)
    }

    func dashboard(req: Request) async throws -> CommandDashboardDTO {
        try await CommandDashboardFigures.compute(try await PoliceScope(req))
    }

    func shifts(req: Request) async throws -> ListPage<ShiftDTO> {
        try await PublicSecurityTable.shifts(try await PoliceScope(req)).sort(\.$signedOnAt, .descending).sort(\.$id)
            .pagedRows(try PageRequest(req)) { $0.map(ShiftDTO.init) }
    }
}

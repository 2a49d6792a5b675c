import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// The routes of the mediation table of the county report (M13), settled in tiers and integrity warnings, with who may call each.
/// Justice roles only; anyone else gets 404, as if the routes did not exist (police data and
/// justice data stay apart).
package enum CountyStatisticsRoutes {
    static let policy = AccessPolicy(.roles(Set(MediationRoutes.justice)), scope: .listInSubtree("dispute"), refusal: .notFound)
    static let figure = QueryParameter.oneOf("figure", CountyFigure.allCases.map(\.rawValue))

    package static let table = Endpoint(.GET, "/api/v1/statistics/county",
                                        summary: "调解统计表（由记录计算，含成功分层）/ The mediation table (M13) with settled in tiers",
                                        tag: "statistics", query: MediationRoutes.commandQuery, response: "CountyTable", policy: policy)
    package static let export = Endpoint(.GET, "/api/v1/statistics/county/export",
                                         summary: "导出调解统计表（CSV 或 xlsx）/ Export the mediation table",
                                         tag: "statistics", query: MediationRoutes.commandQuery + [ExportFormat.parameter], response: "Export",
                                         policy: policy)
    package static let records = Endpoint(.GET, "/api/v1/statistics/records",
                                          summary: "统计数字背后的纠纷 / The disputes behind one figure of the table",
                                          tag: "statistics", query: QueryParameter.paging + MediationRoutes.commandQuery + [figure],
                                          response: "DisputeListItem", list: true, policy: policy)
    package static let warnings = Endpoint(.GET, "/api/v1/statistics/warnings",
                                           summary: "统计数据的可信度提示 / Integrity warnings of the figures",
                                           tag: "statistics", query: MediationRoutes.commandQuery, response: "IntegrityWarnings", policy: policy)
    package static let recordsPage = Endpoint.page("/statistics/records", query: QueryParameter.paging + MediationRoutes.commandQuery + [figure],
                                                   policy: policy)

    package static let all: [Endpoint] = [table, export, records, warnings, recordsPage]

    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] {
        typealias D = OpenAPIDocument
        let int: [String: Any] = ["type": "integer"], num: [String: Any] = ["type": "number"], str: [String: Any] = ["type": "string"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"], date: [String: Any] = ["type": "string", "format": "date-time"]
        let row = D.object(["key", "label", "value"], ["key": D.enumOf(CountyFigure.allCases.map(\.rawValue)), "label": str, "value": int])
        let tier = D.object(["tier", "label", "count", "rate"], ["tier": D.enumOf(SettledTier.allCases.map(\.rawValue)), "label": str,
                                                                 "count": int, "rate": num])
        let warning = D.object(["kind", "label", "detail", "units", "disputes"], [
            "kind": D.enumOf(IntegrityWarningKind.allCases.map(\.rawValue)), "label": str, "detail": str,
            "units": ["type": "array", "items": D.object(["id", "name"], ["id": uuid, "name": str])],
            "disputes": ["type": "array", "items": D.object(["id", "summary"], ["id": uuid, "summary": str, "caseNumber": D.nullable(str)])],
        ])
        return [
            "CountyTable": D.object(["orgUnitId", "orgUnitName", "rows", "successRate", "tiers"], [
                "orgUnitId": uuid, "orgUnitName": str, "from": D.nullable(date), "to": D.nullable(date),
                "rows": ["type": "array", "items": row], "successRate": num,
                "tiers": D.object(["received", "rows"], ["received": int, "rows": ["type": "array", "items": tier]]),
            ]),
            "IntegrityWarnings": D.object(["items", "thresholds"], [
                "items": ["type": "array", "items": warning],
                "thresholds": D.object(["successRate", "minimumReceived", "sameDayShare", "textDistance"],
                                       ["successRate": num, "minimumReceived": int, "sameDayShare": num, "textDistance": int]),
            ]),
        ]
    }

    /// Menu entries for a role: none, the statistics page (already in the menu) links here.
    package static func menu(for role: Role) -> [MenuItem] { [] }
}

/// Registers the routes of the mediation table of the county report (M13), settled in tiers and integrity warnings.
struct CountyStatisticsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(CountyStatisticsRoutes.table, use: Self.table)
        routes.on(CountyStatisticsRoutes.export, use: Self.export)
        routes.on(CountyStatisticsRoutes.records, use: Self.records)
        routes.on(CountyStatisticsRoutes.warnings, use: Self.warnings)
        routes.on(CountyStatisticsRoutes.recordsPage, use: CountyRecordsPage.page)
    }

    static func table(req: Request) async throws -> CountyTableDTO {
        try await CountyTableDTO.compute(try await CountyScope(req), req: req)
    }

    static func export(req: Request) async throws -> Response {
        let t = try await CountyTableDTO.compute(try await CountyScope(req), req: req)
        return try t.export.response(req, filename: "调解统计-\(t.orgUnitName)")
    }

    /// The disputes behind one figure, newest first: `total` is the figure.
    static func records(req: Request) async throws -> ListPage<DisputeListItem> {
        let scope = try await CountyScope(req)
        let figure = try Self.figure(req)
        let page = try PageRequest(req)
        let total = try await figure.filter(scope.disputes(on: req.db)).count()
        let rows = try await DisputeModel.listRows(figure.filter(scope.disputes(on: req.db)).sort(\.$registeredAt, .descending).sort(\.$id)
            .range(page.offset..<(page.offset + page.limit)))
        return ListPage(items: rows.map { DisputeListItem($0, now: req.now) }, total: total, limit: page.limit, offset: page.offset)
    }

    static func figure(_ req: Request) throws -> CountyFigure {
        guard let raw = req.query[String.self, at: "figure"], !raw.isEmpty else { return .received }
        guard let f = CountyFigure(rawValue: raw) else {
            throw APIError.badRequest("figure 不是统计表中的项目 / unknown figure", code: "invalid_query")
        }
        return f
    }

    struct WarningsDTO: Content {
        var items: [IntegrityWarningDTO]
        var thresholds: IntegrityThresholds
    }

    static func warnings(req: Request) async throws -> WarningsDTO {
        let t = req.application.settings.integrityThresholds
        return WarningsDTO(items: try await IntegrityChecks(db: req.db, thresholds: t, now: req.now).warnings(try await CountyScope(req)), thresholds: t)
    }
}

import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// `/statistics/records?figure=&orgUnit=&from=&to=`: the disputes behind one figure of the table,
/// from the same query as `GET /api/v1/statistics/records` (the shown total is the figure).
enum CountyRecordsPage {
    struct Model: Encodable {
        var figureLabel: String
        var orgUnitName: String
        var total: Int
        var items: [DisputeListItem]
        var offset: Int
        var nextLink: String?
        var previousLink: String?
        var backLink: String
    }

    static func page(req: Request) async throws -> Response {
        guard let actor = req.auth.get(Caller.self) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        let list = try await CountyStatisticsController.records(req: req)
        let scope = try await CountyScope(req)
        let figure = try CountyStatisticsController.figure(req)
        func link(offset: Int) -> String {
            var q = URLComponents()
            q.queryItems = ["figure": figure.rawValue, "orgUnit": req.query[String.self, at: "orgUnit"], "from": req.query[String.self, at: "from"],
                            "to": req.query[String.self, at: "to"], "offset": offset > 0 ? String(offset) : nil]
                .sorted { $0.key < $1.key }.compactMap { k, v in v.flatMap { $0.isEmpty ? nil : URLQueryItem(name: k, value: $0) } }
            return CountyStatisticsRoutes.recordsPage.link(query: q.percentEncodedQuery)
        }
        var back = URLComponents()
        back.queryItems = CountyScope.keptQuery(req)
        let model = Model(figureLabel: figure.label, orgUnitName: scope.unit.name, total: list.total, items: list.items, offset: list.offset,
                          nextLink: list.offset + list.limit < list.total ? link(offset: list.offset + list.limit) : nil,
                          previousLink: list.offset > 0 ? link(offset: max(0, list.offset - list.limit)) : nil,
                          backLink: MediationRoutes.statisticsPage.link(query: back.percentEncodedQuery))
        return try await PageController().render(req, "statistics-records", title: "统计明细", actor: actor, current: "/statistics", model)
    }
}

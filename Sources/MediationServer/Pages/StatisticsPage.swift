import MediationDomain
import ServerCore
import Foundation
import PinganDomain
import Vapor

/// `/statistics`: the M13 figures of the caller's scope (or a unit in it) for a period, with bar
/// charts by level and by category. The figures come from `StatisticsController.statistics`, the
/// same computation as the API.
package struct StatisticsPage: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.statisticsPage, use: page)
    }

    package struct Model: Encodable {
        package var stats: StatisticsDTO
        package var from: String
        package var to: String
        package var settledRate: String
        package var keptInVillageRate: String
        package var keptInTownshipRate: String
        /// The figures again as JSON, for the charts.
        package var chartJSON: String
    }

    package func page(req: Request) async throws -> Response {
        guard let actor = req.auth.get(Caller.self) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        guard actor.role.works(in: .justice) else { throw APIError.forbidden }
        let stats = try await StatisticsController.statistics(req, actor: actor)
        func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        let chart = try JSONEncoder().encode(["levels": stats.levels, "categories": stats.byCategory])
        let model = Model(stats: stats, from: req.query[String.self, at: "from"] ?? "", to: req.query[String.self, at: "to"] ?? "",
                          settledRate: percent(stats.settledRate), keptInVillageRate: percent(stats.keptInVillageRate),
                          keptInTownshipRate: percent(stats.keptInTownshipRate), chartJSON: String(decoding: chart, as: UTF8.self))
        return try await PageController().render(req, "statistics", title: "调解统计", actor: actor, current: "/statistics", model)
    }

    package init() {
    }
}

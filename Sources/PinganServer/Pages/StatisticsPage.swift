import Foundation
import PinganDomain
import Vapor

/// `/statistics`: the M13 figures of the caller's scope (or a unit in it) for a period, with bar
/// charts by level and by category. The figures come from `StatisticsController.statistics`, the
/// same computation as the API.
struct StatisticsPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("statistics", use: page)
    }

    struct Model: Encodable {
        var stats: StatisticsDTO
        var from: String
        var to: String
        var settledRate: String
        var keptInVillageRate: String
        var keptInTownshipRate: String
        /// The figures again as JSON, for the charts.
        var chartJSON: String
    }

    func page(req: Request) async throws -> Response {
        guard let actor = req.auth.get(Actor.self) else { return req.redirect(to: "/login") }
        guard DisputeController.justiceRoles.contains(actor.role) else { throw APIError.forbidden }
        let stats = try await StatisticsController.statistics(req, actor: actor)
        func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        let chart = try JSONEncoder().encode(["levels": stats.levels, "categories": stats.byCategory])
        let model = Model(stats: stats, from: req.query[String.self, at: "from"] ?? "", to: req.query[String.self, at: "to"] ?? "",
                          settledRate: percent(stats.settledRate), keptInVillageRate: percent(stats.keptInVillageRate),
                          keptInTownshipRate: percent(stats.keptInTownshipRate), chartJSON: String(decoding: chart, as: UTF8.self))
        return try await PageController().render(req, "statistics", title: "调解统计", actor: actor, current: "/statistics", model)
    }
}

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
        /// The seed's table (M13), each figure with the link to its records.
        package var county: [CountyRow]
        package var successRate: String
        package var tiers: [TierRow]
        package var warnings: [IntegrityWarningDTO]
        package var exportLink = ""
        /// The map's areas and their figures as JSON (`AreaFigures`); the map container carries it.
        package var areasJSON = ""
        package var hasAreas = false
    }

    package struct CountyRow: Encodable {
        package var key: String
        package var label: String
        package var value: Int
        package var link: String
    }

    package struct TierRow: Encodable {
        package var label: String
        package var count: Int
        package var rate: String
    }

    package func page(req: Request) async throws -> Response {
        guard let actor = req.auth.get(Caller.self) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        guard actor.role.works(in: .justice) else { throw APIError.forbidden }
        let stats = try await StatisticsController.statistics(req, actor: actor)
        let scope = try await CountyScope(req)
        let table = try await CountyTableDTO.compute(scope, req: req)
        let warnings = try await IntegrityChecks(db: req.db, thresholds: req.application.settings.integrityThresholds, now: req.now).warnings(scope)
        func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        struct Chart: Encodable {
            var levels: [StatisticsDTO.Row]
            var categories: [StatisticsDTO.Row]
            var tiers: [SettledTiers.Row]
        }
        let chart = try JSONEncoder().encode(Chart(levels: stats.levels, categories: stats.byCategory, tiers: table.tiers.rows))
        // The figures' links keep the page's unit and period, so a list's total is the figure shown.
        let kept = CountyScope.keptQuery(req)
        func link(_ key: String) -> String {
            var q = URLComponents()
            q.queryItems = [URLQueryItem(name: "figure", value: key)] + kept
            return CountyStatisticsRoutes.recordsPage.link(query: q.percentEncodedQuery)
        }
        var model = Model(stats: stats, from: req.query[String.self, at: "from"] ?? "", to: req.query[String.self, at: "to"] ?? "",
                          settledRate: percent(stats.settledRate), keptInVillageRate: percent(stats.keptInVillageRate),
                          keptInTownshipRate: percent(stats.keptInTownshipRate), chartJSON: String(decoding: chart, as: UTF8.self),
                          county: table.rows.map { CountyRow(key: $0.key, label: $0.label, value: $0.value, link: link($0.key)) },
                          successRate: percent(table.successRate),
                          tiers: table.tiers.rows.map { TierRow(label: $0.label, count: $0.count, rate: percent($0.rate)) },
                          warnings: warnings)
        // The map: each area's 受理纠纷, linked to its records for the same period.
        let period = kept.filter { $0.name != "orgUnit" }
        let areas = try await AreaFigures.compute(scope, on: req.db) { id in
            var q = URLComponents()
            q.queryItems = [URLQueryItem(name: "figure", value: CountyFigure.received.rawValue), URLQueryItem(name: "orgUnit", value: id.uuidString)] + period
            return CountyStatisticsRoutes.recordsPage.link(query: q.percentEncodedQuery)
        }
        model.areasJSON = String(decoding: try JSONEncoder().encode(areas), as: UTF8.self)
        model.hasAreas = !areas.areas.isEmpty
        var export = URLComponents()
        export.queryItems = kept + [URLQueryItem(name: "format", value: "xlsx")]
        model.exportLink = CountyStatisticsRoutes.export.link(query: export.percentEncodedQuery)
        return try await PageController().render(req, "statistics", title: "调解统计", actor: actor, current: "/statistics", model)
    }

    package init() {
    }
}

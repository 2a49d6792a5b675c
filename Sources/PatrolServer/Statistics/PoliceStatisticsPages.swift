import Fluent
import Foundation
import PinganDomain
import ServerCore
import Vapor

/// The pages of the police statistics: 公安工作统计 (the table, each figure a link to the records
/// behind it) and 指挥看板 (the dashboard's charts). Both compute with the API's functions over the
/// same scope, the period read as Beijing days; the charts' figures are embedded as JSON.
enum PoliceStatisticsPages {
    struct Option: Encodable { var value: String; var label: String; var selected: Bool }
    struct Row: Encodable { var key: String; var label: String; var count: Int; var unit: String; var sub: Bool; var href: String; var definition: String }
    struct TableModel: Encodable {
        var orgName: String, from: String, to: String, orgs: [Option], rows: [Row]
        var csvLink: String, xlsxLink: String, dashboardLink: String, chartJSON: String
    }
    struct DashboardModel: Encodable {
        var orgName: String, from: String, to: String, orgs: [Option], incidents: Int, apiLink: String, evidenceLink: String, tableLink: String, chartJSON: String
    }

    static func table(req: Request) async throws -> Response {
        let scope = try await PoliceScope(req, days: true)
        let t = try await PublicSecurityTable.compute(scope)
        let rows = t.rows.map { Row(key: $0.key, label: $0.label, count: $0.count, unit: $0.unit, sub: $0.level > 0, href: $0.pageHref,
                                    definition: $0.definition) }
        let byType = t.rows.filter { $0.level > 0 }.map { ["label": $0.label, "count": String($0.count)] }
        let model = TableModel(orgName: scope.org.name, from: scope.fromDay.description, to: scope.toDay.description, orgs: try await orgs(scope),
                               rows: rows, csvLink: PoliceStatisticsRoutes.export.link() + "?" + apiQuery(scope, ["format": "csv"]),
                               xlsxLink: PoliceStatisticsRoutes.export.link() + "?" + apiQuery(scope, ["format": "xlsx"]),
                               dashboardLink: PoliceStatisticsRoutes.dashboardPage.link() + "?" + dayQuery(scope),
                               chartJSON: String(decoding: try JSONEncoder().encode(byType), as: UTF8.self))
        return try await PageController().render(req, "patrol/statistics", title: "公安工作统计", actor: scope.caller,
                                                 current: PoliceStatisticsRoutes.tablePage.path, model)
    }

    static func dashboard(req: Request) async throws -> Response {
        let scope = try await PoliceScope(req, days: true)
        let d = try await CommandDashboardFigures.compute(scope)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let model = DashboardModel(orgName: scope.org.name, from: scope.fromDay.description, to: scope.toDay.description, orgs: try await orgs(scope),
                                   incidents: d.incidents, apiLink: PoliceStatisticsRoutes.dashboard.link() + "?" + apiQuery(scope, [:]),
                                   evidenceLink: PoliceStatisticsRoutes.arrivalEvidence.link() + "?" + apiQuery(scope, [:]),
                                   tableLink: PoliceStatisticsRoutes.tablePage.link() + "?" + dayQuery(scope),
                                   chartJSON: String(decoding: try encoder.encode(d), as: UTF8.self))
        return try await PageController().render(req, "patrol/command-dashboard", title: "指挥看板", actor: scope.caller,
                                                 current: PoliceStatisticsRoutes.dashboardPage.path, model)
    }

    /// The caller's scope unit and the police stations and command centre within it.
    static func orgs(_ s: PoliceScope) async throws -> [Option] {
        let kinds = [OrgUnitKind.policeStation.rawValue, OrgUnitKind.commandCenter.rawValue]
        let units = try await OrgUnitModel.query(on: s.db).filter(\.$path =~ s.caller.scopePath).filter(\.$kind ~~ kinds).sort(\.$code).all()
        let top = try await OrgUnitModel.find(s.caller.scopeUnitID, on: s.db)
        return ([top].compactMap { $0 } + units.filter { $0.id != s.caller.scopeUnitID }).map {
            Option(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id == s.org.id)
        }
    }

    static func apiQuery(_ s: PoliceScope, _ extra: [String: String]) -> String {
        query([("from", s.fromText), ("to", s.toText), ("orgUnit", s.org.id?.uuidString ?? "")] + extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    static func dayQuery(_ s: PoliceScope) -> String {
        query([("from", s.fromDay.description), ("to", s.toDay.description), ("orgUnit", s.org.id?.uuidString ?? "")])
    }

    /// A query string of `items`, `+` escaped (in an offset such as +08:00 it would read as a space).
    static func query(_ items: [(String, String)]) -> String {
        var c = URLComponents()
        c.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        return (c.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }
}

import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// 统计明细: the records behind a figure of the public-security table that no desk page lists yet
/// (incidents, shifts, plan activations), as a page. It answers from the very list handler the
/// API uses, with the request's own filters, so its total is the list's total and the figure.
enum PoliceRecordsPage {
    enum Source: String, CaseIterable { case incidents, shifts, activations }

    /// Its query: the source and the union of the three lists' filters the table's links use.
    static let query: [QueryParameter] = QueryParameter.paging + [
        .oneOf("source", Source.allCases.map(\.rawValue)), .dateTime("from"), .dateTime("to"), .uuid("orgUnit"),
        .anyOf("status", IncidentStatus.allCases.map(\.rawValue)), .anyOf("type", IncidentType.allCases.map(\.rawValue)),
        .anyOf("kind", PlanKind.allCases.map(\.rawValue)),
    ]

    struct Model: Encodable {
        var title: String, total: Int, shownFrom: Int, shownTo: Int, headers: [String], rows: [[String]], previous: String, next: String, tableLink: String
    }

    static func page(req: Request) async throws -> Response {
        let caller = try req.caller()
        // Without a source: the incidents (the table's first row), as the menu-less address opens.
        let source = try Check.choice(req, "source", Source.self) ?? .incidents
        let page = try PageRequest(req)
        let title: String, headers: [String], rows: [[String]], total: Int
        switch source {
        case .incidents:
            let list = try await IncidentController().list(req: req)
            (title, total) = ("警情清单", list.total)
            headers = ["警情编号", "类型", "状态", "接警时间", "首次派警", "首个到场", "网格", "地点"]
            rows = list.items.map { [$0.number, $0.typeLabel, $0.statusLabel, PageFormat.dateTime($0.reportedAt), PageFormat.dateTime($0.firstDispatchedAt),
                                     PageFormat.dateTime($0.firstOnSceneAt), $0.gridName ?? "", $0.place.label] }
        case .shifts:
            let list = try await PoliceStatisticsController().shifts(req: req)
            (title, total) = ("巡逻班次清单", list.total)
            let signs = try await IncidentController.callSigns(Set(list.items.map(\.unitId)), on: req.db)
            let officers = Dictionary(uniqueKeysWithValues: try await UserModel.query(on: req.db).filter(\.$id ~~ list.items.map(\.officerId)).all()
                .compactMap { u in u.id.map { ($0, u.displayName) } })
            headers = ["单元", "民警", "签到", "签退"]
            rows = list.items.map { [signs[$0.unitId] ?? "", officers[$0.officerId] ?? "", PageFormat.dateTime($0.signedOnAt), PageFormat.dateTime($0.signedOffAt)] }
        case .activations:
            let list = try await PlanAPI.activations(req: req)
            (title, total) = ("预案启动清单", list.total)
            headers = ["预案", "类别", "启动", "解除"]
            rows = list.items.map { [$0.planName, $0.kindLabel, PageFormat.dateTime($0.startedAt), PageFormat.dateTime($0.endedAt)] }
        }
        func link(offset: Int) -> String {
            let kept = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name != "offset" }
            return PoliceStatisticsRoutes.recordsPage.path + "?" + PoliceStatisticsPages.query(kept.map { ($0.name, $0.value ?? "") } + [("offset", String(offset))])
        }
        let model = Model(title: title, total: total, shownFrom: total == 0 ? 0 : page.offset + 1, shownTo: page.offset + rows.count,
                          headers: headers, rows: rows,
                          previous: page.offset > 0 ? link(offset: max(0, page.offset - page.limit)) : "",
                          next: page.offset + rows.count < total ? link(offset: page.offset + page.limit) : "",
                          tableLink: PoliceStatisticsRoutes.tablePage.path + "?" + PoliceStatisticsPages.query([("orgUnit", req.query[String.self, at: "orgUnit"] ?? "")]))
        return try await PageController().render(req, "patrol/statistics-records", title: title, actor: caller,
                                                 current: PoliceStatisticsRoutes.tablePage.path, model)
    }
}

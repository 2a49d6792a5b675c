import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// A report as the API gives it: its number, version and who issued it, and (for one report) its
/// content exactly as stored when issued.
package struct AnalysisReportDTO: Content {
    package var id: UUID
    package var orgUnitId: UUID
    package var orgUnitName: String
    package var month: String
    package var number: String
    package var year: Int
    package var serial: Int
    package var version: Int
    package var trigger: String
    package var issuedAt: Date
    package var issuedByName: String
    package var risingClusters: Int
    package var content: AnalysisReportContent?

    package init(_ m: AnalysisReportModel, withContent: Bool) throws {
        let c = try AnalysisReportStore.content(m)
        id = try m.requireID(); orgUnitId = m.orgUnitID; orgUnitName = m.orgUnitName; month = m.month; number = m.number
        year = m.year; serial = m.serial; version = m.version; trigger = m.trigger; issuedAt = m.issuedAt; issuedByName = m.issuedByName
        risingClusters = c.risingClusters.count
        content = withContent ? c : nil
    }
}

/// `/api/v1/analysis-reports`: list, issue on demand, read one. A report of a unit outside the
/// caller's subtree is 404 like an unknown id.
package enum AnalysisReportAPI {
    package struct IssueRequest: Content {
        package var orgUnitId: UUID?
        package var month: String
    }

    /// The reports in scope, every version, newest month first, then highest version.
    package static func rows(_ req: Request, actor: Caller) async throws -> [AnalysisReportModel] {
        try await query(req, actor: actor).all()
    }

    private static func query(_ req: Request, actor: Caller) async throws -> QueryBuilder<AnalysisReportModel> {
        let q = AnalysisReportModel.query(on: req.db).filter(\.$orgUnitPath =~ actor.scopePath)
        if let unit = try Check.uuid(req, "orgUnit") { q.filter(\.$orgUnitID == unit) }
        if let m = try ScreeningReportController.monthQuery(req) { q.filter(\.$month == m.description) }
        return q.sort(\.$month, .descending).sort(\.$orgUnitPath).sort(\.$version, .descending).sort(\.$id)
    }

    @Sendable static func list(req: Request) async throws -> ListPage<AnalysisReportDTO> {
        let actor = try DisputeController.caller(req)
        let page = try PageRequest(req)
        return try await query(req, actor: actor).pagedRows(page) { try $0.map { try AnalysisReportDTO($0, withContent: false) } }
    }

    @Sendable static func show(req: Request) async throws -> AnalysisReportDTO {
        try AnalysisReportDTO(try await find(req), withContent: true)
    }

    /// The `{id}` report when it lies in the caller's subtree.
    package static func find(_ req: Request) async throws -> AnalysisReportModel {
        let actor = try DisputeController.caller(req)
        guard let id = req.parameters.get("id", as: UUID.self), let m = try await AnalysisReportModel.find(id, on: req.db),
              actor.canSee(path: m.orgUnitPath) else { throw APIError.notFound("报告") }
        return m
    }

    @Sendable static func issue(req: Request) async throws -> Response {
        let actor = try DisputeController.caller(req)
        let body = try req.content.decode(IssueRequest.self)
        guard let month = ScreeningReportController.strictMonth(body.month) else {
            throw APIError.validation("month 须为 YYYY-MM / month must be YYYY-MM")
        }
        guard month <= YearMonth(req.application.clock.now(), in: PinganCalendar.shanghai) else {
            throw APIError.validation("\(month) 尚未开始 / month \(month) has not begun")
        }
        guard let unit = try await OrgUnitStore(db: req.db).find(body.orgUnitId ?? actor.scopeUnitID, scopePath: actor.scopePath) else {
            throw APIError.notFound("单位")
        }
        guard let kind = unit.unitKind, AnalysisReportStore.reportedKinds.contains(kind) else {
            throw APIError.validation("只为县和乡镇生成舆情分析报告 / reports are made for the county and its townships")
        }
        let m = try await AnalysisReportStore(db: req.db, rule: req.application.settings.risingClusterRule)
            .issue(unit: unit, month: month, trigger: .onDemand, by: actor, at: req.application.clock.now())
        let res = try await AnalysisReportDTO(m, withContent: true).encodeResponse(status: .created, for: req)
        return res
    }
}

/// The schemas of the report's operations for the API document.
enum AnalysisReportSchemas {
    static var all: [String: Any] {
        typealias D = OpenAPIDocument
        let number: [String: Any] = ["type": "number"]
        func array(_ s: [String: Any]) -> [String: Any] { ["type": "array", "items": s] }
        let trend = D.object(["key", "label", "count", "previous", "mean", "change"],
                             ["key": D.str, "label": D.str, "count": D.int, "previous": array(D.int), "mean": number, "change": number])
        let cluster = D.object(["category", "categoryLabel", "townshipName", "count", "previous", "baseline", "pValue", "rising"],
                               ["category": D.str, "categoryLabel": D.str, "townshipId": D.uuid, "townshipName": D.str, "count": D.int,
                                "previous": array(D.int), "baseline": number, "pValue": number, "rising": D.bool])
        let item = D.object(["disputeId", "summary", "risk", "stage", "registeredAt"],
                            ["disputeId": D.uuid, "summary": D.str, "category": D.str, "risk": D.str, "riskLabel": D.str, "stage": D.str,
                             "stageLabel": D.str, "registeredAt": D.date, "townshipName": D.str])
        let changes = D.object(["new", "settled", "escalated", "riskRaised"], ["new": D.int, "settled": D.int, "escalated": D.int, "riskRaised": D.int])
        let rule = D.object(["alpha", "minimumCount", "baselineFloor"], ["alpha": number, "minimumCount": D.int, "baselineFloor": number])
        let content = D.object(["orgUnitName", "month", "previousMonths", "total", "byCategory", "byTownship", "clusterRule", "clusterTest",
                                "clusters", "topRisks", "thisMonth", "lastMonth"],
                               ["orgUnitName": D.str, "month": D.str, "previousMonths": array(D.str), "total": trend, "byCategory": array(trend),
                                "byTownship": array(trend), "clusterRule": rule, "clusterTest": D.str, "clusters": array(cluster),
                                "topRisks": array(item), "thisMonth": changes, "lastMonth": changes, "escalatedDisputes": array(item),
                                "riskRaisedDisputes": array(item)])
        let summary: [String: Any] = ["id": D.uuid, "orgUnitId": D.uuid, "orgUnitName": D.str, "month": D.month, "number": D.str, "year": D.int,
                                      "serial": D.int, "version": D.int, "trigger": ["type": "string", "enum": ["scheduled", "on_demand"]],
                                      "issuedAt": D.date, "issuedByName": D.str, "risingClusters": D.int]
        let required = ["id", "orgUnitId", "month", "number", "serial", "version", "issuedAt"]
        return [
            "IssueAnalysisReport": D.object(["month"], ["orgUnitId": D.uuid, "month": D.month]),
            "AnalysisReportSummary": D.object(required, summary),
            "AnalysisReport": D.object(required + ["content"], summary.merging(["content": content]) { a, _ in a }),
        ]
    }
}

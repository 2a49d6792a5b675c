import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `/screening` (M9 monthly screening, 月度排查): a village mediator reports the month's findings
/// from a phone, or a nil report (零报告) when nothing was found; a township or the county sees which
/// villages have not reported and what came in. No ranking by the number of entries.
package struct ScreeningPageModel: Encodable {
    package struct Row: Encodable { var villageName, month, label, note, submittedText: String; var nilReport: Bool }
    package struct Village: Encodable { var code, name: String }

    /// The user reports for a village (a village mediator): the form is shown.
    package var canReport: Bool
    package var villageName: String
    package var months: [Choice]
    /// The month looked at (default: the month now due, the previous one).
    package var month: String
    package var monthChoices: [Choice]
    package var reports: [Row]
    package var reportsTotal: Int
    /// For townships and the county: villages with no report for `month`.
    package var showsMissing: Bool
    package var villageCount = 0
    package var reportedCount = 0
    package var missing: [Village] = []
    package var missingTotal = 0

    package static func build(_ req: Request, actor: Caller) async throws -> ScreeningPageModel {
        let calendar = PinganCalendar.shanghai
        let due = ScreeningCompliance.dueMonth(at: req.now, calendar: calendar)
        let current = YearMonth(req.now, in: calendar)
        let looked = try ScreeningReportController.monthQuery(req) ?? due
        let scopeUnit = try await OrgUnitModel.find(actor.scopeUnitID, on: req.db)
        let isVillage = actor.role == .mediator && scopeUnit.map { ScreeningReportController.reportingKinds.contains($0.kind) } == true
        let controller = ScreeningReportController()
        // A village sees its own reports of every month; a township or the county the month looked at.
        let q = ScreeningReportModel.query(on: req.db).filter(\.$villagePath =~ actor.scopePath)
        if !isVillage { q.filter(\.$month == looked.description) }
        let total = try await q.copy().count()
        let found = try await q.sort(\.$month, .descending).sort(\.$villagePath).limit(200).all()
        let rows = try await controller.items(found, db: req.db).map {
            Row(villageName: $0.villageName, month: $0.month, label: $0.label, note: $0.note ?? "",
                submittedText: PageFormat.dateTime($0.correctedAt ?? $0.submittedAt), nilReport: $0.nilReport)
        }
        // A village reports this month or the three before (late reports are still wanted).
        let reportable = (0...3).map { current.adding(months: -$0) }
        var model = ScreeningPageModel(
            canReport: isVillage, villageName: scopeUnit?.name ?? "",
            months: reportable.map { Choice(code: $0.description, label: Self.label($0), selected: $0 == due) },
            month: looked.description,
            monthChoices: (0..<12).map { current.adding(months: -$0) }.map { Choice(code: $0.description, label: Self.label($0), selected: $0 == looked) },
            reports: rows, reportsTotal: total, showsMissing: !isVillage)
        if !isVillage {
            let missing = try await controller.missing(req: req)
            model.villageCount = missing.villageCount
            model.reportedCount = missing.reportedCount
            model.missing = missing.items.map { Village(code: $0.code, name: $0.name) }
            model.missingTotal = missing.total
        }
        return model
    }

    package static func label(_ m: YearMonth) -> String { "\(m.year) 年 \(m.month) 月" }
}

import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore

/// Issues monthly analysis reports and reads them back. Issuing computes the content once and
/// stores it; nothing ever updates a stored report. A month already issued gets the next version
/// under the same serial (第N期); a new month gets the unit's next serial of its year.
package struct AnalysisReportStore {
    package let db: Database
    package var rule: RisingClusterRule = .standard

    package enum Trigger: String, Sendable { case scheduled, onDemand = "on_demand" }

    /// Units a report is made for: the county and its townships.
    package static let reportedKinds: [OrgUnitKind] = [.county, .township]

    @discardableResult
    package func issue(unit: OrgUnitModel, month: YearMonth, trigger: Trigger, by caller: Caller?, at now: Date) async throws -> AnalysisReportModel {
        let content = try await AnalysisReportCompiler(db: db, rule: rule).compile(unit: unit, month: month)
        let json = String(decoding: try Self.encoder.encode(content), as: UTF8.self)
        let unitID = try unit.requireID()
        // Two issues at once may pick the same version; the loser's insert breaks the unique key and tries the next.
        for attempt in 0..<3 {
            let versions = try await AnalysisReportModel.query(on: db).filter(\.$orgUnitID == unitID).filter(\.$month == month.description)
                .sort(\.$version, .descending).first()
            let serial: Int
            if let versions { serial = versions.serial } else {
                let last = try await AnalysisReportModel.query(on: db).filter(\.$orgUnitID == unitID).filter(\.$year == month.year)
                    .sort(\.$serial, .descending).first()
                serial = (last?.serial ?? 0) + 1
            }
            let m = AnalysisReportModel()
            m.id = UUID(); m.orgUnitID = unitID; m.orgUnitPath = unit.path; m.orgUnitName = unit.name
            m.month = month.description; m.year = month.year; m.serial = serial; m.version = (versions?.version ?? 0) + 1
            m.trigger = trigger.rawValue; m.issuedAt = now; m.issuedBy = caller?.userID; m.issuedByName = caller?.displayName ?? "系统（每月自动生成）"
            m.content = json
            do {
                try await db.transaction { db in
                    try await m.create(on: db)
                    try await AuditLog.record(on: db, at: now, actor: caller, actorName: caller?.username ?? "system", action: "issued",
                                              entityType: "analysisReport", entityID: m.id!, before: Nothing?.none,
                                              after: ["unit": unit.name, "month": m.month, "number": m.number, "version": "\(m.version)"])
                }
                return m
            } catch where (error as? any DatabaseError)?.isConstraintFailure == true && attempt < 2 {
                continue
            }
        }
        throw APIError.conflict("报告正在生成，请稍后再试 / the report is being issued, try again", code: "version_conflict")
    }

    package static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    package static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    package static func content(_ m: AnalysisReportModel) throws -> AnalysisReportContent {
        try decoder.decode(AnalysisReportContent.self, from: Data(m.content.utf8))
    }
}

/// The monthly run: on (or after) the 1st, the previous month's report of the county and of each
/// township, issued once. A month already issued (by the job or on demand) is left alone, so a run
/// repeated the same day, or a server that was down on the 1st and runs later, issues each unit's
/// previous month exactly once. Only the month just ended is caught up, never older ones.
package struct MonthlyAnalysisReports {
    package let db: Database
    package var rule: RisingClusterRule = .standard

    /// Issues what is due at `now`; returns the reports issued.
    @discardableResult
    package func issueDue(at now: Date) async throws -> [AnalysisReportModel] {
        let month = YearMonth(now, in: PinganCalendar.shanghai).previous
        let units = try await OrgUnitModel.query(on: db).filter(\.$kind ~~ AnalysisReportStore.reportedKinds.map(\.rawValue)).sort(\.$path).all()
        let done = Set(try await AnalysisReportModel.query(on: db).filter(\.$month == month.description).field(\.$orgUnitID).all().map(\.orgUnitID))
        var issued: [AnalysisReportModel] = []
        for unit in units where !done.contains(try unit.requireID()) {
            issued.append(try await AnalysisReportStore(db: db, rule: rule).issue(unit: unit, month: month, trigger: .scheduled, by: nil, at: now))
        }
        return issued
    }
}

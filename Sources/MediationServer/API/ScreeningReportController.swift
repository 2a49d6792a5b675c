import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// `/api/v1/screening-reports`: 每月一次矛盾排查 (M9). Each village (or community) reports every
/// month, a nil report (零报告) when nothing was found; the township sees who has not reported.
/// Deliberately no counts ranking: the rule is that every village reports, not how much.
package struct ScreeningReportController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(MediationRoutes.screeningReports, use: list)
        routes.on(MediationRoutes.submitScreening, use: submit)
        routes.on(MediationRoutes.missingScreening, use: missing)
        routes.on(MediationRoutes.screeningReport, use: show)
        routes.on(MediationRoutes.correctScreening, use: correct)
    }

    /// Units that report: villages and urban communities.
    package static let reportingKinds = [OrgUnitKind.village.rawValue, OrgUnitKind.community.rawValue]

    package struct SubmitRequest: Content {
        package var id: UUID?
        /// Optional; when given it must be the mediator's own village.
        package var villageId: UUID?
        package var month: String
        package var foundCount: Int
        package var nilReport: Bool
        package var note: String?
    }

    package struct CorrectRequest: Content {
        package var foundCount: Int
        package var nilReport: Bool
        package var note: String?
    }

    package struct Item: Content {
        package var id: UUID
        package var villageId: UUID
        package var villageName: String
        package var month: String
        package var foundCount: Int
        package var nilReport: Bool
        package var label: String
        package var note: String?
        package var submittedBy: UUID
        package var submittedAt: Date
        package var correctedAt: Date?
    }

    package struct MissingVillage: Content {
        package var id: UUID
        package var code: String
        package var name: String
    }

    package struct MissingAnswer: Content {
        package var month: String
        package var villageCount: Int
        package var reportedCount: Int
        package var items: [MissingVillage]
        package var total: Int
        package var limit: Int
        package var offset: Int
    }

    package static func item(_ m: ScreeningReportModel, names: [UUID: String]) -> Item {
        Item(id: m.id!, villageId: m.villageID, villageName: names[m.villageID] ?? "", month: m.month, foundCount: m.foundCount,
             nilReport: m.nilReport, label: m.nilReport ? "零报告" : "排查发现 \(m.foundCount) 件", note: m.note,
             submittedBy: m.submittedBy, submittedAt: m.submittedAt, correctedAt: m.correctedAt)
    }

    package func items(_ rows: [ScreeningReportModel], db: Database) async throws -> [Item] {
        let names = try await UnitNames.load(rows.map(\.villageID), on: db)
        return rows.map { Self.item($0, names: names) }
    }

    package static func month(_ raw: String?, now: Date) throws -> YearMonth? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let m = strictMonth(raw) else { throw APIError.validation("month 须为 YYYY-MM / month must be YYYY-MM") }
        guard m <= YearMonth(now, in: PinganCalendar.shanghai) else {
            throw APIError.validation("不能报送未来月份 / month \(raw) has not begun")
        }
        return m
    }

    /// The counts of a report: a nil report is exactly `foundCount == 0`.
    package static func counts(found: Int, nilReport: Bool) throws {
        guard (0...10_000).contains(found) else { throw APIError.validation("foundCount 须在 0–10000 之间 / foundCount must be 0…10000") }
        guard nilReport == (found == 0) else {
            throw APIError.validation("零报告的排查件数须为 0，排查件数为 0 须报零报告 / nilReport must be true exactly when foundCount is 0")
        }
    }

    // MARK: Reading

    package func list(req: Request) async throws -> ListPage<Item> {
        let actor = try DisputeController.caller(req)
        let f = try await DirectivesListFilter(req, actor: actor)
        let q = ScreeningReportModel.query(on: req.db).filter(\.$villagePath =~ f.scopePath)
        if let m = try Self.monthQuery(req) { q.filter(\.$month == m.description) }
        if let from = f.from { q.filter(\.$submittedAt >= from) }
        if let to = f.to { q.filter(\.$submittedAt <= to) }
        let page = try PageRequest(req)
        return try await q.sort(\.$month, .descending).sort(\.$villagePath).sort(\.$id).pagedRows(page) { try await items($0, db: req.db) }
    }

    /// Exactly the document's `^[0-9]{4}-(0[1-9]|1[0-2])$` (whose `$` also allows one final line feed).
    static func strictMonth(_ raw: String) -> YearMonth? {
        let v = Array(OrgTreeRules.droppingFinalNewline(raw).utf8)
        guard v.count == 7, v[4] == UInt8(ascii: "-"), v.enumerated().allSatisfy({ $0.offset == 4 || (48...57).contains($0.element) }) else { return nil }
        return YearMonth(String(decoding: v, as: UTF8.self))
    }

    package static func monthQuery(_ req: Request) throws -> YearMonth? {
        guard let raw = req.query[String.self, at: "month"], !raw.isEmpty else { return nil }
        guard let m = strictMonth(raw) else {
            throw APIError.badRequest("month 须为 YYYY-MM / month must be YYYY-MM", code: "invalid_query")
        }
        return m
    }

    package func show(req: Request) async throws -> Item {
        let actor = try DisputeController.caller(req)
        return try await items([try await find(req, actor: actor)], db: req.db)[0]
    }

    package func find(_ req: Request, actor: Caller) async throws -> ScreeningReportModel {
        guard let m = try await ScreeningReportModel.find(try req.uuidParameter(what: "排查报告"), on: req.db),
              actor.canSee(path: m.villagePath) else { throw APIError.notFound("排查报告") }
        return m
    }

    /// Villages in the caller's scope (or `orgUnit`) with no report for `month` (default: the
    /// month now due, the previous one). Nil reports count as reported.
    package func missing(req: Request) async throws -> MissingAnswer {
        let actor = try DisputeController.caller(req)
        let f = try await DirectivesListFilter(req, actor: actor)
        let month = try Self.monthQuery(req) ?? ScreeningCompliance.dueMonth(at: req.now, calendar: PinganCalendar.shanghai)
        let page = try PageRequest(req, defaultLimit: 100)
        let villages = try await OrgUnitModel.query(on: req.db).filter(\.$path =~ f.scopePath)
            .filter(\.$kind ~~ Self.reportingKinds).sort(\.$code).all()
        let reports = try await ScreeningReportModel.query(on: req.db).filter(\.$villagePath =~ f.scopePath)
            .filter(\.$month == month.description).all()
            .map { ScreeningReport(id: $0.id!, month: month, villageId: $0.villageID, foundCount: $0.foundCount, submittedAt: $0.submittedAt) }
        let ids = ScreeningCompliance.missing(villages: villages.compactMap(\.id), reports: reports, month: month)
        let byID = Dictionary(uniqueKeysWithValues: villages.map { ($0.id!, $0) })
        let slice = ids.dropFirst(page.offset).prefix(page.limit).compactMap { byID[$0] }
        return MissingAnswer(month: month.description, villageCount: villages.count, reportedCount: villages.count - ids.count,
                             items: slice.map { MissingVillage(id: $0.id!, code: $0.code, name: $0.name) },
                             total: ids.count, limit: page.limit, offset: page.offset)
    }

    // MARK: Writing

    /// A village mediator reports for their own village. A resend (same id, same content) returns
    /// the stored report (200); a second report for the same month is 409 — correct it with PATCH.
    package func submit(req: Request) async throws -> Response {
        let actor = try req.caller(.mediator)
        let body = try req.content.decode(SubmitRequest.self)
        guard let village = try await OrgUnitModel.find(actor.scopeUnitID, on: req.db), Self.reportingKinds.contains(village.kind) else {
            throw APIError(status: .forbidden, code: "not_village", message: "只有村（社区）调解员可以报送排查 / only a village mediator reports")
        }
        if let v = body.villageId, v != actor.scopeUnitID { throw APIError.notFound("村") }
        let id = body.id ?? UUID()
        let now = req.now
        guard let month = try Self.month(body.month, now: now) else { throw APIError.validation("month 不能为空 / month is required") }
        try Self.counts(found: body.foundCount, nilReport: body.nilReport)
        let note = try Check.optionalText(body.note, "note", max: 1000)
        if let existing = try await ScreeningReportModel.find(id, on: req.db) {
            guard existing.villageID == village.id, existing.month == month.description, existing.foundCount == body.foundCount,
                  existing.note == note else { throw APIError.idTaken(id) }
            return try await items([existing], db: req.db)[0].encodeResponse(status: .ok, for: req)
        }
        if let other = try await ScreeningReportModel.query(on: req.db).filter(\.$villageID == village.id!)
            .filter(\.$month == month.description).first() {
            // The same report, committed by a copy of this request between the two reads above.
            if other.id == id { return try await items([other], db: req.db)[0].encodeResponse(status: .ok, for: req) }
            throw APIError.conflict("\(village.name) \(month) 已报送（编号 \(other.id!)），如需更正请修改该报告 / already reported; PATCH it to correct",
                                    code: "already_reported")
        }
        let (m, created) = try await IdempotentCreate.run(write: {
            let m = ScreeningReportModel()
            m.id = id
            m.villageID = village.id!
            m.villagePath = village.path
            m.month = month.description
            m.foundCount = body.foundCount
            m.nilReport = body.nilReport
            m.note = note
            m.submittedBy = actor.userID
            m.submittedAt = now
            try await req.db.writeTransaction { db in
                try await m.create(on: db)
                try await AuditLog.record(on: db, at: now, actor: actor, action: "create", entityType: "screening_report", entityID: id,
                                          before: Nothing?.none, after: Self.item(m, names: [:]))
            }
            return m
        }, stored: {
            if let stored = try await ScreeningReportModel.find(id, on: req.db) { return stored }
            // Another report for the same month got in first.
            if let other = try await ScreeningReportModel.query(on: req.db).filter(\.$villageID == village.id!)
                .filter(\.$month == month.description).first() {
                if other.id == id { return other }
                throw APIError.conflict("\(village.name) \(month) 已报送 / already reported", code: "already_reported")
            }
            return nil
        })
        return try await items([m], db: req.db)[0].encodeResponse(status: created ? .created : .ok, for: req)
    }

    /// A correction by the village's mediator, kept in the audit trail with before and after.
    package func correct(req: Request) async throws -> Item {
        let actor = try req.caller(.mediator)
        let m = try await find(req, actor: actor)
        guard m.villageID == actor.scopeUnitID else { throw APIError.notFound("排查报告") }
        let body = try req.content.decode(CorrectRequest.self)
        try Self.counts(found: body.foundCount, nilReport: body.nilReport)
        let note = try Check.optionalText(body.note, "note", max: 1000)
        guard m.foundCount != body.foundCount || m.note != note else { return try await items([m], db: req.db)[0] }
        let now = req.now
        let before = Self.item(m, names: [:])
        m.foundCount = body.foundCount
        m.nilReport = body.nilReport
        m.note = note
        m.correctedAt = now
        m.correctedBy = actor.userID
        try await req.db.writeTransaction { db in
            try await m.update(on: db)
            try await AuditLog.record(on: db, at: now, actor: actor, action: "correct", entityType: "screening_report", entityID: m.id,
                                      before: before, after: Self.item(m, names: [:]))
        }
        return try await items([m], db: req.db)[0]
    }

    package init() {
    }
}

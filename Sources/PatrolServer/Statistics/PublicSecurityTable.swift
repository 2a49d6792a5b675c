import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import SQLKit
import Vapor

/// The public-security table (P12) counted from the records: incidents by type and field records
/// by kind (whole months from `MonthlyCount`, the rest of the period from the rows), one count
/// each over shifts and plan activations, all cut to the org subtree and the period. Each row carries the list behind it, with the filters that give the same count.
enum PublicSecurityTable {
    static func compute(_ s: PoliceScope) async throws -> PublicSecurityTableDTO {
        guard let sql = s.db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "statistics need an SQL database") }
        let count = SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))

        // Whole months from the counts kept as rows are written (`MonthlyCount`), the pieces of
        // the period around them from the rows themselves.
        let split = MonthSplit(from: s.from, to: s.to)
        var byType: [String: Int] = [:]
        var byKind: [String: Int] = [:], bySub: [String: Int] = [:]
        func addRecords(kind: String, sub: String?, _ n: Int) {
            byKind[kind, default: 0] += n
            if let sub, !sub.isEmpty { bySub[kind + "/" + sub, default: 0] += n }
        }
        if let months = split.months {
            let sum = SQLAlias(SQLRaw("CAST(SUM(n) AS BIGINT)"), as: SQLIdentifier("n"))
            for r in try await sql.select().column(SQLColumn("type")).column(sum).from(MonthlyCount.incidents.table)
                .inSubtree(SQLColumn("scope_path"), s)
                .where(SQLColumn("month"), .greaterThanOrEqual, SQLBind(months.lowerBound)).where(SQLColumn("month"), .lessThanOrEqual, SQLBind(months.upperBound))
                .groupBy(SQLColumn("type")).all() {
                byType[try r.decode(column: "type", as: String.self), default: 0] += try r.decode(column: "n", as: Int.self)
            }
            for r in try await sql.select().column(SQLColumn("kind")).column(SQLColumn("subkind")).column(sum).from(MonthlyCount.fieldRecords.table)
                .inSubtree(SQLColumn("station_path"), s)
                .where(SQLColumn("month"), .greaterThanOrEqual, SQLBind(months.lowerBound)).where(SQLColumn("month"), .lessThanOrEqual, SQLBind(months.upperBound))
                .groupBy(SQLColumn("kind")).groupBy(SQLColumn("subkind")).all() {
                addRecords(kind: try r.decode(column: "kind", as: String.self), sub: try r.decode(column: "subkind", as: String.self),
                           try r.decode(column: "n", as: Int.self))
            }
        }
        for piece in split.pieces {
            for r in try await sql.select().column(SQLColumn("type")).column(count).from(IncidentModel.schema)
                .inSubtree(SQLColumn("scope_path"), s)
                .where(SQLColumn("reported_at"), .greaterThanOrEqual, SQLBind(piece.lowerBound)).where(SQLColumn("reported_at"), .lessThan, SQLBind(piece.upperBound))
                .where(SQLColumn("status"), .notEqual, SQLBind(IncidentStatus.merged.rawValue))
                .groupBy(SQLColumn("type")).all() {
                byType[try r.decode(column: "type", as: String.self), default: 0] += try r.decode(column: "n", as: Int.self)
            }
            for r in try await sql.select().column(SQLColumn("kind")).column(SQLColumn("subkind")).column(count).from(FieldRecordModel.schema)
                .inSubtree(SQLColumn("station_path"), s)
                .where(SQLColumn("at"), .greaterThanOrEqual, SQLBind(piece.lowerBound)).where(SQLColumn("at"), .lessThan, SQLBind(piece.upperBound))
                .groupBy(SQLColumn("kind")).groupBy(SQLColumn("subkind")).all() {
                addRecords(kind: try r.decode(column: "kind", as: String.self), sub: try r.decode(column: "subkind", as: String?.self),
                           try r.decode(column: "n", as: Int.self))
            }
        }

        let shifts = try await sql.select().column(count).from(SQLAlias(SQLIdentifier(PatrolShiftModel.schema), as: SQLIdentifier("s")))
            .join(SQLAlias(SQLIdentifier(PatrolUnitModel.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn("unit_id", table: "s"))
            .inSubtree(SQLColumn("station_path", table: "u"), s)
            .where(SQLColumn("signed_on_at", table: "s"), .greaterThanOrEqual, SQLBind(s.from))
            .where(SQLColumn("signed_on_at", table: "s"), .lessThan, SQLBind(s.to))
            .first()?.decode(column: "n", as: Int.self) ?? 0

        var activations: [String: Int] = [:]
        for r in try await sql.select().column(SQLColumn("kind", table: "p")).column(count)
            .from(SQLAlias(SQLIdentifier(PlanActivationModel.schema), as: SQLIdentifier("a")))
            .join(SQLAlias(SQLIdentifier(PlanModel.schema), as: SQLIdentifier("p")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "p"), .equal, SQLColumn("plan_id", table: "a"))
            .inSubtree(SQLColumn("scope_path", table: "a"), s)
            .where(SQLColumn("started_at", table: "a"), .greaterThanOrEqual, SQLBind(s.from))
            .where(SQLColumn("started_at", table: "a"), .lessThan, SQLBind(s.to))
            .groupBy(SQLColumn("kind", table: "p")).all() {
            activations[try r.decode(column: "kind", as: String.self)] = try r.decode(column: "n", as: Int.self)
        }

        var rows: [PublicSecurityRowDTO] = []
        for figure in PublicSecurityFigure.allCases {
            let n: Int
            switch figure.source {
            case .incidents(let types): n = (types ?? IncidentType.allCases).reduce(0) { $0 + (byType[$1.rawValue] ?? 0) }
            case .shifts: n = shifts
            case .fieldRecords(let kind, let sub): n = sub.map { bySub[kind.rawValue + "/" + $0] ?? 0 } ?? byKind[kind.rawValue] ?? 0
            case .planActivations(let kind): n = activations[kind.rawValue] ?? 0
            }
            rows.append(row(figure.rawValue, figure.label, figure.unit, n, level: 0, definition: definition(figure.source), source: figure.source, s))
            if figure == .incidents {
                // 其中: the incidents by type, each with its own list.
                for t in IncidentType.allCases {
                    rows.append(row("incidents/" + t.rawValue, t.label, "起", byType[t.rawValue] ?? 0, level: 1,
                                    definition: "其中\(t.label)", source: .incidents(types: [t]), s))
                }
            }
        }
        return PublicSecurityTableDTO(orgUnitId: try s.org.requireID(), orgUnitName: s.org.name, from: s.from, to: s.to, rows: rows)
    }

    static func row(_ key: String, _ label: String, _ unit: String, _ n: Int, level: Int, definition: String,
                    source: PublicSecurityFigure.Source, _ s: PoliceScope) -> PublicSecurityRowDTO {
        let links = links(source, s)
        return PublicSecurityRowDTO(key: key, label: label, unit: unit, count: n, level: level, definition: definition,
                                    listHref: links.list, pageHref: links.page)
    }

    /// What a row counts, in the words the README uses.
    static func definition(_ source: PublicSecurityFigure.Source) -> String {
        switch source {
        case .incidents(let types):
            let what = types.map { $0.map(\.label).joined(separator: "、") } ?? "各类警情"
            return "期间内接报、发生地在本辖区的\(what)（重复报警并案的不另计）"
        case .shifts: return "期间内签到上岗、所在单元属本辖区派出所的巡逻班次，每名民警每班计 1 人次"
        case .fieldRecords(let kind, let sub):
            let subLabel = sub.flatMap { TrafficViolationKind(rawValue: $0)?.label }.map { "中的“\($0)”" } ?? ""
            return "期间内本辖区民警登记的“\(kind.label)”现场记录\(subLabel)，每条计 1"
        case .planActivations(let kind): return "期间内启动、属本辖区的“\(kind.label)”预案，每次启动计 1 次"
        }
    }

    /// The API list whose `total` is the row's figure, and the page of the same records (the ledger's, or 统计明细).
    static func links(_ source: PublicSecurityFigure.Source, _ s: PoliceScope) -> (list: String, page: String) {
        let org = s.org.id?.uuidString ?? ""
        func href(_ path: String, _ items: [(String, String)]) -> String { path + "?" + PoliceStatisticsPages.query(items) }
        let period = [("from", s.fromText), ("to", s.toText)]
        func records(_ source: PoliceRecordsPage.Source, _ filters: [(String, String)]) -> String {
            href(PoliceStatisticsRoutes.recordsPage.path, [("source", source.rawValue)] + filters)
        }
        switch source {
        case .incidents(let types):
            let statuses = PublicSecurityFigure.countedIncidentStatuses.map(\.rawValue).joined(separator: ",")
            let type = types.map { [("type", $0.map(\.rawValue).joined(separator: ","))] } ?? []
            let filters = period + [("orgUnit", org), ("status", statuses)] + type
            return (href(PatrolRoutes.incidents.path, filters), records(.incidents, filters))
        case .shifts:
            let filters = period + [("orgUnit", org)]
            return (href(PoliceStatisticsRoutes.shifts.path, filters), records(.shifts, filters))
        case .fieldRecords(let kind, let sub):
            let filters = [("kind", kind.rawValue)] + (sub.map { [("subkind", $0)] } ?? []) + [("station", org)]
            return (href(FieldRecordRoutes.list.path, filters + period),
                    href(FieldRecordRoutes.ledgerPage.path, filters + [("from", s.fromDay.description), ("to", s.toDay.description)]))
        case .planActivations(let kind):
            let filters = period + [("kind", kind.rawValue), ("orgUnit", org)]
            return (href(PlanRoutes.activations.path, filters), records(.activations, filters))
        }
    }

    /// The shifts a patrol person-time counts: signed on in the period on a unit of a station in the subtree.
    static func shifts(_ s: PoliceScope) async throws -> QueryBuilder<PatrolShiftModel> {
        let units = try await PatrolUnitModel.query(on: s.db).filter(\.$stationPath =~ s.org.path).all(\.$id)
        return PatrolShiftModel.query(on: s.db).filter(\.$unitID ~~ units)
            .filter(\.$signedOnAt >= s.from).filter(\.$signedOnAt < s.to)
    }

    /// The table as a spreadsheet: the rows as the page shows them, sub-rows indented.
    static func exportTable(_ t: PublicSecurityTableDTO) -> ExportTable {
        ExportTable(title: "公安工作统计（\(t.orgUnitName)）",
                    columns: [ExportTable.Column("项目", .text, width: 24), ExportTable.Column("数量", .integer, width: 10),
                              ExportTable.Column("单位", .text, width: 6), ExportTable.Column("口径", .text, width: 60)],
                    rows: t.rows.map { r in [.text((r.level > 0 ? "　其中：" : "") + r.label), .integer(r.count), .text(r.unit), .text(r.definition)] })
    }
}

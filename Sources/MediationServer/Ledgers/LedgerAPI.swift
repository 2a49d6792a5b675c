import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// The ledgers (台帐, M10) of department mediation rooms and professional committees: the
/// disputes each received, with the statutory time limit that applies and whether it was kept.
enum LedgerAPI {
    /// The kinds of unit that keep a ledger.
    static let ledgerKinds: [OrgUnitKind] = [.mediationRoom, .professionalCommittee]

    static func units(req: Request) async throws -> ListPage<LedgerUnitDTO> {
        let actor = try req.caller()
        let page = try PageRequest(req)
        let q = OrgUnitModel.query(on: req.db).filter(\.$kind ~~ ledgerKinds.map(\.rawValue)).filter(\.$path =~ actor.scopePath)
        let total = try await q.count()
        let units = try await q.sort(\.$kind).sort(\.$code).range(page.offset..<(page.offset + page.limit)).all()
        var items: [LedgerUnitDTO] = []
        for u in units {
            let received = try await LedgerBuilder.query(u, on: req.db).count()
            items.append(LedgerUnitDTO(id: try u.requireID(), name: u.name, kind: u.kind, kindLabel: u.unitKind?.label ?? u.kind, received: received))
        }
        return ListPage(items: items, total: total, limit: page.limit, offset: page.offset)
    }

    /// The ledger unit `{id}` when it lies in the caller's scope; anything else is 404.
    static func unit(_ req: Request) async throws -> OrgUnitModel {
        let actor = try req.caller()
        let id = try req.uuidParameter(what: "台帐单位")
        guard let u = try await OrgUnitStore(db: req.db).find(id, scopePath: actor.scopePath),
              let kind = u.unitKind, ledgerKinds.contains(kind) else { throw APIError.notFound("台帐单位") }
        return u
    }

    static func ledger(req: Request) async throws -> LedgerDTO {
        let u = try await unit(req)
        return try await LedgerBuilder(db: req.db, now: req.now).ledger(u, from: AuditController.date(req, "from"), to: AuditController.date(req, "to"))
    }

    static func export(req: Request) async throws -> Response {
        let u = try await unit(req)
        _ = try ExportFormat.of(req)  // a bad format is 400 before any work
        let ledger = try await LedgerBuilder(db: req.db, now: req.now).ledger(u, from: AuditController.date(req, "from"), to: AuditController.date(req, "to"))
        return try ledger.table().response(req, filename: "台帐-\(u.name)")
    }
}

package struct LedgerUnitDTO: Content {
    package var id: UUID
    package var name: String
    package var kind: String
    package var kindLabel: String
    package var received: Int
}

/// One dispute in a ledger.
package struct LedgerRowDTO: Content {
    package var disputeId: UUID
    package var caseNumber: String?
    package var registeredAt: Date
    /// The registration day in China time, as the page shows it.
    package var registeredDay: String
    package var acceptedAt: Date?
    /// Names with masked ID numbers, as every list shows them.
    package var parties: String
    package var category: String
    package var categoryLabel: String
    package var stage: String
    package var stageLabel: String
    package var result: String
    package var channelLabel: String
    /// e.g. "15日", "30个工作日", "1个月".
    package var timeLimit: String
    package var limitSource: String
    /// The last day of the limit (yyyy-MM-dd), once the clock runs.
    package var lastDay: String?
    package var concludedAt: Date?
    package var timeliness: String
    package var timelinessLabel: String
    package var overdue: Bool
    package var daysOver: Int
}

/// A unit's ledger with the limits that apply to it.
package struct LedgerDTO: Content {
    package struct Limit: Content {
        package var channel: String
        package var channelLabel: String
        package var timeLimit: String
        package var source: String
    }

    package var orgUnitId: UUID
    package var orgUnitName: String
    package var kindLabel: String
    package var limits: [Limit]
    package var total: Int
    package var overdue: Int
    package var rows: [LedgerRowDTO]

    /// The export: every Chinese field of the rows as the page shows it.
    func table() -> ExportTable {
        let columns: [ExportTable.Column] = [
            .init("案号", width: 26), .init("登记日期", .date), .init("受理日期", .date), .init("当事人", width: 40), .init("纠纷类型", width: 14),
            .init("调解途径", width: 24), .init("阶段"), .init("调解结果", width: 16), .init("法定时限"), .init("期限届满日", width: 12),
            .init("办结日期", .date), .init("时限状态", width: 12), .init("超期天数", .integer), .init("时限依据", width: 50),
        ]
        // Date columns hold the day (its China-time midnight): a spreadsheet shows no time.
        let calendar = PinganCalendar.shanghai
        func day(_ d: Date?) -> ExportTable.Cell { d.map { .date(LocalDate($0, in: calendar).start(in: calendar)) } ?? .empty }
        let rows: [[ExportTable.Cell]] = rows.map { r in
            [r.caseNumber.map(ExportTable.Cell.text) ?? .empty, day(r.registeredAt), day(r.acceptedAt),
             .text(r.parties), .text(r.categoryLabel), .text(r.channelLabel), .text(r.stageLabel), .text(r.result), .text(r.timeLimit),
             r.lastDay.map(ExportTable.Cell.text) ?? .empty, day(r.concludedAt), .text(r.timelinessLabel),
             .integer(r.daysOver), .text(r.limitSource)]
        }
        return ExportTable(title: "台帐", columns: columns, rows: rows)
    }
}

/// Builds a ledger from the disputes a unit handles; every time-limit fact comes from
/// `LedgerEntry`, the domain's one rule.
struct LedgerBuilder {
    let db: Database
    let now: Date
    var clock = LegalClock(limits: .default)

    /// The disputes a unit received: handled in it (rooms and committees hand nothing up).
    static func query(_ unit: OrgUnitModel, on db: Database) -> QueryBuilder<DisputeModel> {
        DisputeModel.query(on: db).filter(\.$handlingPath =~ unit.path)
    }

    func ledger(_ unit: OrgUnitModel, from: Date?, to: Date?) async throws -> LedgerDTO {
        let q = Self.query(unit, on: db).sort(\.$registeredAt).sort(\.$id)
        if let from { q.filter(\.$registeredAt >= from) }
        if let to { q.filter(\.$registeredAt <= to) }
        var rows: [LedgerRowDTO] = []
        var channels = Set<MediationChannel>()
        for m in try await q.all() {
            let state = try DisputeStore.state(of: m)
            channels.insert(state.channel)
            rows.append(row(state))
        }
        // A room's or committee's own channel is listed even before its first dispute.
        channels.insert(unit.unitKind == .mediationRoom ? .departmentMediationRoom : Self.committeeChannel(unit.name))
        let limits = channels.sorted { $0.rawValue < $1.rawValue }.map { c in
            LedgerDTO.Limit(channel: c.rawValue, channelLabel: c.label, timeLimit: clock.limits.mediationLimit(for: c).label,
                            source: LedgerLimitSource.source(for: c))
        }
        return LedgerDTO(orgUnitId: try unit.requireID(), orgUnitName: unit.name, kindLabel: unit.unitKind?.label ?? unit.kind, limits: limits,
                         total: rows.count, overdue: rows.filter(\.overdue).count, rows: rows)
    }

    /// A professional committee's channel by its name (the demo tree names the three the seed has).
    static func committeeChannel(_ name: String) -> MediationChannel {
        if name.contains("劳动") { return .labourCommittee }
        if name.contains("医疗") { return .medicalCommittee }
        if name.contains("交通") { return .roadTrafficCommittee }
        return .peoplesMediation
    }

    func row(_ s: DisputeState) -> LedgerRowDTO {
        let e = LedgerEntry(state: s, clock: clock, now: now)
        let parties = s.intake.parties.map { p in
            p.idNumber.map { "\(p.name)（\(p.role.label) \(Masking.idNumber($0))）" } ?? "\(p.name)（\(p.role.label)）"
        }.joined(separator: "；")
        return LedgerRowDTO(
            disputeId: s.disputeId, caseNumber: s.caseNumber?.description, registeredAt: s.registeredAt,
            registeredDay: LocalDate(s.registeredAt, in: clock.calendar).description, acceptedAt: s.acceptedAt,
            parties: parties, category: s.intake.category.rawValue, categoryLabel: s.intake.category.label, stage: s.stage.rawValue,
            stageLabel: s.stage.label, result: LedgerEntry.result(of: s), channelLabel: s.channel.label, timeLimit: e.limit.label,
            limitSource: LedgerLimitSource.source(for: s.channel), lastDay: e.lastDay?.description, concludedAt: e.concludedAt,
            timeliness: e.timeliness.rawValue, timelinessLabel: e.timeliness.label, overdue: e.timeliness.isOverdue, daysOver: e.daysOver)
    }
}

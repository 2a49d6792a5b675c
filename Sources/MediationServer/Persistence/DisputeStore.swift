import MediationDomain
import ServerCore
import Fluent
import Foundation
import PinganDomain
import SQLKit

/// Who an event is recorded against. The sweep acts as `system` on behalf of the county.
package struct EventActor: Sendable {
    package var userID: UUID
    package var orgUnitID: UUID
    package var username: String
    package var actor: Caller?

    package init(_ actor: Caller) {
        userID = actor.userID
        orgUnitID = actor.orgUnitID
        username = actor.username
        self.actor = actor
    }

    package init(systemFor orgUnitID: UUID) {
        userID = EventActor.systemUserID
        self.orgUnitID = orgUnitID
        username = "system"
        actor = nil
    }

    /// The id recorded for actions the server takes by rule (automatic hand-up, accountability).
    package static let systemUserID = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
}

/// The append-only history of disputes and its projection. Every write goes through `append`,
/// which enforces idempotency (client event ids), optimistic concurrency (`baseVersion`) and the
/// workflow (the domain's stage machine), and leaves an audit record.
package struct DisputeStore {
    package let db: Database
    package var limits: TimeLimits = .default
    package var riskRules: RiskRules = .default

    package enum Outcome { case created, alreadyStored }

    /// Disputes visible in a scope: registered inside it, or handled inside it now.
    package func visible(scopePath: String) -> QueryBuilder<DisputeModel> {
        DisputeModel.query(on: db).group(.or) { $0.filter(\.$originPath =~ scopePath).filter(\.$handlingPath =~ scopePath) }
    }

    /// Disputes visible in one unit's area. For a township this is exactly "its township is this
    /// one": a dispute registered in one of its villages, at the township itself, or handed up to
    /// it carries the township's id (intake and hand-up set it), and the indexed column answers
    /// where two path prefixes (which SQLite's LIKE cannot take from an index) would scan.
    package func visible(in unit: OrgUnitModel) -> QueryBuilder<DisputeModel> {
        if unit.unitKind == .township, let id = unit.id { return DisputeModel.query(on: db).filter(\.$townshipID == id) }
        return visible(scopePath: unit.path)
    }

    /// Disputes per (stage, risk) in a unit's area, counted by the database: the board's stage
    /// tiles and its per-risk totals come from one GROUP BY instead of loading rows.
    package func countByStageAndRisk(in unit: OrgUnitModel) async throws -> [StageRiskCount] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let prefix = unit.path + "%"
        let rows: [any SQLRow]
        if unit.unitKind == .township, let id = unit.id {
            rows = try await sql.raw("SELECT stage, risk, COUNT(*) AS n FROM disputes WHERE township_id = \(bind: id) GROUP BY stage, risk").all()
        } else {
            rows = try await sql.raw("""
                SELECT stage, risk, COUNT(*) AS n FROM disputes WHERE origin_path LIKE \(bind: prefix) OR handling_path LIKE \(bind: prefix) GROUP BY stage, risk
                """).all()
        }
        return try rows.map {
            StageRiskCount(stage: try $0.decode(column: "stage", as: String.self), risk: try $0.decode(column: "risk", as: String.self),
                           count: try $0.decode(column: "n", as: Int.self))
        }
    }

    package struct StageRiskCount { var stage, risk: String; var count: Int }

    package func find(_ id: UUID, scopePath: String) async throws -> DisputeModel? {
        guard let d = try await DisputeModel.find(id, on: db),
              d.originPath.hasPrefix(scopePath) || d.handlingPath.hasPrefix(scopePath) else { return nil }
        return d
    }

    package func events(of disputeID: UUID) async throws -> [DisputeEvent] {
        let rows = try await DisputeEventModel.query(on: db).filter(\.$disputeID == disputeID).sort(\.$seq).all()
        let decoder = Self.decoder
        return try rows.map { try decoder.decode(DisputeEvent.self, from: Data($0.body.utf8)) }
    }

    package func state(of model: DisputeModel) throws -> DisputeState {
        try Self.decoder.decode(DisputeState.self, from: Data(model.state.utf8))
    }

    /// Registers a dispute. The dispute id doubles as its first event's id, so a resent intake
    /// (a phone retrying on a weak signal) returns the stored dispute instead of a second one.
    package func register(id: UUID, intake: DisputeIntake, by actor: EventActor, at now: Date) async throws -> (DisputeModel, Outcome) {
        let event = DisputeEvent(id: id, disputeId: id, at: now, actorUserId: actor.userID, actorOrgUnitId: actor.orgUnitID,
                                 kind: .registered(intake))
        if let existing = try await DisputeModel.find(id, on: db) {
            let stored = try await events(of: id).first
            guard let stored, case .registered(let storedIntake) = stored.kind, storedIntake == intake else {
                throw APIError.conflict("编号 \(id) 已用于另一条纠纷 / this id was used for a different dispute", code: "duplicate_event")
            }
            return (existing, .alreadyStored)
        }
        let state: DisputeState
        do { state = try DisputeState(registering: event) } catch { throw APIError.domain(error) }
        let origin = try await unitPath(intake.villageId ?? intake.handlingOrgUnitId)
        let handling = try await unitPath(intake.handlingOrgUnitId)
        let model = DisputeModel()
        model.id = id
        model.originPath = origin
        model.handlingPath = handling
        model.version = 0
        do {
            try await db.transaction { db in
                let store = DisputeStore(db: db, limits: limits, riskRules: riskRules)
                try await store.project(state, into: model, at: now)
                try await model.create(on: db)
                try await store.insert(event, seq: 1, on: db)
                for p in intake.parties {
                    try await DisputePartyModel(disputeID: id, name: p.name, idNumber: p.idNumber?.uppercased(), phone: p.phone).create(on: db)
                }
                try await AuditLog.record(on: db, at: now, actor: actor.actor, actorName: actor.username, action: "registered",
                                          entityType: "dispute", entityID: id, before: Nothing?.none, after: Self.auditView(event))
                try await store.raiseMajorReports(for: model, at: now)
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // A concurrent resend won the race: answer with what it stored.
            if let existing = try await DisputeModel.find(id, on: db) { return (existing, .alreadyStored) }
            throw error
        }
        return (model, .created)
    }

    /// Appends one event written against `baseVersion`. A resent event (same id, same content)
    /// is answered with the stored state; a stale base version is 409 and changes nothing.
    package func append(disputeID: UUID, eventID: UUID, kind: DisputeEventKind, baseVersion: Int?, by actor: EventActor,
                at now: Date) async throws -> (DisputeModel, Outcome) {
        if let prior = try await DisputeEventModel.find(eventID, on: db) {
            let stored = try Self.decoder.decode(DisputeEvent.self, from: Data(prior.body.utf8))
            guard prior.disputeID == disputeID, stored.kind == kind,
                  let model = try await DisputeModel.find(disputeID, on: db) else {
                throw APIError.conflict("事件编号 \(eventID) 已用于另一事件 / event id already used for a different event", code: "duplicate_event")
            }
            return (model, .alreadyStored)
        }
        guard let model = try await DisputeModel.find(disputeID, on: db) else { throw APIError.notFound("纠纷") }
        let current = model.version
        if let baseVersion, baseVersion != current {
            throw APIError.conflict("记录已被他人更新（当前版本 \(current)，您基于版本 \(baseVersion)），请刷新后重试 / stale version",
                                    code: "version_conflict")
        }
        let event = DisputeEvent(id: eventID, disputeId: disputeID, at: now, actorUserId: actor.userID,
                                 actorOrgUnitId: actor.orgUnitID, kind: kind)
        let next: DisputeState
        do { next = try state(of: model).applying(event, limits: limits) } catch let e as DomainError { throw APIError.domain(e) }
        let before = model.stage
        do {
            try await db.transaction { db in
                let store = DisputeStore(db: db, limits: limits, riskRules: riskRules)
                try await store.insert(event, seq: current + 1, on: db)
                if case .escalated(let x) = kind { model.handlingPath = try await store.unitPath(x.toOrgUnitId) }
                try await store.project(next, into: model, at: now)
                // Only the writer that still sees the version it read may move the projection on.
                let moved = try await DisputeModel.query(on: db).filter(\.$id == disputeID).filter(\.$version == current).count()
                guard moved == 1 else { throw APIError.conflict("记录已被他人更新，请刷新后重试 / stale version", code: "version_conflict") }
                try await model.update(on: db)
                try await AuditLog.record(on: db, at: now, actor: actor.actor, actorName: actor.username, action: event.type.rawValue,
                                          entityType: "dispute", entityID: disputeID,
                                          before: ["stage": before, "version": String(current)], after: Self.auditView(event))
                try await store.raiseMajorReports(for: model, at: now)
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Another writer took this sequence number first, or the same event raced in twice.
            if try await DisputeEventModel.find(eventID, on: db) != nil, let m = try await DisputeModel.find(disputeID, on: db) {
                return (m, .alreadyStored)
            }
            throw APIError.conflict("记录已被他人更新，请刷新后重试 / stale version", code: "version_conflict")
        }
        return (model, .created)
    }

    package func insert(_ event: DisputeEvent, seq: Int, on db: Database) async throws {
        try await Self.row(event, seq: seq).create(on: db)
        try await LawyerConsultationIndex.record(event, on: db)
    }

    /// The stored form of one event (also used by the bulk demo loader).
    package static func row(_ event: DisputeEvent, seq: Int) throws -> DisputeEventModel {
        let row = DisputeEventModel()
        row.id = event.id
        row.disputeID = event.disputeId
        row.seq = seq
        row.type = event.type.rawValue
        row.at = event.at
        row.actorUserID = event.actorUserId
        row.actorOrgUnitID = event.actorOrgUnitId
        row.body = String(decoding: try encoder.encode(event), as: UTF8.self)
        return row
    }

    /// Copies the state into the row's columns. Risk is assessed here from the rules and the
    /// parties' police referrals in the last 30 days.
    package func project(_ state: DisputeState, into m: DisputeModel, at now: Date) async throws {
        let policeCalls = try await policeReferrals(of: state, before: now)
        try Self.fill(m, from: state, policeCalls: policeCalls, limits: limits, riskRules: riskRules)
    }

    /// The projection itself, without the database: the bulk demo loader counts police referrals
    /// in memory and calls this directly, so both paths write the same columns.
    package static func fill(_ m: DisputeModel, from state: DisputeState, policeCalls: Int, limits: TimeLimits = .default,
                     riskRules: RiskRules = .default) throws {
        let assessment = state.assessRisk(rules: riskRules, policeCallsWithin30Days: policeCalls)
        let clock = LegalClock(limits: limits)
        let nearest = state.deadlines(clock: clock).min { $0.passesAt < $1.passesAt }
        m.handlingOrgUnitID = state.handlingOrgUnitId
        m.villageID = state.intake.villageId
        m.townshipID = state.intake.townshipId
        m.level = state.level.rawValue
        m.receivedLevel = state.receivedLevel.rawValue
        m.settledLevel = state.settledLevel?.rawValue
        m.stage = state.stage.rawValue
        m.risk = assessment.level.rawValue
        m.category = state.intake.category.rawValue
        m.subcategory = state.intake.subcategoryCode
        m.source = state.intake.source.rawValue
        m.channel = state.channel.rawValue
        m.registeredAt = state.registeredAt
        m.lastEventAt = state.lastEventAt
        m.deadlineAt = nearest?.passesAt
        m.deadlineKind = nearest?.kind.rawValue
        m.version = state.version
        m.summary = String(state.intake.summary.prefix(200))
        m.partyNames = state.intake.parties.map(\.name).joined(separator: "、")
        m.caseNumber = state.caseNumber?.description
        m.caseYear = state.caseNumber?.year
        m.caseSerial = state.caseNumber?.sequence
        m.majorReportDue = assessment.level.needsMajorReport && state.majorReportFiledAt == nil
        m.hadRejection = state.rejection != nil
        m.hadTermination = state.termination != nil
        m.hadFollowUp = !state.followUps.isEmpty
        m.hadConfirmationRequest = state.judicialConfirmation != nil
        m.hadAutomaticHandUp = state.escalations.contains { $0.escalation.automatic }
        m.isDifficult = state.wasEscalated || state.failedSessionCount >= 2 || assessment.level >= .orange
        m.state = String(decoding: try encoder.encode(state), as: UTF8.self)
    }

    /// "Two or more police calls about the same parties within 30 days": counted as police
    /// referrals (公安移交) of disputes sharing a party ID number.
    package func policeReferrals(of state: DisputeState, before now: Date) async throws -> Int {
        let ids = state.intake.parties.compactMap { $0.idNumber?.uppercased() }
        guard !ids.isEmpty else { return state.intake.source == .policeTransfer ? 1 : 0 }
        let disputeIDs = Set(try await DisputePartyModel.query(on: db).filter(\.$idNumber ~~ ids).all().map(\.disputeID))
        guard !disputeIDs.isEmpty else { return state.intake.source == .policeTransfer ? 1 : 0 }
        let since = now.addingTimeInterval(-30 * 86_400)
        var n = try await DisputeModel.query(on: db).filter(\.$id ~~ disputeIDs).filter(\.$id != state.disputeId)
            .filter(\.$source == DisputeSource.policeTransfer.rawValue).filter(\.$registeredAt >= since).count()
        if state.intake.source == .policeTransfer { n += 1 }
        return n
    }

    /// A red or orange dispute is reported at once to its township's judicial office and to the
    /// county justice bureau; each report waits for its recipient's acknowledgement.
    package func raiseMajorReports(for m: DisputeModel, at now: Date) async throws {
        guard let level = RiskLevel(rawValue: m.risk), level.needsMajorReport, let id = m.id else { return }
        var recipients: [OrgUnitModel] = []
        if let t = m.townshipID, let office = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.judicialOffice.rawValue)
            .filter(\.$jurisdictionID == t).first() { recipients.append(office) }
        if let bureau = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.justiceBureau.rawValue).first() {
            recipients.append(bureau)
        }
        for r in recipients {
            guard let rid = r.id else { continue }
            if try await MajorReportModel.query(on: db).filter(\.$disputeID == id).filter(\.$recipientOrgUnitID == rid).first() != nil { continue }
            let report = MajorReportModel()
            report.disputeID = id
            report.recipientOrgUnitID = rid
            // The report is seen by the recipient's jurisdiction (a judicial office's township).
            report.recipientPath = try await unitPath(r.jurisdictionID ?? rid)
            report.risk = level.rawValue
            report.summary = "\(level.label)：\(m.summary)"
            report.createdAt = now
            try await report.create(on: db)
        }
    }

    package func unitPath(_ id: UUID) async throws -> String {
        guard let u = try await OrgUnitModel.find(id, on: db) else { throw APIError.notFound("单位") }
        return u.path
    }

    /// The event as the audit trail keeps it: ID numbers and phones masked.
    package static func auditView(_ e: DisputeEvent) -> DisputeEvent {
        guard case .registered(var intake) = e.kind else { return e }
        intake.parties = intake.parties.map(\.masked)
        var copy = e
        copy.kind = .registered(intake)
        return copy
    }

    package static var encoder: JSONEncoder { StoredJSON.encoder }
    package static var decoder: JSONDecoder { StoredJSON.decoder }

    package init(db: Database, limits: TimeLimits = .default, riskRules: RiskRules = .default) {
        self.db = db
        self.limits = limits
        self.riskRules = riskRules
    }
}

extension APIError {
    /// A workflow refusal from the domain: 409 for version races, 422 for the rest.
    package static func domain(_ e: DomainError) -> APIError {
        let status: HTTPResponseStatus = e.code == "version_conflict" || e.code == "duplicate_event" ? .conflict : .unprocessableEntity
        return APIError(status: status, code: e.code, message: "\(e.messageZh) / \(e.message)")
    }
}

import Vapor

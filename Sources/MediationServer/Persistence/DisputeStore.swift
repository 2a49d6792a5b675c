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

/// Reading disputes in scope, and the entry to their one write path. Writes go through
/// `DisputeEventStore` (the history), which keeps `DisputeProjection` (the columns lists read)
/// and runs `DisputeReactions` (major reports, supervision rows) in the same transaction.
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
        return try rows.map(DisputeEventStore.decode)
    }

    package func state(of model: DisputeModel) throws -> DisputeState { try Self.state(of: model) }

    package static func state(of model: DisputeModel) throws -> DisputeState {
        try decoder.decode(DisputeState.self, from: Data(model.state.utf8))
    }

    package var history: DisputeEventStore { DisputeEventStore(db: db, limits: limits, riskRules: riskRules) }

    /// Registers a dispute (see `DisputeEventStore.register`).
    package func register(id: UUID, intake: DisputeIntake, by actor: EventActor, at now: Date) async throws -> (DisputeModel, Outcome) {
        let r = try await history.register(id: id, intake: intake, by: actor, at: now)
        return (r.model, r.outcome)
    }

    /// Appends one event to a dispute not yet read in this request; a caller that has read the
    /// row calls `history.append(to:…)` with it instead.
    package func append(disputeID: UUID, eventID: UUID, kind: DisputeEventKind, baseVersion: Int?, by actor: EventActor,
                        at now: Date) async throws -> (DisputeModel, Outcome) {
        guard let model = try await DisputeModel.find(disputeID, on: db) else { throw DomainError.notFound("纠纷") }
        let r = try await history.append(to: model, eventID: eventID, kind: kind, baseVersion: baseVersion, by: actor, at: now)
        return (r.model, r.outcome)
    }

    package static var encoder: JSONEncoder { StoredJSON.encoder }
    package static var decoder: JSONDecoder { StoredJSON.decoder }
}

import MediationDomain
import ServerCore
import Fluent
import Foundation
import PinganDomain

/// What an append left: the dispute's row as projected, the state it holds (decoded once per
/// request) and whether this request stored the event.
package struct AppendedDispute {
    package var model: DisputeModel
    package var state: DisputeState
    package var outcome: DisputeStore.Outcome
}

/// The one write path of a dispute's history. The domain's `DisputeHistory` decides
/// (idempotency by client event id, optimistic concurrency by `baseVersion`, the workflow);
/// this stores its answer: the event row, the projection, the audit record and the reactions,
/// in one transaction. A concurrent writer of the same version loses on the events table's
/// unique (dispute_id, seq).
package struct DisputeEventStore {
    package let db: Database
    package var limits: TimeLimits = .default
    package var riskRules: RiskRules = .default

    /// Registers a dispute. The dispute id doubles as its first event's id, so a resent intake
    /// (a phone retrying on a weak signal) returns the stored dispute instead of a second one.
    package func register(id: UUID, intake: DisputeIntake, by actor: EventActor, at now: Date) async throws -> AppendedDispute {
        let event = DisputeEvent(id: id, disputeId: id, at: now, actorUserId: actor.userID, actorOrgUnitId: actor.orgUnitID,
                                 kind: .registered(intake))
        if let existing = try await DisputeModel.find(id, on: db) {
            let stored = try await DisputeStore(db: db).events(of: id).first
            let event = Self.retry(of: stored, as: event)
            let state = try DisputeStore.state(of: existing)
            _ = try DisputeHistory.next(after: nil, appending: event, basedOn: nil, existing: stored ?? event, limits: limits)
            return AppendedDispute(model: existing, state: state, outcome: .alreadyStored)
        }
        guard let state = try DisputeHistory.next(after: nil, appending: event, basedOn: 0, existing: nil, limits: limits) else {
            throw DomainError.duplicateEvent(id)
        }
        let projection = DisputeProjection(db: db, limits: limits, riskRules: riskRules)
        let model = DisputeModel()
        model.id = id
        model.originPath = try await projection.unitPath(intake.villageId ?? intake.handlingOrgUnitId)
        model.handlingPath = try await projection.unitPath(intake.handlingOrgUnitId)
        model.version = 0
        do {
            try await db.writeTransaction { db in
                try await DisputeProjection(db: db, limits: limits, riskRules: riskRules).project(state, into: model, at: now)
                try await model.create(on: db)
                try await Self.row(event, seq: 1).create(on: db)
                for p in intake.parties {
                    try await DisputePartyModel(disputeID: id, name: p.name, idNumber: p.idNumber?.uppercased(), phone: p.phone).create(on: db)
                }
                try await PartyReturns.record(disputes: [id], on: db)
                try await AuditLog.record(on: db, at: now, actor: actor.actor, actorName: actor.username, action: "registered",
                                          entityType: "dispute", entityID: id, before: Nothing?.none, after: Self.auditView(event))
                try await DisputeReactions(db: db).react(to: event, dispute: model, state: state, by: actor, at: now)
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // A concurrent resend won the race: answer with what it stored.
            if let existing = try await DisputeModel.find(id, on: db) {
                return AppendedDispute(model: existing, state: try DisputeStore.state(of: existing), outcome: .alreadyStored)
            }
            throw error
        }
        return AppendedDispute(model: model, state: state, outcome: .created)
    }

    /// Appends one event to the dispute whose row the caller has read (`model`, read once per
    /// request). A resent event (same id, same content) is answered with the stored state; a
    /// stale base version is `version_conflict` and changes nothing.
    package func append(to model: DisputeModel, eventID: UUID, kind: DisputeEventKind, baseVersion: Int?, by actor: EventActor,
                        at now: Date) async throws -> AppendedDispute {
        let disputeID = try model.requireID()
        let state = try DisputeStore.state(of: model)
        let prior = try await DisputeEventModel.find(eventID, on: db).map(Self.decode)
        let event = Self.retry(of: prior, as: DisputeEvent(id: eventID, disputeId: disputeID, at: now, actorUserId: actor.userID,
                                                           actorOrgUnitId: actor.orgUnitID, kind: kind))
        guard let next = try DisputeHistory.next(after: state, appending: event, basedOn: baseVersion, existing: prior, limits: limits) else {
            return AppendedDispute(model: model, state: state, outcome: .alreadyStored)
        }
        let current = model.version
        let before = model.stage
        do {
            try await db.writeTransaction { db in
                let projection = DisputeProjection(db: db, limits: limits, riskRules: riskRules)
                // The unique (dispute_id, seq) lets only one writer of this version through.
                try await Self.row(event, seq: current + 1).create(on: db)
                if case .escalated(let x) = kind { model.handlingPath = try await projection.unitPath(x.toOrgUnitId) }
                try await projection.project(next, into: model, at: now)
                try await model.update(on: db)
                try await AuditLog.record(on: db, at: now, actor: actor.actor, actorName: actor.username, action: event.type.rawValue,
                                          entityType: "dispute", entityID: disputeID,
                                          before: ["stage": before, "version": String(current)], after: Self.auditView(event))
                try await DisputeReactions(db: db).react(to: event, dispute: model, state: next, by: actor, at: now)
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Another writer took this sequence number first, or the same event raced in twice.
            if try await DisputeEventModel.find(eventID, on: db) != nil, let m = try await DisputeModel.find(disputeID, on: db) {
                return AppendedDispute(model: m, state: try DisputeStore.state(of: m), outcome: .alreadyStored)
            }
            throw DomainError.versionConflict(expected: current, actual: current + 1)
        }
        return AppendedDispute(model: model, state: next, outcome: .created)
    }

    /// A resend carries the server's stamp of the first attempt (time, actor), so the domain's
    /// "same event" is "same dispute, same content".
    package static func retry(of stored: DisputeEvent?, as event: DisputeEvent) -> DisputeEvent {
        guard let stored, stored.id == event.id, stored.disputeId == event.disputeId, stored.kind == event.kind else { return event }
        return stored
    }

    package static func decode(_ row: DisputeEventModel) throws -> DisputeEvent {
        try DisputeStore.decoder.decode(DisputeEvent.self, from: Data(row.body.utf8))
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
        row.body = String(decoding: try DisputeStore.encoder.encode(event), as: UTF8.self)
        return row
    }

    /// The event as the audit trail keeps it: ID numbers and phones masked.
    package static func auditView(_ e: DisputeEvent) -> DisputeEvent {
        guard case .registered(var intake) = e.kind else { return e }
        intake.parties = intake.parties.map(\.masked)
        var copy = e
        copy.kind = .registered(intake)
        return copy
    }
}

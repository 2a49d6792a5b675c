import MediationDomain
import ServerCore
import Fluent
import Foundation
import PinganDomain
import SQLKit
import Vapor

/// The timed rules of M5, M6 and M9: raise yellow and red deadline notices, hand overdue disputes
/// up a level, and record accountability for missed supervision orders.
///
/// Several server instances may sweep the same PostgreSQL at once. None of them can act twice on
/// one deadline: every action is written under a key the database keeps unique — a notice per
/// (dispute, deadline, level), an accountability record per order, and an automatic hand-up as an
/// event whose id is derived from (dispute, level it leaves), which the events table stores once.
package struct DeadlineSweep {
    package let db: Database
    package var limits: TimeLimits = .default
    package var policy: EscalationPolicy = .default

    package struct Report: Equatable, Sendable, CustomStringConvertible {
        package var examined = 0
        package var notices = 0
        package var escalations = 0
        package var accountability = 0
        package var description: String {
            "examined \(examined), notices \(notices), automatic hand-ups \(escalations), accountability records \(accountability)"
        }
    }

    package func run(at now: Date) async throws -> Report {
        var report = Report()
        let clock = LegalClock(limits: limits)
        // Only disputes whose nearest deadline is within the warning window can have anything due.
        let horizon = now.addingTimeInterval(Double(limits.warningDaysBefore + 1) * 86_400)
        let candidates = try await DisputeModel.query(on: db).filter(\.$deadlineAt != nil).filter(\.$deadlineAt <= horizon)
            .sort(\.$deadlineAt).all()
        guard let county = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.county.rawValue).first()?.id else {
            return report
        }
        let store = DisputeStore(db: db, limits: limits)
        for d in candidates {
            report.examined += 1
            let state = try store.state(of: d)
            for action in policy.actions(for: state, at: now, clock: clock) {
                switch action {
                case .deadlineWarning(let deadline, _):
                    if try await notice(d, deadline, level: "warning", at: now) { report.notices += 1 }
                case .deadlineOverdue(let deadline, _):
                    if try await notice(d, deadline, level: "overdue", at: now) { report.notices += 1 }
                case .automaticEscalation(_, _, let over):
                    if try await handUp(d, daysOverdue: over, county: county, at: now, store: store) { report.escalations += 1 }
                case .accountability(let record):
                    if try await accountability(record, at: now) { report.accountability += 1 }
                case .majorReportDue:
                    break  // raised at once when the risk is projected; nothing is waiting on the clock
                }
            }
        }
        return report
    }

    /// Inserts the notice unless this (dispute, deadline, level) already has one.
    package func notice(_ d: DisputeModel, _ deadline: LegalDeadline, level: String, at now: Date) async throws -> Bool {
        guard let id = d.id else { return false }
        let n = DeadlineNoticeModel()
        n.disputeID = id
        n.deadlineKind = deadline.kind.rawValue
        n.passesAt = deadline.passesAt
        n.level = level
        n.handlingPath = d.handlingPath
        n.createdAt = now
        return try await insertOnce { try await n.create(on: db) }
    }

    package func handUp(_ d: DisputeModel, daysOverdue: Int, county: UUID, at now: Date, store: DisputeStore) async throws -> Bool {
        guard let id = d.id else { return false }
        let escalation: Escalation
        do {
            escalation = try await HandUp(db: db).escalation(
                for: d, reason: "调解超期 \(daysOverdue) 天，按规定自动上报", automatic: true)
        } catch is DomainError {
            return false  // no unit above: nothing to hand up to
        }
        let eventID = StableID.make("auto-escalate", id.uuidString, d.level)
        do {
            let r = try await store.history.append(to: d, eventID: eventID, kind: .escalated(escalation), baseVersion: d.version,
                                                   by: EventActor(systemFor: county), at: now)
            return r.outcome == .created
        } catch let e as DomainError where e.kind != .notFound {
            return false  // another instance moved it first, or the workflow no longer allows it
        }
    }

    package func accountability(_ record: AccountabilityRecord, at now: Date) async throws -> Bool {
        guard let unit = try await OrgUnitModel.find(record.responsibleOrgUnitId, on: db) else { return false }
        let a = AccountabilityRecordModel()
        a.supervisionOrderID = record.supervisionOrderId
        a.disputeID = record.disputeId
        a.responsibleOrgUnitID = record.responsibleOrgUnitId
        a.responsiblePath = unit.path
        a.issuedByOrgUnitID = record.issuedByOrgUnitId
        a.deadline = record.deadline
        a.detectedAt = now
        a.reason = record.reason
        let inserted = try await insertOnce { try await a.create(on: db) }
        if inserted {
            try await AuditLog.record(on: db, at: now, actor: nil, actorName: "system", action: "accountability",
                                      entityType: "accountability_record", entityID: a.id, before: Nothing?.none, after: record)
        }
        return inserted
    }

    /// Runs an insert guarded by a unique key: false when the row was already there.
    package func insertOnce(_ insert: () async throws -> Void) async throws -> Bool {
        do {
            try await insert()
            return true
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            return false
        }
    }
}

/// Ids derived from their meaning, so the same rule firing twice names the same record.
package enum StableID {
    package static func make(_ parts: String...) -> UUID {
        var bytes = Array(SHA256.hash(data: Data(parts.joined(separator: "|").utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5 layout (name-based)
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

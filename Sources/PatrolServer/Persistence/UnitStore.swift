import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore

/// Units as a caller may see and change them: the scope rule (`PatrolUnitVisibility`) applied to
/// queries, shifts signed on and off, and status changes stored once by the phone's id. Throws
/// the domain's errors; the error middleware makes them HTTP.
package struct UnitStore {
    package let db: any Database

    // MARK: Scope

    /// The units an officer is signed on to now.
    package func crewUnits(of officer: UUID) async throws -> Set<UUID> {
        Set(try await PatrolShiftModel.query(on: db).filter(\.$officerID == officer).filter(\.$signedOffAt == nil).all().map(\.unitID))
    }

    /// The units `caller` may see, as a query to filter and page further.
    package func visible(to caller: Caller) async throws -> QueryBuilder<PatrolUnitModel> {
        let q = PatrolUnitModel.query(on: db)
        if caller.role == .patrolOfficer {
            q.filter(\.$id ~~ Array(try await crewUnits(of: caller.userID)))
        } else {
            q.filter(\.$stationPath =~ caller.scopePath)
        }
        return q
    }

    /// The unit `id` if `caller` sees it; otherwise the same 404 as an unknown id.
    package func unit(_ id: UUID, for caller: Caller) async throws -> PatrolUnitModel {
        guard let unit = try await PatrolUnitModel.find(id, on: db) else { throw DomainError.notFound("巡逻单元") }
        let crew = caller.role == .patrolOfficer ? try await crewUnits(of: caller.userID) : []
        guard PatrolUnitVisibility.sees(role: caller.role, scopePath: caller.scopePath, crewUnits: crew,
                                        unitID: id, stationPath: unit.stationPath) else { throw DomainError.notFound("巡逻单元") }
        return unit
    }

    /// The unit `id` if the officer `caller` may sign on to it: one of their station's units.
    package func joinable(_ id: UUID, for caller: Caller) async throws -> PatrolUnitModel {
        guard let unit = try await PatrolUnitModel.find(id, on: db),
              PatrolUnitVisibility.mayJoin(officerPath: caller.scopePath, stationPath: unit.stationPath)
        else { throw DomainError.notFound("巡逻单元") }
        return unit
    }

    // MARK: Shifts

    /// Signs `officer` on to `unit` at `at`; the first officer on puts the unit on duty. A resent
    /// sign-on (same id) answers the shift it made.
    package func signOn(shiftID: UUID, unit: PatrolUnitModel, officer: UUID, at: Date, now: Date) async throws -> (PatrolShiftModel, created: Bool) {
        let unitID = try unit.requireID()
        if let same = try await PatrolShiftModel.find(shiftID, on: db) {
            guard same.unitID == unitID, same.officerID == officer else { throw DomainError.duplicateID(shiftID) }
            return (same, false)
        }
        if let open = try await PatrolShiftModel.query(on: db).filter(\.$officerID == officer).filter(\.$signedOffAt == nil).first() {
            throw open.unitID == unitID
                ? DomainError(code: "already_signed_on", message: "already signed on to this unit", messageZh: "已在本单元签到上岗", kind: .conflict)
                : DomainError(code: "on_other_unit", message: "signed on to another unit: sign off there first",
                              messageZh: "已在另一单元上岗，请先在该单元签退", kind: .conflict)
        }
        let shift = PatrolShiftModel()
        shift.id = shiftID
        shift.unitID = unitID
        shift.officerID = officer
        shift.signedOnAt = at
        try await db.writeTransaction { tx in
            try await shift.create(on: tx)
            if unit.status == PatrolUnitStatus.offDuty.rawValue {
                try await Self.record(unit, to: .available, at: at, by: officer, id: UUID(), now: now, on: tx)
            }
        }
        return (shift, true)
    }

    /// Ends `open` (a shift of `unit`) at `at`; the last officer off takes the unit off duty. A
    /// shift already ended (a resend) is answered unchanged.
    package func signOff(_ open: PatrolShiftModel, unit: PatrolUnitModel, at: Date, now: Date) async throws -> PatrolShiftModel {
        let unitID = try unit.requireID(), officer = open.officerID
        if open.signedOffAt != nil { return open }
        // A phone clock behind the server's may date the sign-off before the sign-on: the shift then ends as it began.
        open.signedOffAt = max(at, open.signedOnAt)
        try await db.writeTransaction { tx in
            try await open.save(on: tx)
            let others = try await PatrolShiftModel.query(on: tx).filter(\.$unitID == unitID).filter(\.$signedOffAt == nil).count()
            if others == 0, unit.status != PatrolUnitStatus.offDuty.rawValue {
                try await Self.record(unit, to: .offDuty, at: max(at, open.signedOnAt), by: officer, id: UUID(), now: now, on: tx)
            }
        }
        return open
    }

    // MARK: Status

    /// A tap: `unit` becomes `to` at `at`. A resent tap (same id) changes nothing more; a tap older
    /// than the unit's last change (sent late from a queue) is kept in the history only.
    package func changeStatus(id: UUID, unit: PatrolUnitModel, to: PatrolUnitStatus, at: Date, by user: UUID, now: Date) async throws -> Bool {
        let unitID = try unit.requireID()
        if let same = try await PatrolStatusChangeModel.find(id, on: db) {
            guard same.unitID == unitID, same.toStatus == to.rawValue else { throw DomainError.duplicateID(id) }
            return false
        }
        let current = PatrolUnitStatus(rawValue: unit.status) ?? .offDuty
        let latest = try await PatrolStatusChangeModel.query(on: db).filter(\.$unitID == unitID).sort(\.$at, .descending).first()
        if let latest, at < latest.at {
            try await Self.change(unitID, from: current, to: to, at: at, by: user, id: id, now: now).create(on: db)
            return true
        }
        try current.checkTap(to)
        try await db.writeTransaction { tx in try await Self.record(unit, to: to, at: at, by: user, id: id, now: now, on: tx) }
        return true
    }

    /// Moves the unit's status and stores the change, in the caller's transaction.
    static func record(_ unit: PatrolUnitModel, to: PatrolUnitStatus, at: Date, by user: UUID?, id: UUID, now: Date, on db: any Database) async throws {
        let from = PatrolUnitStatus(rawValue: unit.status) ?? .offDuty
        try await change(try unit.requireID(), from: from, to: to, at: at, by: user, id: id, now: now).create(on: db)
        unit.status = to.rawValue
        try await unit.save(on: db)
    }

    static func change(_ unit: UUID, from: PatrolUnitStatus, to: PatrolUnitStatus, at: Date, by user: UUID?, id: UUID, now: Date) -> PatrolStatusChangeModel {
        let c = PatrolStatusChangeModel()
        c.id = id
        c.unitID = unit
        c.fromStatus = from.rawValue
        c.toStatus = to.rawValue
        c.at = at
        c.byUserID = user
        c.recordedAt = now
        return c
    }

    package init(db: any Database) { self.db = db }
}

extension DomainError {
    /// A client-made id already used for a different record.
    package static func duplicateID(_ id: UUID) -> DomainError {
        DomainError(code: "duplicate_id", message: "id \(id) is already used by a different record", messageZh: "编号 \(id) 已用于另一条记录")
    }
}

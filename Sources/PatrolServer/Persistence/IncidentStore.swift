import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import SQLKit

/// The one write path of an incident's timeline, and the scope rule of its reads. The domain's
/// `IncidentHistory` decides (a resend by client id, a stale version, the task steps); this stores
/// its answer in one transaction: the event row, the projection, the task row, the unit's status
/// and the audit record. A concurrent writer of the same version loses on (incident_id, seq).
package struct IncidentStore {
    package let db: any Database

    /// What a write left: the incident as stored, its state, whether this request stored the
    /// event, and the units whose status it changed (for the live stream).
    package struct Appended {
        package var model: IncidentModel
        package var state: IncidentState
        package var created: Bool
        package var unitsChanged: [PatrolUnitModel] = []
    }

    // MARK: Scope

    /// The incidents `caller` may see: an officer those their unit has a task on; everyone else
    /// those placed in their subtree or worked by a unit of it (a station helping its neighbour).
    package func visible(to caller: Caller) async throws -> QueryBuilder<IncidentModel> {
        try await Self.visible(IncidentModel.self, to: caller, scope: \.$scopePath, tasks: IncidentTaskModel.schema, key: "incident_id", on: db)
    }

    /// The rule for every record units work on (incidents, containment orders, reinforcement
    /// alerts), as a query of `M`: an officer sees those their unit has a task on (in `tasks`,
    /// whose `key` names the record and `unit_id` the unit); everyone else those kept at a path in
    /// their subtree, and those a unit of their subtree has a task on.
    package static func visible<M: Model>(_: M.Type, to caller: Caller, scope: KeyPath<M, FieldProperty<M, String>>, tasks: String, key: String,
                                          on db: any Database) async throws -> QueryBuilder<M> where M.IDValue == UUID {
        let q = M.query(on: db)
        if caller.role == .patrolOfficer {
            let crew = try await UnitStore(db: db).crewUnits(of: caller.userID)
            guard !crew.isEmpty, let sql = db as? any SQLDatabase else { return q.filter(\M._$id ~~ [UUID]()) }
            let rows = try await sql.select().distinct().column(SQLColumn(key)).from(tasks)
                .where(SQLColumn("unit_id"), .in, SQLBind.group(Array(crew))).all()
            return q.filter(\M._$id ~~ (try rows.map { try $0.decode(column: key, as: UUID.self) }))
        }
        let helped = try await helped(outside: caller.scopePath, tasks: tasks, key: key, records: M.schema, on: db)
        return helped.isEmpty ? q.filter(scope =~ caller.scopePath)
            : q.group(.or) { $0.filter(scope =~ caller.scopePath).filter(\M._$id ~~ helped) }
    }

    /// The records outside `scopePath` that a unit inside it has a task on (a station helping its
    /// neighbour): only those, so a county-wide caller, who sees every record by its path anyway,
    /// does not read a year of tasks per request.
    package static func helped(outside scopePath: String, tasks: String, key: String, records: String, on db: any Database) async throws -> [UUID] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let like = scopePath + "%"   // as Fluent's `=~` (hasPrefix) writes it
        let rows = try await sql.select().distinct().column(SQLColumn(key, table: "t"))
            .from(SQLAlias(SQLIdentifier(tasks), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier(records), as: SQLIdentifier("r")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "r"), .equal, SQLColumn(key, table: "t"))
            .where(SQLColumn("station_path", table: "t"), .like, SQLBind(like))
            .where(SQLColumn("scope_path", table: "r"), .notLike, SQLBind(like))
            .all()
        return try rows.map { try $0.decode(column: key, as: UUID.self) }
    }

    /// Whether `caller` sees the record `id` kept at `scopePath`: `visible`'s rule for one record,
    /// which reads the record's own tasks instead of every record the caller's units helped with.
    package static func sees(_ caller: Caller, record id: UUID, at scopePath: String, tasks: String, key: String, on db: any Database) async throws -> Bool {
        let officer = caller.role == .patrolOfficer
        if !officer, scopePath.hasPrefix(caller.scopePath) { return true }
        guard let sql = db as? any SQLDatabase else { return false }
        let q = sql.select().column(SQLColumn(key)).from(tasks).where(SQLColumn(key), .equal, SQLBind(id)).limit(1)
        if officer {
            let crew = try await UnitStore(db: db).crewUnits(of: caller.userID)
            guard !crew.isEmpty else { return false }
            q.where(SQLColumn("unit_id"), .in, SQLBind.group(Array(crew)))
        } else {
            q.where(SQLColumn("station_path"), .like, SQLBind(caller.scopePath + "%"))
        }
        return try await q.first() != nil
    }

    /// The incident `id` if `caller` sees it; otherwise the same 404 as an unknown id.
    package func incident(_ id: UUID, for caller: Caller) async throws -> IncidentModel {
        guard let m = try await IncidentModel.find(id, on: db),
              try await Self.sees(caller, record: id, at: m.scopePath, tasks: IncidentTaskModel.schema, key: "incident_id", on: db)
        else { throw DomainError.notFound("警情") }
        return m
    }

    package static func state(of model: IncidentModel) throws -> IncidentState {
        try StoredJSON.decoder.decode(IncidentState.self, from: Data(model.state.utf8))
    }

    package func events(of id: UUID) async throws -> [(event: IncidentEvent, seq: Int, recordedAt: Date)] {
        try await IncidentEventModel.query(on: db).filter(\.$incidentID == id).sort(\.$seq).all().map {
            (try Self.decode($0), $0.seq, $0.recordedAt)
        }
    }

    // MARK: Writes

    /// Records a new incident. Its id doubles as the first event's, so a resent intake answers
    /// the stored incident instead of making a second one.
    package func register(id: UUID, intake: IncidentIntake, by caller: Caller, now: Date) async throws -> Appended {
        let event = IncidentEvent(id: id, incidentId: id, at: intake.call.at, actorUserId: caller.userID, kind: .reported(intake))
        if let existing = try await IncidentModel.find(id, on: db) {
            let stored = try await IncidentEventModel.find(id, on: db).map(Self.decode)
            _ = try IncidentHistory.next(after: nil, appending: Self.retry(of: stored, as: event), basedOn: nil, existing: stored ?? event)
            return Appended(model: existing, state: try Self.state(of: existing), created: false)
        }
        guard let state = try IncidentHistory.next(after: nil, appending: event, basedOn: 0, existing: nil) else { throw DomainError.duplicateEvent(id) }
        // The intake's event takes the incident's id: an id already used by another incident's
        // event is refused here, not found by five failed inserts.
        if try await IncidentEventModel.find(id, on: db) != nil { throw APIError.idTaken(id) }
        let grid = try await GridLocator(db: db).grid(containing: GeoPoint(lat: intake.place.lat, lon: intake.place.lon), within: caller.scopePath)
        for _ in 0..<5 {
            // A new model each attempt: a rolled-back attempt leaves Fluent's model marked as
            // stored, and creating it again would trap.
            let model = IncidentModel()
            model.id = id
            model.gridOrgUnitID = grid?.id
            model.scopePath = grid?.path ?? caller.scopePath
            model.number = try await IncidentNumbers(db: db).next(for: state.reportedAt)
            do {
                try await db.writeTransaction { tx in
                    Self.project(state, into: model, at: now)
                    try await model.create(on: tx)
                    try await Self.row(event, seq: 1, recordedAt: now).create(on: tx)
                    try await AuditLog.record(on: tx, at: now, actor: caller, action: "incident.reported", entityType: "incident",
                                              entityID: id, before: Nothing?.none, after: Self.auditView(state))
                }
                return Appended(model: model, state: state, created: true)
            } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
                // A concurrent resend won (answer it), or the number was one a row stored without the
                // counter had (draw the next).
                if let existing = try await IncidentModel.find(id, on: db) {
                    return Appended(model: existing, state: try Self.state(of: existing), created: false)
                }
                continue
            }
        }
        throw DomainError(code: "conflict", message: "could not number the incident: try again", messageZh: "警情编号冲突，请重试")
    }

    /// Appends one event to `model` (read once by the caller). A resend (same id, same content)
    /// answers the stored state; a stale `baseVersion` is `version_conflict` and changes nothing.
    package func append(to model: IncidentModel, eventID: UUID, kind: IncidentEventKind, at: Date, baseVersion: Int?,
                        by caller: Caller?, now: Date) async throws -> Appended {
        let incidentID = try model.requireID()
        let state = try Self.state(of: model)
        let prior = try await IncidentEventModel.find(eventID, on: db).map(Self.decode)
        let event = Self.retry(of: prior, as: IncidentEvent(id: eventID, incidentId: incidentID, at: at, actorUserId: caller?.userID, kind: kind))
        guard let next = try IncidentHistory.next(after: state, appending: event, basedOn: baseVersion, existing: prior) else {
            return Appended(model: model, state: state, created: false)
        }
        do {
            return try await db.writeTransaction { tx in
                try await Self.store(event, after: state, next: next, model: model, by: caller, now: now, on: tx)
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            if try await IncidentEventModel.find(eventID, on: db) != nil, let m = try await IncidentModel.find(incidentID, on: db) {
                return Appended(model: m, state: try Self.state(of: m), created: false)
            }
            throw DomainError.versionConflict(expected: state.version, actual: state.version + 1)
        }
    }

    /// Sends `unit` to `model`. A unit busy on another incident is taken off it only with a
    /// `reason`, and that task is recorded there as interrupted, in the same transaction.
    package func dispatch(_ unit: PatrolUnitModel, to model: IncidentModel, eventID: UUID, etaSeconds: Double?, reason: String?,
                          baseVersion: Int?, by caller: Caller, now: Date) async throws -> Appended {
        let incidentID = try model.requireID(), unitID = try unit.requireID()
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let kind = IncidentEventKind.dispatched(unitId: unitID, etaSeconds: etaSeconds.map { ($0 * 10).rounded() / 10 }, reason: reason)
        let prior = try await IncidentEventModel.find(eventID, on: db).map(Self.decode)
        // A resend is answered by the timeline, before the unit's state (which this dispatch changed) is looked at.
        if prior != nil { return try await append(to: model, eventID: eventID, kind: kind, at: now, baseVersion: nil, by: caller, now: now) }
        let status = PatrolUnitStatus(rawValue: unit.status) ?? .offDuty
        guard status != .offDuty else {
            throw DomainError(code: "unit_off_duty", message: "the unit is off duty", messageZh: "该单元未上岗，不能派警", kind: .conflict)
        }
        let elsewhere = try await IncidentTaskModel.query(on: db).filter(\.$unitID == unitID).filter(\.$incidentID != incidentID)
            .filter(\.$state ~~ IncidentTaskState.allCases.filter(\.isActive).map(\.rawValue)).all()
        if (!elsewhere.isEmpty || !status.isDispatchable), reason == nil {
            throw DomainError(code: "unit_busy", message: "the unit is \(status.rawValue): give a reason to reassign it",
                              messageZh: "该单元正忙（\(status.label)），改派须填写理由", kind: .conflict)
        }
        let state = try Self.state(of: model)
        let event = IncidentEvent(id: eventID, incidentId: incidentID, at: now, actorUserId: caller.userID, kind: kind)
        guard let next = try IncidentHistory.next(after: state, appending: event, basedOn: baseVersion, existing: nil) else {
            return Appended(model: model, state: state, created: false)
        }
        do {
            return try await db.writeTransaction { tx in
                for task in elsewhere {
                    guard let other = try await IncidentModel.find(task.incidentID, on: tx) else { continue }
                    let otherState = try Self.state(of: other)
                    let cut = IncidentEvent(id: UUID(), incidentId: task.incidentID, at: now, actorUserId: caller.userID,
                                            kind: .interrupted(unitId: unitID, reason: reason ?? "", toIncidentId: incidentID))
                    let after = try otherState.applying(cut)
                    // The unit goes straight to its new task: no "available" in between.
                    _ = try await Self.store(cut, after: otherState, next: after, model: other, by: caller, now: now, on: tx,
                                             unit: unit, syncUnit: false)
                }
                return try await Self.store(event, after: state, next: next, model: model, by: caller, now: now, on: tx, unit: unit)
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            throw DomainError.versionConflict(expected: state.version, actual: state.version + 1)
        }
    }

    /// Merges `model`, a second report of `target`, into it: its calls move to `target` (so one
    /// event is counted once) and it closes as merged, both in one transaction.
    package func merge(_ model: IncidentModel, into target: IncidentModel, eventID: UUID, baseVersion: Int?, by caller: Caller,
                       now: Date) async throws -> Appended {
        let incidentID = try model.requireID(), targetID = try target.requireID()
        let state = try Self.state(of: model)
        let prior = try await IncidentEventModel.find(eventID, on: db).map(Self.decode)
        let event = Self.retry(of: prior, as: IncidentEvent(id: eventID, incidentId: incidentID, at: now, actorUserId: caller.userID,
                                                            kind: .merged(intoIncidentId: targetID)))
        guard let next = try IncidentHistory.next(after: state, appending: event, basedOn: baseVersion, existing: prior) else {
            return Appended(model: model, state: state, created: false)
        }
        let targetState = try Self.state(of: target)
        let absorbed = IncidentEvent(id: UUID(), incidentId: targetID, at: now, actorUserId: caller.userID,
                                     kind: .absorbed(fromIncidentId: incidentID, calls: state.calls))
        let targetNext = try targetState.applying(absorbed)
        do {
            return try await db.writeTransaction { tx in
                _ = try await Self.store(absorbed, after: targetState, next: targetNext, model: target, by: caller, now: now, on: tx)
                return try await Self.store(event, after: state, next: next, model: model, by: caller, now: now, on: tx)
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            if try await IncidentEventModel.find(eventID, on: db) != nil, let m = try await IncidentModel.find(incidentID, on: db) {
                return Appended(model: m, state: try Self.state(of: m), created: false)
            }
            throw DomainError.versionConflict(expected: state.version, actual: state.version + 1)
        }
    }

    /// Stores `event` (already decided: `state` → `next`) in the caller's transaction.
    static func store(_ event: IncidentEvent, after state: IncidentState, next: IncidentState, model: IncidentModel, by caller: Caller?,
                      now: Date, on tx: any Database, unit knownUnit: PatrolUnitModel? = nil, syncUnit: Bool = true) async throws -> Appended {
        let incidentID = try model.requireID()
        try await row(event, seq: state.version + 1, recordedAt: now).create(on: tx)
        project(next, into: model, at: now)
        try await model.update(on: tx)
        var changed: [PatrolUnitModel] = []
        var found = knownUnit
        if found == nil, let unitID = event.kind.unitId { found = try await PatrolUnitModel.find(unitID, on: tx) }
        if let unitID = event.kind.unitId, let task = next.task(of: unitID), let unit = found {
            var row: IncidentTaskModel! = try await IncidentTaskModel.find(task.dispatchEventId, on: tx)
            if row == nil {
                row = IncidentTaskModel()
                row.id = task.dispatchEventId
                row.incidentID = incidentID
                row.unitID = unitID
                row.stationPath = unit.stationPath
                row.assignedAt = task.assignedAt
            }
            row.state = task.state.rawValue
            row.updatedAt = now
            try await row.save(on: tx)
            // The unit's status follows its task; a unit that cleared here but is still on another
            // task keeps that one's status.
            var wanted = task.state.unitStatus
            if !task.state.isActive {
                let others = try await IncidentTaskModel.query(on: tx).filter(\.$unitID == unitID).filter(\.$id != task.dispatchEventId)
                    .filter(\.$state ~~ IncidentTaskState.allCases.filter(\.isActive).map(\.rawValue)).sort(\.$assignedAt, .descending).first()
                if let others, let s = IncidentTaskState(rawValue: others.state) { wanted = s.unitStatus }
            }
            if syncUnit, unit.status != wanted.rawValue, unit.status != PatrolUnitStatus.offDuty.rawValue {
                try await UnitStore.record(unit, to: wanted, at: max(event.at, task.assignedAt), by: caller?.userID, id: UUID(), now: now, on: tx)
                changed.append(unit)
            }
        }
        try await AuditLog.record(on: tx, at: now, actor: caller, action: "incident.\(event.type.rawValue)", entityType: "incident",
                                  entityID: incidentID, before: ["version": String(state.version), "status": state.status.rawValue],
                                  after: ["version": String(next.version), "status": next.status.rawValue, "unit": event.kind.unitId?.uuidString ?? ""])
        return Appended(model: model, state: next, created: true, unitsChanged: changed)
    }

    // MARK: Rows

    package static func project(_ s: IncidentState, into m: IncidentModel, at now: Date) {
        m.type = s.type.rawValue
        m.priority = s.priority.rawValue
        m.status = s.status.rawValue
        m.lat = s.place.lat
        m.lon = s.place.lon
        m.reportedAt = s.reportedAt
        m.firstDispatchedAt = s.firstDispatchedAt
        m.firstOnSceneAt = s.firstOnSceneAt
        m.closedAt = s.closedAt
        m.callCount = s.calls.count
        m.version = s.version
        m.state = String(decoding: (try? StoredJSON.encoder.encode(s)) ?? Data("{}".utf8), as: UTF8.self)
        m.updatedAt = now
    }

    package static func row(_ event: IncidentEvent, seq: Int, recordedAt: Date) throws -> IncidentEventModel {
        let r = IncidentEventModel()
        r.id = event.id
        r.incidentID = event.incidentId
        r.seq = seq
        r.type = event.type.rawValue
        r.at = event.at
        r.recordedAt = recordedAt
        r.actorUserID = event.actorUserId
        r.unitID = event.kind.unitId
        r.body = String(decoding: try StoredJSON.encoder.encode(event), as: UTF8.self)
        return r
    }

    package static func decode(_ row: IncidentEventModel) throws -> IncidentEvent {
        try StoredJSON.decoder.decode(IncidentEvent.self, from: Data(row.body.utf8))
    }

    /// A resend carries the first attempt's server stamp (time, actor): "the same event" is the same content.
    static func retry(of stored: IncidentEvent?, as event: IncidentEvent) -> IncidentEvent {
        guard let stored, stored.incidentId == event.incidentId, stored.kind == event.kind else { return event }
        return stored
    }

    /// The audit trail keeps what was decided, with callers masked.
    static func auditView(_ s: IncidentState) -> [String: String] {
        ["type": s.type.rawValue, "priority": String(s.priority.rawValue), "calls": s.calls.map { $0.masked.callerName }.joined(separator: ",")]
    }

    package init(db: any Database) { self.db = db }
}

/// The day of a time in China (UTC+8, no summer time), as `yyyyMMdd`.
enum DayKey {
    static func string(_ at: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let c = cal.dateComponents([.year, .month, .day], from: at)
        return String(format: "%04d%02d%02d", c.year!, c.month!, c.day!)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

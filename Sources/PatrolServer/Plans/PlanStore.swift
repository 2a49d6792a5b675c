import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import SQLKit

/// Plans (P9) as stored and as a caller may see them, their activation (one transaction: the
/// activation, one task per staffed post, the units to work, the audit) and their deactivation
/// (the units freed as a lifted containment order frees them).
package struct PlanStore {
    package let db: any Database

    package static func layout(of json: String) throws -> PlanLayout {
        try StoredJSON.decoder.decode(PlanLayout.self, from: Data(json.utf8))
    }
    static func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try StoredJSON.encoder.encode(value), as: UTF8.self) }

    /// The plans in `caller`'s subtree that are not retired.
    package func visible(to caller: Caller) -> QueryBuilder<PlanModel> {
        PlanModel.query(on: db).filter(\.$scopePath =~ caller.scopePath).filter(\.$retiredAt == nil)
    }

    /// The plan `id` if `caller` sees it; otherwise the same 404 as an unknown id.
    package func plan(_ id: UUID, for caller: Caller) async throws -> PlanModel {
        guard caller.role != .patrolOfficer, let m = try await PlanModel.find(id, on: db), m.retiredAt == nil, caller.canSee(path: m.scopePath)
        else { throw DomainError.notFound("预案") }
        return m
    }

    /// The activations `caller` may see: an officer those with a task of their unit; everyone else
    /// those of plans in their subtree, or with a task of one of their units.
    package func activations(to caller: Caller) async throws -> QueryBuilder<PlanActivationModel> {
        try await IncidentStore.visible(PlanActivationModel.self, to: caller, scope: \.$scopePath, tasks: PlanTaskModel.schema, key: "activation_id", on: db)
    }

    package func activation(_ id: UUID, for caller: Caller) async throws -> PlanActivationModel {
        guard let m = try await PlanActivationModel.find(id, on: db),
              try await IncidentStore.sees(caller, record: id, at: m.scopePath, tasks: PlanTaskModel.schema, key: "activation_id", on: db)
        else { throw DomainError.notFound("预案启动记录") }
        return m
    }

    // MARK: Writing plans

    /// Stores a new plan; a resend of the same id answers the stored one (`created` false).
    package func create(_ m: PlanModel, by caller: Caller, now: Date) async throws -> (PlanModel, created: Bool) {
        let id = try m.requireID()
        if let existing = try await PlanModel.find(id, on: db) {
            guard existing.name == m.name, existing.scopePath.hasPrefix(caller.scopePath) else { throw DomainError.duplicateID(id) }
            return (existing, false)
        }
        do {
            try await db.writeTransaction { tx in
                try await m.create(on: tx)
                try await AuditLog.record(on: tx, at: now, actor: caller, action: "plan.create", entityType: "plan", entityID: id,
                                          before: Nothing?.none, after: ["name": m.name, "kind": m.kind, "layout": m.layout])
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            if let existing = try await PlanModel.find(id, on: db) { return (existing, false) }
            throw error
        }
        return (m, true)
    }

    /// Replaces the plan's content if `baseVersion` is still its version (409 otherwise, also when
    /// another edit wins between the read and the write).
    package func update(_ m: PlanModel, baseVersion: Int, apply: @Sendable (PlanModel) -> Void, by caller: Caller, now: Date) async throws -> PlanModel {
        guard m.version == baseVersion else { throw DomainError.versionConflict(expected: baseVersion, actual: m.version) }
        let before = ["name": m.name, "kind": m.kind, "layout": m.layout]
        apply(m)
        m.version = baseVersion + 1
        m.updatedAt = now
        let id = try m.requireID()
        try await db.writeTransaction { tx in
            try await Self.guardVersion(id, baseVersion, on: tx)
            try await m.save(on: tx)
            try await AuditLog.record(on: tx, at: now, actor: caller, action: "plan.update", entityType: "plan", entityID: id,
                                      before: before, after: ["name": m.name, "kind": m.kind, "layout": m.layout])
        }
        return m
    }

    /// Retires the plan (it leaves the lists; its activations stay on record). Not while active.
    package func retire(_ m: PlanModel, by caller: Caller, now: Date) async throws -> PlanModel {
        guard m.activeActivationID == nil else { throw Self.active() }
        let id = try m.requireID()
        m.retiredAt = now
        m.version += 1
        m.updatedAt = now
        let base = m.version - 1
        try await db.writeTransaction { tx in
            try await Self.guardVersion(id, base, inactive: true, on: tx)
            try await m.save(on: tx)
            try await AuditLog.record(on: tx, at: now, actor: caller, action: "plan.retire", entityType: "plan", entityID: id,
                                      before: ["retired": "false"], after: ["retired": "true"])
        }
        return m
    }

    /// Claims the version (and that the plan is not active) in the transaction: the one check that
    /// holds when two writes race.
    static func guardVersion(_ id: UUID, _ version: Int, inactive: Bool = false, on tx: any Database) async throws {
        guard let sql = tx as? any SQLDatabase else { return }
        let won = try await sql.raw("""
            UPDATE \(ident: PlanModel.schema) SET "version" = "version" + 1
            WHERE "id" = \(bind: id) AND "version" = \(bind: version) AND (\(bind: !inactive) OR "active_activation_id" IS NULL) RETURNING "id"
            """).all()
        guard won.isEmpty else { return }
        guard let now = try await PlanModel.find(id, on: tx) else { throw DomainError.notFound("预案") }
        if inactive, now.activeActivationID != nil { throw active() }
        throw DomainError.versionConflict(expected: version, actual: now.version)
    }

    static func active() -> DomainError {
        DomainError(code: "plan_active", message: "the plan is active; deactivate it first", messageZh: "预案正在启动中，请先解除", kind: .conflict)
    }

    // MARK: Activation

    /// A post's unit and drive, as decided before the transaction.
    package struct Staffed: Sendable {
        var post: Int
        var unit: PatrolUnitModel
        var seconds: Double
        var route: [[Double]]
    }

    /// Activates `plan`: the activation, one task per staffed post and the units to work, in one
    /// transaction. A resend of the same id answers the stored activation (`created` false); a plan
    /// already active is 409.
    package func activate(id: UUID, plan: PlanModel, layout: PlanLayout, outcomes: [PlanAssignment.Outcome], staffed: [Staffed],
                          by caller: Caller, now: Date) async throws -> (PlanActivationModel, created: Bool, changed: [PatrolUnitModel]) {
        let planID = try plan.requireID()
        if let existing = try await resent(id, plan: planID) { return (existing, false, []) }
        let a = PlanActivationModel()
        a.id = id
        a.planID = planID
        a.scopePath = plan.scopePath
        a.startedAt = now
        a.startedBy = caller.userID
        a.layout = try Self.json(layout)
        a.outcomes = try Self.json(outcomes)
        let tasks = try staffed.map { s in
            let t = PlanTaskModel()
            let post = layout.posts[s.post]
            t.activationID = id
            t.postIndex = s.post
            t.postName = post.name
            t.lat = post.lat
            t.lon = post.lon
            t.unitID = try s.unit.requireID()
            t.stationPath = s.unit.stationPath
            t.targetSeconds = Double(post.targetMinutes * 60)
            t.plannedSeconds = s.seconds
            t.route = try Self.json(s.route)
            return t
        }
        let units = staffed.map(\.unit)
        do {
            let changed = try await db.writeTransaction { tx -> [PatrolUnitModel] in
                guard let sql = tx as? any SQLDatabase else { throw DomainError.invalid("unsupported_database", "needs an SQL database", "需要 SQL 数据库") }
                try await a.create(on: tx)
                // The one check that the plan is not active, made where two activations would race.
                let won = try await sql.raw("""
                    UPDATE \(ident: PlanModel.schema) SET "active_activation_id" = \(bind: id)
                    WHERE "id" = \(bind: planID) AND "active_activation_id" IS NULL AND "retired_at" IS NULL RETURNING "id"
                    """).all()
                guard !won.isEmpty else { throw Self.active() }
                for t in tasks { try await t.create(on: tx) }
                let changed = try await ContainmentStore.putToWork(units, by: caller, now: now, on: tx)
                try await AuditLog.record(on: tx, at: now, actor: caller, action: "plan.activate", entityType: "plan_activation", entityID: id,
                                          before: Nothing?.none,
                                          after: ["plan": planID.uuidString, "posts": String(layout.posts.count), "tasks": String(tasks.count),
                                                  "units": units.map(\.callSign).joined(separator: "、"),
                                                  "skipped": Self.skippedNote(outcomes, layout: layout)])
                return changed
            }
            plan.activeActivationID = id
            return (a, true, changed)
        } catch {
            // The same id sent twice at once: the first one's activation is the answer.
            if let existing = try await resent(id, plan: planID) { return (existing, false, []) }
            throw error
        }
    }

    private func resent(_ id: UUID, plan: UUID) async throws -> PlanActivationModel? {
        guard let existing = try await PlanActivationModel.find(id, on: db) else { return nil }
        guard existing.planID == plan else { throw DomainError.duplicateID(id) }
        return existing
    }

    /// The posts nobody was sent to, and the named units passed over, for the audit record.
    static func skippedNote(_ outcomes: [PlanAssignment.Outcome], layout: PlanLayout) -> String {
        outcomes.compactMap { o in
            let post = layout.posts[o.post].name
            if o.unitID == nil { return "\(post)：无可派单元" + (o.namedSkipped.map { "（指定单元\($0.label)）" } ?? "") }
            return o.namedSkipped.map { "\(post)：指定单元\($0.label)，改派最近单元" }
        }.joined(separator: "；")
    }

    /// Deactivates: the tasks end and the units go back to patrol (unless an incident holds them).
    /// Deactivating again changes nothing.
    package func deactivate(_ a: PlanActivationModel, by caller: Caller, now: Date) async throws -> (PlanActivationModel, changed: [PatrolUnitModel]) {
        guard a.endedAt == nil else { return (a, []) }
        let id = try a.requireID()
        let planID = a.planID
        a.endedAt = now
        a.endedBy = caller.userID
        let changed = try await db.writeTransaction { tx -> [PatrolUnitModel] in
            guard let sql = tx as? any SQLDatabase else { throw DomainError.invalid("unsupported_database", "needs an SQL database", "需要 SQL 数据库") }
            // Only the first deactivation ends it: a second one at the same moment changes nothing.
            let won = try await sql.raw("""
                UPDATE \(ident: PlanActivationModel.schema) SET "ended_at" = \(bind: now), "ended_by" = \(bind: caller.userID)
                WHERE "id" = \(bind: id) AND "ended_at" IS NULL RETURNING "id"
                """).all()
            guard !won.isEmpty else { return [] }
            try await sql.raw("""
                UPDATE \(ident: PlanModel.schema) SET "active_activation_id" = NULL WHERE "id" = \(bind: planID) AND "active_activation_id" = \(bind: id)
                """).run()
            let tasks = try await PlanTaskModel.query(on: tx).filter(\.$activationID == id).all()
            let changed = try await ContainmentStore.release(tasks.map(\.unitID), by: caller, now: now, on: tx)
            try await AuditLog.record(on: tx, at: now, actor: caller, action: "plan.deactivate", entityType: "plan_activation", entityID: id,
                                      before: ["ended": "false"], after: ["ended": "true", "freed": changed.map(\.callSign).joined(separator: "、")])
            return changed
        }
        return (try await PlanActivationModel.find(id, on: db) ?? a, changed)
    }

    package init(db: any Database) { self.db = db }
}

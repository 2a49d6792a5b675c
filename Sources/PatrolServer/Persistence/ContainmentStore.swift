import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import Routing
import ServerCore
import SQLKit

/// Containment orders (P5) as stored and as a caller may see them. An order is planned once, from
/// the positions at its start (`ContainmentPlan`), and kept as planned; its tasks put their units
/// to work until it is lifted; arrivals are read from the units' tracks (`DrillReport`).
package struct ContainmentStore {
    package let db: any Database

    /// The orders `caller` may see: an officer those with a task of their unit; everyone else those
    /// in their subtree or with a task of one of their units.
    package func visible(to caller: Caller) async throws -> QueryBuilder<ContainmentOrderModel> {
        try await IncidentStore.visible(ContainmentOrderModel.self, to: caller, scope: \.$scopePath, tasks: ContainmentTaskModel.schema, key: "order_id", on: db)
    }

    package func order(_ id: UUID, for caller: Caller) async throws -> ContainmentOrderModel {
        guard let m = try await ContainmentOrderModel.find(id, on: db),
              try await IncidentStore.sees(caller, record: id, at: m.scopePath, tasks: ContainmentTaskModel.schema, key: "order_id", on: db)
        else { throw DomainError.notFound("封控指令") }
        return m
    }

    package static func plan(of m: ContainmentOrderModel) throws -> ContainmentPlan {
        try StoredJSON.decoder.decode(ContainmentPlan.self, from: Data(m.plan.utf8))
    }

    /// Stores a new order with its plan and rings, and puts every tasked unit to work (dispatched).
    /// A resend of the same id answers the stored order (`created` false).
    package func start(id: UUID, incident: IncidentModel?, scene: GeoPoint, drill: Bool, plan: ContainmentPlan, rings: String,
                       units: [UUID: DispatchUnitRow], by caller: Caller, now: Date) async throws -> (ContainmentOrderModel, created: Bool, changed: [PatrolUnitModel]) {
        if let existing = try await ContainmentOrderModel.find(id, on: db) {
            guard existing.drill == drill, existing.incidentID == incident?.id else { throw DomainError.duplicateID(id) }
            return (existing, false, [])
        }
        let order = ContainmentOrderModel()
        order.id = id
        order.incidentID = try incident?.requireID()
        order.drill = drill
        order.scopePath = incident?.scopePath ?? caller.scopePath
        order.sceneLat = scene.lat
        order.sceneLon = scene.lon
        order.startedAt = now
        order.startedBy = caller.userID
        order.plan = String(decoding: try StoredJSON.encoder.encode(plan), as: UTF8.self)
        order.rings = rings
        let changed: [PatrolUnitModel]
        do {
            changed = try await db.writeTransaction { tx in
                try await order.create(on: tx)
                let tasks = Self.tasks(of: plan)
                // The moving units sent, read once: each goes to work (dispatched).
                let sent = Set(tasks.compactMap { UUID(uuidString: $0.unit) }.filter { units[$0].flatMap { PatrolUnitKind(rawValue: $0.kind)?.moves } == true })
                let models = Dictionary(uniqueKeysWithValues: try await PatrolUnitModel.query(on: tx).filter(\.$id ~~ Array(sent)).all().map { ($0.id!, $0) })
                // One insert for the tasks, one for the status changes, one update of the units: an
                // order tasks 60 to 80 units, and a statement per row was most of its time.
                var taskRows: [[any SQLExpression]] = []
                for task in tasks {
                    guard let unitID = UUID(uuidString: task.unit), let unit = units[unitID] else { continue }
                    let site = task.site
                    taskRows.append([BulkInsert.bind(UUID()), BulkInsert.bind(id), BulkInsert.bind(task.ring.rawValue),
                                     BulkInsert.bind(site?.name ?? "现场"), BulkInsert.bind(site?.position.lat ?? scene.lat),
                                     BulkInsert.bind(site?.position.lon ?? scene.lon), BulkInsert.bind(unitID), BulkInsert.bind(unit.stationPath),
                                     BulkInsert.bind(task.target), BulkInsert.bind(task.planned)])
                }
                guard let sql = tx as? any SQLDatabase else { throw DomainError.invalid("unsupported_database", "needs an SQL database", "需要 SQL 数据库") }
                try await BulkInsert.rows(ContainmentTaskModel.schema, ["id", "order_id", "ring", "site_name", "lat", "lon", "unit_id", "station_path",
                                                                        "target_seconds", "planned_seconds"], taskRows, on: sql)
                let changed = try await Self.putToWork(Array(models.values), by: caller, now: now, on: tx)
                try await AuditLog.record(on: tx, at: now, actor: caller, action: drill ? "containment.drill" : "containment.start",
                                          entityType: "containment_order", entityID: id, before: Nothing?.none,
                                          after: ["incident": incident?.id?.uuidString ?? "", "tasks": String(Self.tasks(of: plan).count)])
                return changed
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            if let existing = try await ContainmentOrderModel.find(id, on: db) { return (existing, false, []) }
            throw error
        }
        return (order, true, changed)
    }

    /// Lifts `order`: its units go back to patrol, unless an incident still holds them. Lifting
    /// again changes nothing.
    package func lift(_ order: ContainmentOrderModel, by caller: Caller, now: Date) async throws -> (ContainmentOrderModel, changed: [PatrolUnitModel]) {
        guard order.liftedAt == nil else { return (order, []) }
        let orderID = try order.requireID()
        let changed = try await db.writeTransaction { tx -> [PatrolUnitModel] in
            order.liftedAt = now
            try await order.save(on: tx)
            let tasks = try await ContainmentTaskModel.query(on: tx).filter(\.$orderID == orderID).all()
            let changed = try await Self.release(tasks.map(\.unitID), by: caller, now: now, on: tx)
            try await AuditLog.record(on: tx, at: now, actor: caller, action: "containment.lift", entityType: "containment_order",
                                      entityID: orderID, before: ["lifted": "false"], after: ["lifted": "true"])
            return changed
        }
        return (order, changed)
    }

    /// The report so far: the plan against the arrivals read from the tracks between the start and
    /// the lift (or now).
    package func report(of order: ContainmentOrderModel, now: Date) async throws -> DrillReport {
        let plan = try Self.plan(of: order)
        let end = order.liftedAt ?? now
        var tracks: [String: [Fix]] = [:]
        let store = FixStore(db: db)
        for task in Self.tasks(of: plan) where !task.post {
            guard let id = UUID(uuidString: task.unit) else { continue }
            tracks[task.unit] = try await store.track(unit: id, from: order.startedAt, to: end).map(\.fix)
        }
        let arrivals = DrillReport.arrivals(plan: plan, scene: GeoPoint(lat: order.sceneLat, lon: order.sceneLon), tracks: tracks,
                                            startedAt: order.startedAt, liftedAt: order.liftedAt)
        return DrillReport.build(plan: plan, startedAt: order.startedAt, arrivals: arrivals, liftedAt: order.liftedAt)
    }

    /// Puts the moving units of an order (or an activated plan, P9) to work: dispatched, in one
    /// insert of status changes and one update. Returns those whose status changed.
    static func putToWork(_ models: [PatrolUnitModel], by caller: Caller, now: Date, on tx: any Database) async throws -> [PatrolUnitModel] {
        let working = models.filter { $0.status != PatrolUnitStatus.dispatched.rawValue }
        guard !working.isEmpty else { return [] }
        guard let sql = tx as? any SQLDatabase else { throw DomainError.invalid("unsupported_database", "needs an SQL database", "需要 SQL 数据库") }
        try await BulkInsert.rows(PatrolStatusChangeModel.schema, ["id", "unit_id", "from_status", "to_status", "at", "by_user_id", "recorded_at"],
                                  working.map { [BulkInsert.bind(UUID()), BulkInsert.bind($0.id), BulkInsert.bind($0.status),
                                                 BulkInsert.bind(PatrolUnitStatus.dispatched.rawValue), BulkInsert.bind(now),
                                                 BulkInsert.bind(caller.userID), BulkInsert.bind(now)] }, on: sql)
        try await PatrolUnitModel.query(on: tx).filter(\.$id ~~ working.compactMap(\.id))
            .set(\.$status, to: PatrolUnitStatus.dispatched.rawValue).update()
        for m in working { m.status = PatrolUnitStatus.dispatched.rawValue }
        return working
    }

    /// Frees the units of a lifted order (or a deactivated plan, P9): each still at work goes back
    /// to patrol (available), unless an incident still holds it. Returns those whose status changed.
    static func release(_ unitIDs: [UUID], by caller: Caller, now: Date, on tx: any Database) async throws -> [PatrolUnitModel] {
        var changed: [PatrolUnitModel] = []
        let busy = Set(try await IncidentTaskModel.query(on: tx).filter(\.$unitID ~~ unitIDs)
            .filter(\.$state ~~ IncidentTaskState.allCases.filter(\.isActive).map(\.rawValue)).all().map(\.unitID))
        let working: Set<String> = [PatrolUnitStatus.dispatched.rawValue, PatrolUnitStatus.enRoute.rawValue, PatrolUnitStatus.onScene.rawValue]
        for unit in try await PatrolUnitModel.query(on: tx).filter(\.$id ~~ unitIDs).all()
        where working.contains(unit.status) && !busy.contains(unit.id ?? UUID()) {
            try await UnitStore.record(unit, to: .available, at: now, by: caller.userID, id: UUID(), now: now, on: tx)
            changed.append(unit)
        }
        return changed
    }

    /// Every unit's task in `plan`, flat: scene units, then gates, then exits (posts included).
    static func tasks(of plan: ContainmentPlan) -> [(unit: String, ring: DrillReport.Ring, site: CheckpointSite?, planned: Double, target: Double, post: Bool)] {
        let t = plan.targets
        return plan.scene.map { ($0.unitID, .scene, nil, $0.seconds, t.sceneSeconds, false) }
            + plan.gates.compactMap { g in g.unitID.map { ($0, .gate, g.site, g.seconds ?? 0, t.gateSeconds, g.staffedByPost) } }
            + plan.exits.compactMap { e in e.unitID.map { ($0, .exit, e.site, e.seconds ?? 0, t.exitSeconds, e.staffedByPost) } }
    }

    package init(db: any Database) { self.db = db }
}

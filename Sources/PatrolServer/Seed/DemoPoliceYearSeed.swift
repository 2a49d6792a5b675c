import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import SQLKit
import Vapor

/// The demo's past year of police work (#10 point 6, `DemoPoliceYear`): about 4,600 incidents with
/// their timelines and the shifts behind about 28,000 patrol person-times, ending at the start of
/// today (China time), so today's live numbering starts fresh. Called from `pingan demo`, not from
/// `PatrolWing.seedDemo` (which every test's `withApp` runs), so tests stay fast and their counts
/// stay theirs.
///
/// The bulk path writes what `IncidentStore` would: each timeline is folded with the domain
/// (`IncidentState`), projected with `IncidentStore.project`, numbered `JQyyyyMMdd-NNNN` per day in
/// report order (after any number that day already has), stored as events (seq 1…n, recorded when
/// they happened) and one task row per dispatch, with one audit record per incident.
///
/// Not stored for the past year: unit status changes and fixes (hundreds of thousands of rows
/// that the statistics read from the timelines and shifts anyway); every unit is left off duty.
///
/// Shifts need an officer account (`patrol_shifts.officer_id` references `users`): the generator's
/// crew rosters become demo accounts `jy0001`… (role patrol officer, at the unit's station, one
/// bcrypt hash of the demo password for all of them), created once with the generator's ids.
package enum DemoPoliceYearSeed {
    package static let seed: UInt64 = 0x4A51_2018_4600_2800
    package static let usernamePrefix = "jy"

    package struct Loaded: Sendable {
        package var incidents = 0, events = 0, tasks = 0, shifts = 0, officers = 0
        package var seconds = 0.0
    }

    /// The demo county as the generator needs it: grids with their shapes, units, the dispatcher.
    package struct County: Sendable {
        package var grids: [DemoPoliceYear.Grid]
        package var units: [DemoPoliceYear.Unit]
        package var gridPaths: [UUID: String]
        package var unitModels: [UUID: PatrolUnitModel]
        package var dispatcher: UUID?
    }

    package static func county(on db: any Database) async throws -> County {
        let grids = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.patrolGrid.rawValue).sort(\.$code).all()
        let parents = try await OrgUnitModel.query(on: db).filter(\.$id ~~ grids.compactMap(\.parentID)).all()
        let parentKind = Dictionary(uniqueKeysWithValues: parents.compactMap { p in p.id.map { ($0, p.kind) } })
        let domainGrids = grids.compactMap { g -> DemoPoliceYear.Grid? in
            guard let id = g.id else { return nil }
            let shape = g.geometry.flatMap { try? JSONDecoder().decode(UnitGeometry.self, from: Data($0.utf8)) }
            let area = shape?.polygons.max { abs($0.signedArea) < abs($1.signedArea) } ?? GeoPolygon(outer: [])
            return DemoPoliceYear.Grid(id: id, name: g.name, area: area,
                                       urban: g.parentID.flatMap { parentKind[$0] } == OrgUnitKind.commandCenter.rawValue)
        }
        let units = try await PatrolUnitModel.query(on: db).sort(\.$callSign).all()
        let gridIDs = Set(domainGrids.map(\.id))
        let domainUnits = units.compactMap { u -> DemoPoliceYear.Unit? in
            guard let id = u.id, let kind = u.unitKind, let home = u.homeGridOrgUnitID, gridIDs.contains(home) else { return nil }
            let caps = Set(u.capabilities.split(separator: ",").compactMap { PatrolCapability(rawValue: String($0)) })
            return DemoPoliceYear.Unit(id: id, kind: kind, homeGridId: home, capabilities: caps)
        }
        let dispatcher = try await UserModel.query(on: db).filter(\.$username == "dispatcher").first()?.id
        return County(grids: domainGrids, units: domainUnits, gridPaths: Dictionary(uniqueKeysWithValues: grids.compactMap { g in g.id.map { ($0, g.path) } }),
                      unitModels: Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u) } }), dispatcher: dispatcher)
    }

    /// The year's end: the start of the day of `now`, China time.
    package static func end(for now: Date) -> Date {
        let cal = PinganCalendar.shanghai
        return LocalDate(now, in: cal).start(in: cal)
    }

    /// Loads the `days` days before today, once: nothing is added when the generator's first
    /// incident is already stored. Returns what was added.
    @discardableResult
    package static func run(on app: Application, days: Int = 365, log: (String) -> Void = { _ in }) async throws -> Loaded {
        let db = app.db
        if try await IncidentModel.find(DemoPoliceYear.marker(seed: seed), on: db) != nil {
            log("演示警情：已存在，未重复添加")
            return Loaded()
        }
        let started = Date()
        let now = app.clock.now()
        let county = try await county(on: db)
        guard !county.grids.isEmpty, !county.units.isEmpty else {
            log("演示警情：没有巡逻网格或单元，跳过")
            return Loaded()
        }
        let year = DemoPoliceYear.generate(grids: county.grids, units: county.units, end: end(for: now), seed: seed, days: days,
                                           dispatcherUserId: county.dispatcher)
        var loaded = Loaded()
        loaded.officers = try await createOfficers(year.officers, county: county, on: app, at: now)
        let numbers = try await numbering(year.incidents, on: db)
        var start = 0
        let batch = 250
        while start < year.incidents.count {
            let slice = Array(year.incidents[start..<min(start + batch, year.incidents.count)])
            let counts = try await db.writeTransaction { tx in
                try await loadBatch(slice, numbers: numbers, county: county, on: tx, at: now)
            }
            loaded.incidents += slice.count
            loaded.events += counts.events
            loaded.tasks += counts.tasks
            start += batch
        }
        let shifts = year.shifts
        for s in stride(from: 0, to: shifts.count, by: 5_000) {
            let slice = Array(shifts[s..<min(s + 5_000, shifts.count)])
            try await db.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError, reason: "bulk load needs an SQL database") }
                try await BulkInsert.rows(PatrolShiftModel.schema, ["id", "unit_id", "officer_id", "signed_on_at", "signed_off_at"],
                                 slice.map { [bind($0.id), bind($0.unitId), bind($0.officerId), bind($0.signedOnAt), bind($0.signedOffAt)] }, on: sql)
            }
            loaded.shifts += slice.count
        }
        try await PlannerStatistics.refresh([IncidentModel.schema, IncidentEventModel.schema, IncidentTaskModel.schema, PatrolShiftModel.schema,
                                             AuditRecordModel.schema, UserModel.schema], on: db)
        loaded.seconds = Date().timeIntervalSince(started)
        log("演示警情：新增 \(loaded.incidents) 起（近 \(days) 天，其中重复报警并案 \(loaded.incidents - year.distinctIncidents) 起），"
            + "处警记录 \(loaded.events) 条，巡逻班次 \(loaded.shifts) 人次，民警账号 \(loaded.officers) 个，用时 \(String(format: "%.1f", loaded.seconds)) 秒")
        return loaded
    }

    /// The crews' accounts, created once (by the generator's ids), all with one hash of the demo password.
    static func createOfficers(_ officers: [DemoPoliceYear.Officer], county: County, on app: Application, at now: Date) async throws -> Int {
        let existing = Set(try await UserModel.query(on: app.db).filter(\.$id ~~ officers.map(\.id)).all().compactMap(\.id))
        let missing = officers.enumerated().filter { !existing.contains($0.element.id) }
        guard !missing.isEmpty else { return 0 }
        let hash = try await app.password.async.hash(DemoOrgSeed.password)
        let taken = Set(try await UserModel.query(on: app.db).filter(\.$username =~ usernamePrefix).all().map(\.username))
        var users: [UserModel] = []
        for (n, o) in missing {
            guard let unit = county.unitModels[o.unitId] else { continue }
            let username = usernamePrefix + String(format: "%04d", n + 1)
            guard !taken.contains(username) else { continue }
            users.append(UserModel(id: o.id, username: username, passwordHash: hash, displayName: "\(unit.callSign)民警\(o.index + 1)",
                                   role: .patrolOfficer, orgUnitID: unit.stationOrgUnitID))
        }
        let made = users
        try await app.db.writeTransaction { tx in
            for s in stride(from: 0, to: made.count, by: 200) { try await Array(made[s..<min(s + 200, made.count)]).create(on: tx) }
            guard let sql = tx as? any SQLDatabase else { return }
            try await BulkInsert.rows(AuditRecordModel.schema, ["id", "at", "actor_id", "actor_username", "action", "entity_type", "entity_id", "before", "after"],
                             made.map { [bind(UUID()), bind(now), bind(UUID?.none), bind("demo"), bind("create"), bind("user"),
                                         bind($0.id?.uuidString), bind(String?.none), bind(AuditLog.json(["username": $0.username, "role": $0.role]))] },
                             on: sql)
        }
        return made.count
    }

    /// `JQyyyyMMdd-NNNN` per China day in report order, after the numbers each day already has.
    static func numbering(_ incidents: [DemoPoliceYear.Incident], on db: any Database) async throws -> [UUID: String] {
        guard let first = incidents.first?.reportedAt, let last = incidents.last?.reportedAt else { return [:] }
        let already = try await IncidentModel.query(on: db).filter(\.$reportedAt >= first.addingTimeInterval(-86_400))
            .filter(\.$reportedAt <= last.addingTimeInterval(86_400)).all()
        var next: [String: Int] = [:]
        for m in already {
            let day = String(m.number.dropFirst(2).prefix(8))
            next[day] = max(next[day] ?? 0, Int(m.number.suffix(4)) ?? 0)
        }
        var out: [UUID: String] = [:]
        for inc in incidents {
            let day = DayKey.string(inc.reportedAt)
            let n = (next[day] ?? 0) + 1
            next[day] = n
            out[inc.id] = "JQ" + day + "-" + String(format: "%04d", n)
        }
        return out
    }

    private static func loadBatch(_ slice: [DemoPoliceYear.Incident], numbers: [UUID: String], county: County, on db: any Database,
                                  at now: Date) async throws -> (events: Int, tasks: Int) {
        var models: [IncidentModel] = [], events: [IncidentEventModel] = [], tasks: [IncidentTaskModel] = []
        var audits: [[any SQLExpression]] = []
        for inc in slice {
            var state = try IncidentState(registering: inc.events[0])
            for e in inc.events.dropFirst() { state = try state.applying(e) }
            let m = IncidentModel()
            m.id = inc.id
            m.number = numbers[inc.id]!
            m.gridOrgUnitID = inc.gridId
            m.scopePath = county.gridPaths[inc.gridId]!
            let recorded = inc.events.last!.at
            IncidentStore.project(state, into: m, at: recorded)
            models.append(m)
            for (i, e) in inc.events.enumerated() { events.append(try IncidentStore.row(e, seq: i + 1, recordedAt: e.at)) }
            for t in state.tasks {
                let row = IncidentTaskModel()
                row.id = t.dispatchEventId
                row.incidentID = inc.id
                row.unitID = t.unitId
                row.stationPath = county.unitModels[t.unitId]?.stationPath ?? m.scopePath
                row.state = t.state.rawValue
                row.assignedAt = t.assignedAt
                row.updatedAt = t.clearedAt ?? t.interruptedAt ?? recorded
                tasks.append(row)
            }
            audits.append([bind(UUID()), bind(now), bind(UUID?.none), bind("demo"), bind("seeded"), bind("incident"), bind(inc.id.uuidString),
                           bind(String?.none), bind(AuditLog.json(["number": m.number, "status": m.status, "events": String(inc.events.count)]))])
        }
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "bulk load needs an SQL database") }
        try await BulkInsert.rows(IncidentModel.schema, ["id", "number", "type", "priority", "status", "lat", "lon", "grid_org_unit_id", "scope_path",
                                                "reported_at", "first_dispatched_at", "first_on_scene_at", "closed_at", "call_count", "version",
                                                "state", "updated_at"],
                         models.map { [bind($0.id), bind($0.number), bind($0.type), bind($0.priority), bind($0.status), bind($0.lat), bind($0.lon),
                                       bind($0.gridOrgUnitID), bind($0.scopePath), bind($0.reportedAt), bind($0.firstDispatchedAt),
                                       bind($0.firstOnSceneAt), bind($0.closedAt), bind($0.callCount), bind($0.version), bind($0.state),
                                       bind($0.updatedAt)] }, on: sql)
        try await BulkInsert.rows(IncidentEventModel.schema, ["id", "incident_id", "seq", "type", "at", "recorded_at", "actor_user_id", "unit_id", "body"],
                         events.map { [bind($0.id), bind($0.incidentID), bind($0.seq), bind($0.type), bind($0.at), bind($0.recordedAt),
                                       bind($0.actorUserID), bind($0.unitID), bind($0.body)] }, on: sql)
        try await BulkInsert.rows(IncidentTaskModel.schema, ["id", "incident_id", "unit_id", "station_path", "state", "assigned_at", "updated_at"],
                         tasks.map { [bind($0.id), bind($0.incidentID), bind($0.unitID), bind($0.stationPath), bind($0.state), bind($0.assignedAt),
                                      bind($0.updatedAt)] }, on: sql)
        try await BulkInsert.rows(AuditRecordModel.schema, ["id", "at", "actor_id", "actor_username", "action", "entity_type", "entity_id", "before", "after"],
                         audits, on: sql)
        return (events.count, tasks.count)
    }

    private static func bind(_ value: (any Encodable & Sendable)?) -> any SQLExpression { BulkInsert.bind(value) }
}

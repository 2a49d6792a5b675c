import Fluent
import Foundation
import MediationServer
import PatrolDomain
import PatrolServer
import PinganDomain
import ServerCore
import SQLKit
import Vapor

/// One county year at a benchmark's scale, for `pingan bench county-report` and the test that the
/// county report gives the same figures on SQLite and PostgreSQL (#12 point 3). Deterministic:
/// the same counts and year give the same records on either database.
///
/// - Disputes: the mediation bench's loader (`BenchMediationCommand.load`, 10,000 generated
///   disputes per year through `DemoDisputeSeed.load`), the first 10,000 in the report's year.
/// - The demo police year (`DemoPoliceYearSeed.run`: about 4,600 incidents with whole timelines,
///   28,000 patrol person-times and their officers), ending at the end of the report's year.
/// - Incidents up to the count asked for, in bulk: types in the seed's proportions
///   (`DemoPoliceYear.Volume.seed`), over the year's days and hours (evening peak, quiet night),
///   in the county's patrol grids (urban grids busier), each with a folded timeline (report,
///   dispatch of a unit of the grid, arrival, cleared; a few closed by phone) projected as
///   `IncidentStore` projects it. Only the `incidents` row is stored for these (no event, task or
///   audit rows): the report reads the row, and a million timelines would multiply the load.
/// - Field records, one per bulk incident, kinds in the seed's proportions (checks, traffic
///   violations with the seed's share of drunk driving, custody, assistance, venue inspections),
///   by an officer of the unit's station.
enum BenchCountyLoad {
    static let seed: UInt64 = 0x434F_554E_5459_2012

    struct Loaded: Sendable {
        var disputes = 0, incidents = 0, fieldRecords = 0, shifts = 0
    }

    /// The report's year as the API reads it: [1 January, next 1 January), China time.
    static func period(year: Int) -> (from: Date, to: Date) {
        let cal = PinganCalendar.shanghai
        return (LocalDate(year: year, month: 1, day: 1).start(in: cal), LocalDate(year: year + 1, month: 1, day: 1).start(in: cal))
    }

    /// Loads `disputes` and `incidents` for `year`. The loaders of the demo end their years at the
    /// app's "now", so the clock is set to the end of the report's year while they run.
    static func load(disputes: Int, incidents: Int, year: Int, on app: Application, log: (String) -> Void) async throws -> Loaded {
        let saved = app.clock
        let end = period(year: year).to
        app.clock = AppClock { end }
        defer { app.clock = saved }
        var loaded = Loaded()
        var start = ContinuousClock.now
        loaded.disputes = try await BenchMediationCommand.load(disputes, on: app, log: log)
        try await DemoDisputeSeed.refreshPlannerStatistics(on: app.db)
        log("纠纷 \(loaded.disputes) 件，\(BenchMediationCommand.seconds(ContinuousClock.now - start))")

        start = ContinuousClock.now
        let (from, to) = period(year: year)
        let policeYear = try await DemoPoliceYearSeed.run(on: app, days: Int((to.timeIntervalSince(from) / 86_400).rounded()))
        loaded.shifts = policeYear.shifts
        let county = try await DemoPoliceYearSeed.county(on: app.db)
        let bulk = max(0, incidents - policeYear.incidents)
        var generator = Generator(county: county, officers: try await officersByStation(on: app.db), from: from, to: to,
                                  seed: seed &+ UInt64(incidents))
        var done = 0
        while done < bulk {
            let n = min(5_000, bulk - done)
            let (rows, records) = try generator.next(n)
            try await app.db.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError, reason: "bulk load needs an SQL database") }
                try await BulkInsert.rows(IncidentModel.schema, incidentColumns, rows, on: sql)
                try await BulkInsert.rows(FieldRecordModel.schema, fieldRecordColumns, records, on: sql)
            }
            done += n
            if done % 100_000 < n || done == bulk { log("  警情 \(done)/\(bulk)，\(BenchMediationCommand.seconds(ContinuousClock.now - start))") }
        }
        loaded.incidents = policeYear.incidents + bulk
        loaded.fieldRecords = bulk
        try await PlannerStatistics.refresh([IncidentModel.schema, FieldRecordModel.schema, PatrolShiftModel.schema], on: app.db)
        log("警情 \(loaded.incidents) 起（其中演示警情年 \(policeYear.incidents) 起），现场记录 \(loaded.fieldRecords) 条，"
            + "巡逻班次 \(loaded.shifts) 人次，\(BenchMediationCommand.seconds(ContinuousClock.now - start))")
        return loaded
    }

    /// Patrol officers by their station (the police year's crews and the demo's own), so a field
    /// record is made by an officer of its unit's station.
    static func officersByStation(on db: any Database) async throws -> [UUID: [(id: UUID, name: String)]] {
        let users = try await UserModel.query(on: db).filter(\.$role == Role.patrolOfficer.rawValue).sort(\.$username).all()
        var out: [UUID: [(id: UUID, name: String)]] = [:]
        for u in users {
            guard let id = u.id else { continue }
            let org = u.orgUnitID
            out[org, default: []].append((id, u.displayName))
        }
        return out
    }

    static let incidentColumns = ["id", "number", "type", "priority", "status", "lat", "lon", "grid_org_unit_id", "scope_path",
                                  "reported_at", "first_dispatched_at", "first_on_scene_at", "closed_at", "call_count", "version",
                                  "state", "updated_at"]
    static let fieldRecordColumns = ["id", "kind", "subkind", "unit_id", "station_org_unit_id", "station_path", "officer_id", "officer_name",
                                     "at", "recorded_at", "lat", "lon", "place_label", "incident_id", "note", "id_number", "details"]

    /// Field records per kind in the seed's year (P12): 10,100 persons and 3,500 vehicles checked,
    /// 218 suspects caught, 7 arrested, 105 detained, 63 fugitives, 203 assists, 38,000 traffic
    /// violations corrected (394 of them drunk driving), 393 venue inspections.
    static let fieldRecordWeights: [(FieldRecordKind, Int)] = [
        (.personCheck, 10_100), (.vehicleCheck, 3_500), (.suspectCaught, 218), (.arrest, 7), (.administrativeDetention, 105),
        (.fugitiveCaught, 63), (.publicAssistance, 203), (.trafficViolation, 38_000), (.venueInspection, 393),
    ]
    static let drunkDrivingShare = 394.0 / 38_000

    /// Relative calls per hour of the day: quiet night, the evening peak.
    static let hourWeights: [Double] = [3, 2, 1.5, 1, 1, 1.5, 3, 5, 6, 6, 6, 6.5, 6.5, 6, 6, 6.5, 7, 8, 9, 9.5, 9, 8, 6, 4.5]

    struct Generator {
        let county: DemoPoliceYearSeed.County
        let officers: [UUID: [(id: UUID, name: String)]]
        let from: Date
        let days: Int
        var rng: SplitMix64
        let types: [(IncidentType, Int)]
        let grids: [DemoPoliceYear.Grid]
        let gridWeights: [Int]
        let unitsByGrid: [UUID: [DemoPoliceYear.Unit]]
        /// Numbers taken per China day (`JQyyyyMMdd-NNNN`): the police year numbers from 0001 each
        /// day (about 13 a day), the bulk ones from 5001.
        var numbers: [String: Int] = [:]
        /// Details as stored, one per kind and subkind (no person's name or ID number: none is read).
        var details: [String: String] = [:]

        init(county: DemoPoliceYearSeed.County, officers: [UUID: [(id: UUID, name: String)]], from: Date, to: Date, seed: UInt64) {
            self.county = county
            self.officers = officers
            self.from = from
            days = max(1, Int((to.timeIntervalSince(from) / 86_400).rounded()))
            rng = SplitMix64(seed: seed)
            types = DemoPoliceYear.Volume.seed.byType.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) }
            grids = county.grids
            gridWeights = county.grids.map { $0.urban ? 3 : 1 }
            unitsByGrid = Dictionary(grouping: county.units, by: \.homeGridId)
        }

        mutating func weighted(_ weights: [Int]) -> Int {
            var x = rng.int(below: weights.reduce(0, +))
            for (i, w) in weights.enumerated() {
                if x < w { return i }
                x -= w
            }
            return weights.count - 1
        }

        mutating func instant() -> Date {
            let day = rng.int(below: days)
            var x = rng.unit() * BenchCountyLoad.hourWeights.reduce(0, +)
            var hour = 0
            while hour < 23, x >= BenchCountyLoad.hourWeights[hour] { x -= BenchCountyLoad.hourWeights[hour]; hour += 1 }
            return from.addingTimeInterval(Double(day * 86_400 + hour * 3_600 + rng.int(below: 3_600)))
        }

        mutating func point(in grid: DemoPoliceYear.Grid) -> GeoPoint {
            let b = grid.area.bounds
            for _ in 0..<20 {
                let p = GeoPoint(lat: b.min.lat + rng.unit() * (b.max.lat - b.min.lat), lon: b.min.lon + rng.unit() * (b.max.lon - b.min.lon))
                if grid.area.contains(p) { return p }
            }
            return GeoPoint(lat: (b.min.lat + b.max.lat) / 2, lon: (b.min.lon + b.max.lon) / 2)
        }

        /// `n` incidents (rows of `incidents`) and one field record each.
        mutating func next(_ n: Int) throws -> (incidents: [[any SQLExpression]], fieldRecords: [[any SQLExpression]]) {
            var rows: [[any SQLExpression]] = [], records: [[any SQLExpression]] = []
            rows.reserveCapacity(n)
            records.reserveCapacity(n)
            for _ in 0..<n {
                let grid = grids[weighted(gridWeights)]
                let type = types[weighted(types.map(\.1))].0
                let t0 = instant()
                let place = point(in: grid)
                let id = rng.uuid()
                let unit = (unitsByGrid[grid.id]).map { rng.pick($0) } ?? rng.pick(county.units)
                let state = try timeline(id, type: type, at: t0, place: place, grid: grid, unit: unit.id)
                let m = IncidentModel()
                m.id = id
                let local = LocalDate(t0, in: PinganCalendar.shanghai)
                let day = String(format: "%04d%02d%02d", local.year, local.month, local.day)
                let k = (numbers[day] ?? 5_000) + 1
                numbers[day] = k
                m.number = "JQ" + day + "-" + String(format: "%04d", k)
                m.gridOrgUnitID = grid.id
                m.scopePath = county.gridPaths[grid.id] ?? ""
                IncidentStore.project(state, into: m, at: state.closedAt ?? t0)
                rows.append([b(m.id), b(m.number), b(m.type), b(m.priority), b(m.status), b(m.lat), b(m.lon), b(m.gridOrgUnitID), b(m.scopePath),
                             b(m.reportedAt), b(m.firstDispatchedAt), b(m.firstOnSceneAt), b(m.closedAt), b(m.callCount), b(m.version),
                             b(m.state), b(m.updatedAt)])
                records.append(try fieldRecord(unit: county.unitModels[unit.id], near: place, grid: grid))
            }
            return (rows, records)
        }

        /// Report, dispatch of `unit`, arrival, cleared (which closes it); some calls closed by phone.
        mutating func timeline(_ id: UUID, type: IncidentType, at t0: Date, place: GeoPoint, grid: DemoPoliceYear.Grid,
                               unit: UUID) throws -> IncidentState {
            var t = t0
            func event(_ kind: IncidentEventKind, after seconds: Double) -> IncidentEvent {
                t = t.addingTimeInterval(seconds.rounded())
                return IncidentEvent(id: rng.uuid(), incidentId: id, at: t, actorUserId: county.dispatcher, kind: kind)
            }
            let priority: IncidentPriority = switch type {
            case .criminal, .massIncident, .fire: rng.chance(0.5) ? .urgent : .high
            case .traffic: .high
            default: rng.chance(0.2) ? .low : .normal
            }
            let phone = "13" + String(format: "%09d", rng.int(below: 1_000_000_000))
            let intake = IncidentIntake(type: type, priority: priority, place: IncidentPlace(lat: place.lat, lon: place.lon, label: grid.name),
                                        description: "\(type.label)警情", call: IncidentCall(callerName: "报警群众", callerPhone: phone, at: t0))
            var s = try IncidentState(registering: event(.reported(intake), after: 0))
            if [.dispute, .assistance, .other, .publicOrder].contains(type), rng.chance(0.06) {
                return try s.applying(event(.closed(disposition: "电话指导，当事人自行解决"), after: Double(rng.int(in: 120...900))))
            }
            let travel = Double(rng.int(in: grid.urban ? 240...900 : 480...1_800))
            s = try s.applying(event(.dispatched(unitId: unit, etaSeconds: travel, reason: nil), after: Double(rng.int(in: 30...240))))
            s = try s.applying(event(.onScene(unitId: unit), after: travel))
            return try s.applying(event(.cleared(unitId: unit, disposition: "现场处置完毕"), after: Double(rng.int(in: 600...5_400))))
        }

        mutating func fieldRecord(unit: PatrolUnitModel?, near place: GeoPoint, grid: DemoPoliceYear.Grid) throws -> [any SQLExpression] {
            let unit = unit ?? county.unitModels.values.sorted { $0.callSign < $1.callSign }[0]
            let kind = BenchCountyLoad.fieldRecordWeights[weighted(BenchCountyLoad.fieldRecordWeights.map(\.1))].0
            var d = FieldRecordDetails()
            switch kind {
            case .trafficViolation:
                d.plate = "冀D" + String(format: "%05d", rng.int(below: 100_000))
                d.violation = rng.chance(BenchCountyLoad.drunkDrivingShare) ? .drunkDriving
                    : rng.pick(TrafficViolationKind.allCases.filter { $0 != .drunkDriving })
                if d.violation == .drunkDriving { d.bloodAlcohol = Double(rng.int(in: 20...160)) }
            case .vehicleCheck: d.plate = "冀D" + String(format: "%05d", rng.int(below: 100_000))
            case .venueInspection:
                d.venueKind = rng.pick(VenueKind.allCases)
                d.venueName = grid.name + (d.venueKind?.label ?? "")
            case .publicAssistance:
                d.assistance = rng.pick(AssistanceKind.allCases)
                d.peopleHelped = 1 + rng.int(below: 3)
            case .suspectCaught, .arrest, .fugitiveCaught: d.reason = "涉嫌盗窃"
            case .administrativeDetention:
                d.reason = "殴打他人"
                d.detentionDays = 5 + rng.int(below: 10)
            case .personCheck: break
            }
            // Encoded once per kind and subkind unless a plate makes it the record's own.
            let key = kind.rawValue + "/" + (d.subkind ?? "")
            let json = try d.plate == nil ? details[key] ?? FieldRecordStore.encode(d) : FieldRecordStore.encode(d)
            if d.plate == nil { details[key] = json }
            let crew = officers[unit.stationOrgUnitID] ?? officers.values.first ?? []
            guard !crew.isEmpty else { throw Abort(.internalServerError, reason: "no patrol officer for the field records") }
            let officer = rng.pick(crew)
            let at = instant()
            return [b(rng.uuid()), b(kind.rawValue), b(d.subkind), b(unit.id), b(unit.stationOrgUnitID), b(unit.stationPath), b(officer.id),
                    b(officer.name), b(at), b(at), b(place.lat + Double(rng.int(in: -100...100)) / 100_000),
                    b(place.lon + Double(rng.int(in: -100...100)) / 100_000), b(grid.name), b(UUID?.none), b(String?.none), b(String?.none), b(json)]
        }

        func b(_ value: (any Encodable & Sendable)?) -> any SQLExpression { BulkInsert.bind(value) }
    }
}

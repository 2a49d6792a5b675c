import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// #12 point 3: the public-security table reads whole months from counts the database keeps as
/// rows are written (`MonthlyCount`, triggers). Here rows are inserted by the demo loader, then
/// moved between types, months and grids, merged, un-merged and deleted by every kind of write;
/// the counts must equal a count of the rows made in Swift, and the table over periods that cut
/// months must equal the rows' own figures — on SQLite and PostgreSQL.
@Suite("Month counts kept by the database equal the rows, through every kind of write")
struct MonthlyCountsTests {
    static let now = ISO8601DateFormatter().date(from: "2026-11-29T02:00:00Z")!
    static let cal = PinganCalendar.shanghai

    static func month(_ d: Date) -> Int { let l = LocalDate(d, in: cal); return l.year * 100 + l.month }

    /// The counts tables as stored, zero counts left out.
    static func stored(_ sql: any SQLDatabase, _ c: MonthlyCount) async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for r in try await sql.raw(SQLQueryString("SELECT * FROM \(c.table)")).all() {
            let n = try r.decode(column: "n", as: Int.self)
            guard n != 0 else { continue }
            let key = try ([String(try r.decode(column: "month", as: Int.self))] + c.keys.map { try r.decode(column: $0, as: String.self) }).joined(separator: "|")
            out[key] = n
        }
        return out
    }

    /// The same counts made from the rows in Swift.
    static func counted(_ app: Application) async throws -> (incidents: [String: Int], records: [String: Int]) {
        var incidents: [String: Int] = [:], records: [String: Int] = [:]
        for i in try await IncidentModel.query(on: app.db).all() where i.status != IncidentStatus.merged.rawValue {
            incidents["\(month(i.reportedAt))|\(i.scopePath)|\(i.type)", default: 0] += 1
        }
        for f in try await FieldRecordModel.query(on: app.db).all() {
            records["\(month(f.at))|\(f.stationPath)|\(f.kind)|\(f.subkind ?? "")", default: 0] += 1
        }
        return (incidents, records)
    }

    /// The table's incident and field-record rows against the rows' own counts over [from, to) in `org`'s subtree.
    static func checkTable(_ app: Application, token: String, org: OrgUnitModel, from: Date, to: Date) async throws {
        let iso = ISO8601DateFormatter()
        let res = try await app.api(.GET, PoliceStatisticsRoutes.table.path + "?from=\(iso.string(from: from))&to=\(iso.string(from: to))&orgUnit=\(org.id!)", token: token)
        #expect(res.status == .ok, "\(res.body.string.prefix(300))")
        let rows = Dictionary(uniqueKeysWithValues: try res.content.decode(PublicSecurityTableDTO.self).rows.map { ($0.key, $0.count) })
        let incidents = try await IncidentModel.query(on: app.db).all()
            .filter { $0.scopePath.hasPrefix(org.path) && $0.reportedAt >= from && $0.reportedAt < to && $0.status != IncidentStatus.merged.rawValue }
        let records = try await FieldRecordModel.query(on: app.db).all().filter { $0.stationPath.hasPrefix(org.path) && $0.at >= from && $0.at < to }
        let split = MonthSplit(from: from, to: to)
        let what = "\(org.name) \(from)–\(to) (months \(split.months.map { "\($0)" } ?? "none"), \(split.pieces.count) pieces)"
        #expect(rows["incidents"] == incidents.count, "\(what)")
        for t in IncidentType.allCases { #expect(rows["incidents/" + t.rawValue] == incidents.count { $0.type == t.rawValue }, "\(what) \(t)") }
        #expect(rows["persons_checked"] == records.count { $0.kind == FieldRecordKind.personCheck.rawValue }, "\(what)")
        #expect(rows["traffic_violations"] == records.count { $0.kind == FieldRecordKind.trafficViolation.rawValue }, "\(what)")
        #expect(rows["drunk_driving"] == records.count { $0.kind == FieldRecordKind.trafficViolation.rawValue && $0.subkind == TrafficViolationKind.drunkDriving.rawValue }, "\(what)")
        #expect(incidents.count > 0 || split.pieces.isEmpty == false, "\(what): nothing to compare")
    }

    @Test("Inserted, retyped, moved in time and place, merged, un-merged and deleted: the counts follow, and cut periods add up",
          arguments: TestDatabase.available)
    func follows(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            try await DemoPoliceYearSeed.run(on: app, days: 100)
            let sql = app.db as! any SQLDatabase
            // The demo's week of field records, copied over the hundred days (inserted through Fluent).
            let week = try await FieldRecordModel.query(on: app.db).all()
            for i in 0..<300 {
                let from = week[i % week.count], r = FieldRecordModel()
                r.id = UUID(); r.kind = from.kind; r.subkind = from.subkind; r.unitID = from.unitID; r.stationOrgUnitID = from.stationOrgUnitID
                r.stationPath = from.stationPath; r.officerID = from.officerID; r.officerName = from.officerName
                r.at = Self.now.addingTimeInterval(-Double(i) * 8 * 3_600 - 600); r.recordedAt = r.at; r.lat = from.lat; r.lon = from.lon
                r.placeLabel = from.placeLabel; r.incidentID = nil; r.note = from.note; r.idNumber = from.idNumber; r.details = from.details
                try await r.create(on: app.db)
            }
            var incidents = try await IncidentModel.query(on: app.db).sort(\.$id).all()
            var records = try await FieldRecordModel.query(on: app.db).sort(\.$id).all()
            #expect(incidents.count > 200 && records.count > 300, "\(incidents.count) incidents, \(records.count) field records")
            let loaded = try await Self.counted(app)
            #expect(try await Self.stored(sql, .incidents) == loaded.incidents, "as loaded")
            #expect(try await Self.stored(sql, .fieldRecords) == loaded.records, "as loaded")
            #expect(Set(loaded.records.keys.map { $0.prefix(6) }).count >= 4, "field records in four months at least")

            // Through Fluent's updates (the stores' way): a new type, a month earlier, another grid,
            // merged, and a merged one taken back; through SQL: deletes and a bulk retype.
            let paths = Array(Set(incidents.map(\.scopePath))).sorted()
            incidents[0].type = incidents[0].type == IncidentType.criminal.rawValue ? IncidentType.fire.rawValue : IncidentType.criminal.rawValue
            incidents[1].reportedAt = incidents[1].reportedAt.addingTimeInterval(-31 * 86_400)
            incidents[2].scopePath = paths.first { $0 != incidents[2].scopePath } ?? incidents[2].scopePath
            incidents[3].status = IncidentStatus.merged.rawValue
            incidents[4].status = IncidentStatus.merged.rawValue
            incidents[5].status = IncidentStatus.closed.rawValue  // a change the counts ignore
            for i in incidents[0...5] { try await i.update(on: app.db) }
            incidents[4].status = IncidentStatus.closed.rawValue
            incidents[4].type = IncidentType.fire.rawValue
            try await incidents[4].update(on: app.db)
            try await incidents[6].delete(on: app.db)
            try await sql.delete(from: IncidentModel.schema).where("id", .in, SQLBind.group([incidents[7].id!, incidents[8].id!])).run()
            try await sql.update(IncidentModel.schema).set("type", to: IncidentType.traffic.rawValue)
                .where("id", .in, SQLBind.group(incidents[9...20].map { $0.id! })).run()

            let others = Array(Set(records.map(\.stationPath))).sorted()
            records[0].kind = FieldRecordKind.vehicleCheck.rawValue
            records[0].subkind = nil
            records[1].subkind = TrafficViolationKind.drunkDriving.rawValue
            records[1].kind = FieldRecordKind.trafficViolation.rawValue
            records[2].at = records[2].at.addingTimeInterval(40 * 86_400)
            records[3].stationPath = others.first { $0 != records[3].stationPath } ?? records[3].stationPath
            for r in records[0...3] { try await r.update(on: app.db) }
            try await records[4].delete(on: app.db)
            try await sql.delete(from: FieldRecordModel.schema).where("id", .equal, SQLBind(records[5].id!)).run()

            let counted = try await Self.counted(app)
            #expect(try await Self.stored(sql, .incidents) == counted.incidents)
            #expect(try await Self.stored(sql, .fieldRecords) == counted.records)

            // The table over periods that cut months (pieces counted from rows, whole months from
            // the counts), over a whole-months period, inside one month, and for a station.
            let dispatcher = try await app.token("dispatcher")
            let county = try await app.unit(code: "130427000000"), station = try await app.unit(code: "130427000000-GAJ-PCS01")
            func day(_ s: String) -> Date { LocalDate(s)!.start(in: Self.cal) }
            let periods = [(day("2026-08-25").addingTimeInterval(3_600), Self.now), (day("2026-09-01"), day("2026-11-01")),
                           (day("2026-01-01"), day("2027-01-01")), (day("2026-10-03"), day("2026-10-20"))]
            for (from, to) in periods {
                for org in [county, station] { try await Self.checkTable(app, token: dispatcher, org: org, from: from, to: to) }
            }
            #expect(MonthSplit(from: periods[0].0, to: periods[0].1).months == 202609...202610)
        }
    }
}

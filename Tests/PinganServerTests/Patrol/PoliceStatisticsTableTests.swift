import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// #12, the public-security table (P12): every figure against a count of the same records made
/// here with plain Fluent reads and Swift filters (not the production SQL), every figure's list
/// answering the figure as its total, the scope cut, and the exports read back by Python.
@Suite("The public-security table (P12)")
struct PoliceStatisticsTableTests {
    static let now = ISO8601DateFormatter().date(from: "2026-11-29T02:00:00Z")!
    static let from = ISO8601DateFormatter().date(from: "2026-11-15T00:00:00Z")!

    struct Row: Decodable { var key: String; var label: String; var count: Int; var level: Int; var unit: String; var definition: String
                            var listHref: String; var pageHref: String }
    struct Table: Decodable { var orgUnitId: UUID; var orgUnitName: String; var rows: [Row] }
    struct Total: Decodable { var total: Int }

    /// Two weeks of the demo police year, the demo ledger, and security duties: two activations of
    /// a major-event plan in the period, one before it, one of another kind.
    static func load(_ app: Application) async throws {
        try await DemoPoliceYearSeed.run(on: app, days: 14)
        let plans = try await PlanModel.query(on: app.db).all()
        let major = try #require(plans.first { $0.kind == PlanKind.majorEvent.rawValue })
        let other = plans.first { $0.kind != PlanKind.majorEvent.rawValue } ?? major
        for (plan, at) in [(major, now.addingTimeInterval(-86_400)), (major, now.addingTimeInterval(-3 * 86_400)),
                           (major, from.addingTimeInterval(-86_400)), (other, now.addingTimeInterval(-2 * 86_400))] {
            let a = PlanActivationModel()
            a.id = UUID(); a.planID = try plan.requireID(); a.scopePath = plan.scopePath; a.startedAt = at
            a.endedAt = at.addingTimeInterval(7_200); a.layout = plan.layout; a.outcomes = "[]"
            try await a.create(on: app.db)
        }
    }

    /// The table's figures counted independently over all records of `org`'s subtree in [from, to).
    static func expected(_ app: Application, org: OrgUnitModel, to: Date) async throws -> [String: Int] {
        func inside(_ path: String) -> Bool { path.hasPrefix(org.path) }
        func inPeriod(_ d: Date) -> Bool { d >= from && d < to }
        var out: [String: Int] = [:]
        let incidents = try await IncidentModel.query(on: app.db).all().filter { inside($0.scopePath) && inPeriod($0.reportedAt) && $0.status != "merged" }
        out["incidents"] = incidents.count
        for t in IncidentType.allCases { out["incidents/" + t.rawValue] = incidents.count { $0.type == t.rawValue } }
        out["mass_incidents"] = out["incidents/mass_incident"]
        let stationOf = Dictionary(uniqueKeysWithValues: try await PatrolUnitModel.query(on: app.db).all().map { ($0.id!, $0.stationPath) })
        out["patrol_shifts"] = try await PatrolShiftModel.query(on: app.db).all().count { inside(stationOf[$0.unitID] ?? "-") && inPeriod($0.signedOnAt) }
        let records = try await FieldRecordModel.query(on: app.db).all().filter { inside($0.stationPath) && inPeriod($0.at) }
        let kinds: [String: FieldRecordKind] = ["persons_checked": .personCheck, "vehicles_checked": .vehicleCheck, "suspects_caught": .suspectCaught,
                                                "arrested": .arrest, "detained": .administrativeDetention, "fugitives_caught": .fugitiveCaught,
                                                "assists": .publicAssistance, "traffic_violations": .trafficViolation, "venue_inspections": .venueInspection]
        for (key, kind) in kinds { out[key] = records.count { $0.kind == kind.rawValue } }
        // Drunk driving read from each record's details, not from the sub-kind column the SQL counts.
        out["drunk_driving"] = try records.filter { $0.kind == FieldRecordKind.trafficViolation.rawValue }
            .count { try FieldRecordStore.details(of: $0).violation == .drunkDriving }
        let majorPlans = Set(try await PlanModel.query(on: app.db).all().filter { $0.kind == "major_event" }.map { $0.id! })
        out["security_duties"] = try await PlanActivationModel.query(on: app.db).all()
            .count { majorPlans.contains($0.planID) && inside($0.scopePath) && inPeriod($0.startedAt) }
        return out
    }

    static func iso(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }

    static func table(_ app: Application, _ token: String, org: UUID? = nil) async throws -> TestingHTTPResponse {
        try await app.api(.GET, PoliceStatisticsRoutes.table.path + "?from=\(iso(from))&to=\(iso(now))" + (org.map { "&orgUnit=\($0)" } ?? ""), token: token)
    }

    /// Each figure equals the independent count, and its list's total equals the figure.
    static func check(_ app: Application, _ t: Table, _ expected: [String: Int], token: String) async throws {
        #expect(Set(t.rows.map(\.key)) == Set(expected.keys), "rows \(t.rows.map(\.key))")
        for r in t.rows {
            #expect(r.count == expected[r.key], "\(r.label) (\(r.key)): \(r.count) against \(expected[r.key] ?? -1) counted")
            let list = try await app.api(.GET, r.listHref, token: token)
            #expect(list.status == .ok, "\(r.key) \(r.listHref): \(list.status) \(list.body.string.prefix(200))")
            #expect(try list.content.decode(Total.self).total == r.count, "\(r.key): the list \(r.listHref) totals other than \(r.count)")
            // The page list: the ledger's for field records, 统计明细 for the others; its total is the figure too.
            let page = try await app.api(.GET, r.pageHref, token: token)
            let body = page.body.string
            #expect(page.status == .ok && (body.contains("共 <strong>\(r.count)</strong> 条") || body.contains("id=\"records-total\">\(r.count)<")),
                    "\(r.key) page \(r.pageHref): \(page.status) \(body.prefix(300))")
        }
    }

    @Test("Each figure of the county's table is the count of its records, its list's total is the figure; a station sees only its subtree; justice roles 404",
          arguments: TestDatabase.available)
    func figures(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            try await Self.load(app)
            let dispatcher = try await app.token("dispatcher")
            let res = try await Self.table(app, dispatcher)
            #expect(res.status == .ok, "\(res.body.string.prefix(300))")
            let county = try res.content.decode(Table.self)
            let countyOrg = try #require(try await OrgUnitModel.find(county.orgUnitId, on: app.db))
            let expected = try await Self.expected(app, org: countyOrg, to: Self.now)
            // The period has records of every kind the test can prove something with.
            for key in ["incidents", "patrol_shifts", "persons_checked", "vehicles_checked", "drunk_driving", "venue_inspections", "security_duties", "detained"] {
                #expect((expected[key] ?? 0) > 0, "no \(key) in the period: the test would prove nothing")
            }
            #expect(expected["security_duties"] == 2)
            try await Self.check(app, county, expected, token: dispatcher)
            #expect(county.rows.first?.label == "处置各类警情" && county.rows.contains { $0.label == "查处酒驾" && $0.unit == "起" })

            // 城关派出所's commander: the station's subtree, by default; another station's records are not counted.
            let commander = try await app.token("commander")
            let station = try await app.unit(code: "130427000000-GAJ-PCS01"), other = try await app.unit(code: "130427000000-GAJ-PCS05")
            let own = try await Self.table(app, commander).content.decode(Table.self)
            #expect(own.orgUnitId == station.id)
            let ownExpected = try await Self.expected(app, org: station, to: Self.now)
            try await Self.check(app, own, ownExpected, token: commander)
            let otherExpected = try await Self.expected(app, org: other, to: Self.now)
            #expect((otherExpected["persons_checked"] ?? 0) > 0 && (ownExpected["persons_checked"] ?? 0) > 0)
            #expect(own.rows.first { $0.key == "persons_checked" }?.count != county.rows.first { $0.key == "persons_checked" }?.count)
            // The county picks a station: the station's figures.
            let picked = try await Self.table(app, dispatcher, org: other.id).content.decode(Table.self)
            try await Self.check(app, picked, otherExpected, token: dispatcher)
            // Another station, asked for by the commander, is as unknown.
            #expect(try await Self.table(app, commander, org: other.id).status == .notFound)

            // Justice roles: 404 on every route of it.
            for account in ["bureau", "mediator", "judicial"] {
                let token = try await app.token(account)
                for path in [PoliceStatisticsRoutes.table.path, PoliceStatisticsRoutes.export.path, PoliceStatisticsRoutes.dashboard.path,
                             PoliceStatisticsRoutes.shifts.path, PoliceStatisticsRoutes.tablePage.path, PoliceStatisticsRoutes.dashboardPage.path] {
                    #expect(try await app.api(.GET, path, token: token).status == .notFound, "\(account) \(path)")
                }
            }
            // 统计明细 without a source lists the incidents; an unknown source is refused.
            #expect(try await app.api(.GET, PoliceStatisticsRoutes.recordsPage.path, token: dispatcher).body.string.contains("id=\"records-total\""))
            #expect(try await app.api(.GET, PoliceStatisticsRoutes.recordsPage.path + "?source=disputes", token: dispatcher).status == .badRequest)
            // Bad input is a 400 with a code.
            let bad = try await app.api(.GET, PoliceStatisticsRoutes.table.path + "?from=yesterday", token: dispatcher)
            #expect(bad.status == .badRequest && bad.body.string.contains("invalid_query"))
            let backwards = try await app.api(.GET, PoliceStatisticsRoutes.table.path + "?from=\(Self.iso(Self.now))&to=\(Self.iso(Self.from))", token: dispatcher)
            // A period ending before it starts is empty, not malformed: every figure 0.
            #expect(backwards.status == .ok)
            #expect(try backwards.content.decode(PublicSecurityTableDTO.self).rows.allSatisfy { $0.count == 0 })
        }
    }

    @Test("The table exported as CSV and as .xlsx gives back every Chinese field and figure, read by Python's csv and openpyxl",
          arguments: TestDatabase.available)
    func exports(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            try await Self.load(app)
            let dispatcher = try await app.token("dispatcher")
            let table = try await Self.table(app, dispatcher).content.decode(Table.self)
            let want = [["项目", "数量", "单位", "口径"]]
                + table.rows.map { [($0.level > 0 ? "　其中：" : "") + $0.label, String($0.count), $0.unit, $0.definition] }
            for format in ["csv", "xlsx"] {
                let res = try await app.api(.GET, PoliceStatisticsRoutes.export.path + "?from=\(Self.iso(Self.from))&to=\(Self.iso(Self.now))&format=\(format)",
                                            token: dispatcher)
                #expect(res.status == .ok, "\(format): \(res.status)")
                #expect(res.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)
                let body = Data(buffer: res.body)
                let rows = format == "csv" ? try await ExportReader.csvRows(body) : try await ExportReader.xlsx(body).rows
                #expect(rows == want, "\(format) read back: \(rows.prefix(3))")
            }
        }
    }
}

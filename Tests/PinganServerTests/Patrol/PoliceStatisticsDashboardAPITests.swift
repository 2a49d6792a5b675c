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

/// #12, the police command dashboard: response-time median and P90 by grid and by hour, incidents
/// by type × hour of the week, units on shift by hour, each against a computation written here
/// over the same records (plain reads, its own percentile and calendar), on both databases.
@Suite("The police command dashboard")
struct PoliceStatisticsDashboardAPITests {
    typealias T = PoliceStatisticsTableTests

    struct Figure: Decodable { var count: Int; var medianSeconds: Double?; var p90Seconds: Double? }
    struct Group: Decodable { var key: String; var label: String; var incidents: Int; var callToScene: Figure; var dispatchToScene: Figure }
    struct Weekly: Decodable { var type: String; var counts: [Int] }
    struct Dashboard: Decodable {
        var incidents: Int; var overall: Group; var byGrid: [Group]; var byHour: [Group]; var hourOfWeek: [Weekly]; var coverage: [Double]
    }

    /// Nearest rank: the smallest value with at least p% of the values at or below it.
    static func percentile(_ p: Double, _ values: [Double]) -> Double? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        return sorted.first { v in Double(sorted.count { $0 <= v }) >= p / 100 * Double(sorted.count) - 1e-9 }
    }

    @Test("Every figure equals a separate count over the same incidents and shifts; a station's dashboard is its subtree's; justice roles 404",
          arguments: TestDatabase.available)
    func figures(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(T.now)) { app in
            try await T.load(app)
            for (account, code) in [("dispatcher", nil), ("commander", "130427000000-GAJ-PCS01")] as [(String, String?)] {
                let token = try await app.token(account)
                let res = try await app.api(.GET, PoliceStatisticsRoutes.dashboard.path + "?from=\(T.iso(T.from))&to=\(T.iso(T.now))", token: token)
                #expect(res.status == .ok, "\(res.body.string.prefix(300))")
                let d = try res.content.decode(Dashboard.self)
                let org: OrgUnitModel
                if let code { org = try await app.unit(code: code) } else {
                    let user = try #require(try await UserModel.query(on: app.db).filter(\.$username == account).first())
                    org = try #require(try await OrgUnitModel.find(try await Caller.load(user, on: app.db)?.scopeUnitID, on: app.db))
                }
                let incidents = try await IncidentModel.query(on: app.db).all()
                    .filter { $0.scopePath.hasPrefix(org.path) && $0.reportedAt >= T.from && $0.reportedAt < T.now && $0.status != "merged" }
                #expect(d.incidents == incidents.count && incidents.count > 0)
                var china = Calendar(identifier: .gregorian)
                china.timeZone = TimeZone(identifier: "Asia/Shanghai")!
                func wait(_ m: IncidentModel) -> Double? {
                    guard let on = m.firstOnSceneAt else { return nil }
                    let s = on.timeIntervalSince(m.reportedAt)
                    return s >= 0 ? s : nil
                }
                // Overall, by grid, by hour.
                let all = incidents.compactMap(wait)
                #expect(all.count > (code == nil ? 10 : 0), "\(account): \(all.count) incidents with an arrival")
                #expect(d.overall.callToScene.count == all.count)
                #expect(d.overall.callToScene.medianSeconds == Self.percentile(50, all) && d.overall.callToScene.p90Seconds == Self.percentile(90, all))
                let grids = Dictionary(grouping: incidents.filter { $0.gridOrgUnitID != nil }, by: { $0.gridOrgUnitID!.uuidString })
                #expect(Set(d.byGrid.map(\.key)) == Set(grids.keys))
                for g in d.byGrid {
                    let w = grids[g.key]!.compactMap(wait)
                    #expect(g.incidents == grids[g.key]!.count && g.callToScene.count == w.count)
                    #expect(g.callToScene.medianSeconds == Self.percentile(50, w) && g.callToScene.p90Seconds == Self.percentile(90, w), "grid \(g.label)")
                }
                #expect(d.byHour.count == 24)
                for h in d.byHour {
                    let w = incidents.filter { china.component(.hour, from: $0.reportedAt) == Int(h.key) }.compactMap(wait)
                    #expect(h.callToScene.count == w.count && h.callToScene.p90Seconds == Self.percentile(90, w), "hour \(h.key)")
                }
                // By type × hour of the week (Monday first).
                for row in d.hourOfWeek {
                    var want = [Int](repeating: 0, count: 168)
                    for m in incidents where m.type == row.type {
                        let weekday = (china.component(.weekday, from: m.reportedAt) + 5) % 7   // Sunday 1 → 6, Monday 2 → 0
                        want[weekday * 24 + china.component(.hour, from: m.reportedAt)] += 1
                    }
                    #expect(row.counts == want, "\(row.type)")
                }
                #expect(d.hourOfWeek.map { $0.counts.reduce(0, +) }.reduce(0, +) == incidents.count)
                // Coverage: for each hour of the period, the units with a shift overlapping it, brute force.
                let stations = Dictionary(uniqueKeysWithValues: try await PatrolUnitModel.query(on: app.db).all().map { ($0.id!, $0.stationPath) })
                let shifts = try await PatrolShiftModel.query(on: app.db).all().filter { stations[$0.unitID]?.hasPrefix(org.path) == true }
                var units = [Int](repeating: 0, count: 24), hours = [Int](repeating: 0, count: 24)
                var start = T.from
                while start < T.now {
                    let end = start.addingTimeInterval(3600)
                    let on = Set(shifts.filter { $0.signedOnAt < end && ($0.signedOffAt ?? T.now) > start }.map(\.unitID))
                    let h = china.component(.hour, from: start)
                    units[h] += on.count; hours[h] += 1
                    start = end
                }
                let want = (0..<24).map { (Double(units[$0]) / Double(hours[$0]) * 10).rounded() / 10 }
                #expect(d.coverage == want, "\(account): \(d.coverage) against \(want)")
                #expect(d.coverage.contains { $0 > 0 })
            }
            for account in ["bureau", "mediator"] {
                #expect(try await app.api(.GET, PoliceStatisticsRoutes.dashboard.path, token: try await app.token(account)).status == .notFound)
            }
        }
    }
}

import Fluent
import Foundation
import PinganDomain
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Mediation statistics (M13) computed from the records")
struct StatisticsTests {
    static let now = ISO8601DateFormatter().date(from: "2026-11-29T02:00:00Z")!

    /// 400 generated disputes of 2025 stored through the bulk loader; returns their replayed states
    /// and the risk the projection gives each (the rules re-assessed with police referrals).
    static func load(_ app: Application) async throws -> [(state: DisputeState, risk: RiskLevel)] {
        let org = try await DemoDisputeSeed.org(on: app.db)
        let disputes = DemoDisputeSeed.generator(org, seed: 42, year: 2025, total: 400).generate()
        try await DemoDisputeSeed.load(disputes, org: org, on: app.db, at: now)
        let police = DemoDisputeSeed.PoliceIndex(disputes)
        return try disputes.map {
            let s = try DisputeState.replay($0.events)
            return (s, s.assessRisk(policeCallsWithin30Days: police.calls(for: s)).level)
        }
    }

    static func expectSame(_ got: StatisticsDTO, _ want: [(state: DisputeState, risk: RiskLevel)]) {
        expectSame(got, MediationStatistics(states: want.map(\.state)))
        for r in got.byRisk { #expect(r.received == want.filter { $0.risk.rawValue == r.key }.count, "risk \(r.key)") }
    }

    static func get(_ app: Application, _ query: String, token: String) async throws -> StatisticsDTO {
        let res = try await app.api(.GET, "/api/v1/statistics\(query)", token: token)
        #expect(res.status == .ok, "\(res.body.string)")
        return try res.content.decode(StatisticsDTO.self)
    }

    /// The figures the SQL path gives must be the domain's `MediationStatistics(states:)`.
    static func expectSame(_ got: StatisticsDTO, _ want: MediationStatistics) {
        #expect(got.received == want.received)
        #expect(got.receivedByLevel == want.receivedByLevel)
        #expect(got.settled == want.settled)
        #expect(got.settledAtLevel == want.settledAtLevel)
        #expect(abs(got.settledRate - want.settledRate) < 1e-9)
        #expect(abs(got.keptInVillageRate - want.keptInVillageRate) < 1e-9)
        #expect(abs(got.keptInTownshipRate - want.keptInTownshipRate) < 1e-9)
        #expect(got.rejected == want.rejected && got.terminated == want.terminated)
        #expect(got.inProgress == want.inProgress && got.archived == want.archived)
        #expect(got.escalated == want.escalated && got.automaticallyEscalated == want.automaticallyEscalated)
        #expect(got.difficult == want.difficult)
        #expect(got.followedUp == want.followedUp && got.petitionsResolved == want.petitionsResolved)
        #expect(got.judicialConfirmationsRequested == want.judicialConfirmationsRequested)
        let wantCategories = Dictionary(uniqueKeysWithValues: want.byCategory.map { ($0.category.rawValue, $0) })
        #expect(got.byCategory.count == wantCategories.count)
        for r in got.byCategory {
            #expect(r.received == wantCategories[r.key]?.received && r.settled == wantCategories[r.key]?.settled, "category \(r.key)")
        }
    }

    @Test("County figures equal those recomputed from the replayed events", arguments: TestDatabase.available)
    func countyMatchesDomain(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let states = try await Self.load(app)
            let bureau = try await app.token("bureau")
            let got = try await Self.get(app, "", token: bureau)
            Self.expectSame(got, states)
            #expect(got.received == 400 && got.escalated > 0 && got.difficult > 0)

            // A period counts the disputes registered in it.
            let from = "2025-07-01T00:00:00Z", to = "2025-09-30T23:59:59Z"
            let f = ISO8601DateFormatter()
            let period = try await Self.get(app, "?from=\(from)&to=\(to)", token: bureau)
            Self.expectSame(period, states.filter { $0.state.registeredAt >= f.date(from: from)! && $0.state.registeredAt <= f.date(from: to)! })
        }
    }

    @Test("Migration 011 fills the history facts of rows stored before it from their events", arguments: TestDatabase.available)
    func migrationBackfill(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let states = try await Self.load(app)
            // As rows stored before 011: the columns at their default, then filled from the events.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("""
                UPDATE disputes SET \(unsafeRaw: M011DisputeHistoryFacts.columns.map { "\($0) = false" }.joined(separator: ", "))
                """).run()
            let blank = try await Self.get(app, "", token: try await app.token("bureau"))
            #expect(blank.rejected == 0 && blank.difficult == 0)
            try await M011DisputeHistoryFacts.fill(on: sql)
            let got = try await Self.get(app, "", token: try await app.token("bureau"))
            Self.expectSame(got, states)
            #expect(got.rejected > 0 && got.terminated > 0 && got.followedUp > 0 && got.difficult > 0 && got.judicialConfirmationsRequested > 0)
        }
    }

    @Test("A township user's statistics count only its township", arguments: TestDatabase.available)
    func townshipScope(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let states = try await Self.load(app)
            let cizhou = try await app.unit(code: "130427100000")
            let judicial = try await app.token("judicial")
            let got = try await Self.get(app, "", token: judicial)
            let mine = states.filter { $0.state.intake.townshipId == cizhou.id }
            #expect(!mine.isEmpty && mine.count < states.count)
            #expect(got.orgUnitId == cizhou.id)
            Self.expectSame(got, mine)

            // The bureau asking for that township gets the same figures.
            let bureau = try await app.token("bureau")
            let viaBureau = try await Self.get(app, "?orgUnit=\(cizhou.id!)", token: bureau)
            #expect(viaBureau.received == got.received && viaBureau.settled == got.settled)

            // Another township is outside the office's scope: 404 like an unknown unit.
            let other = try await app.unit(code: "130427103000")
            #expect(try await app.api(.GET, "/api/v1/statistics?orgUnit=\(other.id!)", token: judicial).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/statistics?orgUnit=nonsense", token: judicial).status == .notFound)
        }
    }

    @Test("Only the justice branch may ask, and bad dates are 400", arguments: TestDatabase.available)
    func refusals(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            #expect(try await app.api(.GET, "/api/v1/statistics", token: nil).status == .unauthorized)
            let patrol = try await app.token("patrol")
            #expect(try await app.api(.GET, "/api/v1/statistics", token: patrol).status == .forbidden)
            let bureau = try await app.token("bureau")
            let bad = try await app.api(.GET, "/api/v1/statistics?from=yesterday", token: bureau)
            #expect(bad.status == .badRequest && bad.errorCode == "invalid_query")
            // A reversed period is an empty one, not a malformed request.
            let reversed = try await Self.get(app, "?from=2026-02-01&to=2026-01-01", token: bureau)
            #expect(reversed.received == 0 && reversed.settled == 0)
            let empty = try await Self.get(app, "", token: bureau)
            #expect(empty.received == 0 && empty.settledRate == 0)
            let page = try await app.testing().sendRequest(.GET, "/statistics")
            #expect(page.status == .seeOther || page.status == .found || page.status == .temporaryRedirect)
        }
    }
}

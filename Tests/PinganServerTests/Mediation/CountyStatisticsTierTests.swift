import Fluent
import SQLKit
import Foundation
@testable import MediationDomain
@testable import MediationServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("Settled in tiers and integrity warnings (#12), on cases built for each")
struct CountyStatisticsTierTests {
    static let now = StatisticsTests.now
    static let day: TimeInterval = 86_400

    static func warnings(_ app: Application, orgUnit: UUID) async throws -> [IntegrityWarningDTO] {
        let res = try await app.api(.GET, "/api/v1/statistics/warnings?orgUnit=\(orgUnit)", token: try await app.token("bureau"))
        #expect(res.status == .ok, "\(res.body.string)")
        struct Answer: Decodable { var items: [IntegrityWarningDTO] }
        return try res.content.decode(Answer.self).items
    }

    @Test("Agreement → performed → no recurrence: a later dispute about the same party or a police call undoes the top tier",
          arguments: TestDatabase.available)
    func tiers(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let org = try await DemoDisputeSeed.org(on: app.db)
            let v = try await CountyCase.village(org, app, code: "130427100201")
            let t0 = ISO8601DateFormatter().date(from: "2026-03-02T01:00:00Z")!
            let wang = Party(name: "王 建国", phone: "13911112222", role: .applicant)
            func d(_ i: Int, agreed: Bool = true, fulfilled: Bool = true, followedUp: Bool = true, parties: [Party]? = nil) -> DemoDispute {
                CountyCase.dispute(in: v, at: t0.addingTimeInterval(Double(i) * Self.day), summary: CountyCase.text(), parties: parties,
                                   agreedAfter: agreed ? 3 * Self.day : nil, fulfilled: fulfilled, followedUp: followedUp)
            }
            let lasting = d(0)
            let recurred = d(1, parties: [wang, Party(name: "赵六", role: .respondent)])
            // The same man, written with a space and a +86 number, back 30 days after the agreement.
            let again = CountyCase.dispute(in: v, at: t0.addingTimeInterval(34 * Self.day), summary: CountyCase.text(),
                                           parties: [Party(name: "王建国", phone: "+86 139-1111-2222", role: .applicant),
                                                     Party(name: "钱七", role: .respondent)])
            // A namesake with another phone is not the same person.
            let namesake = CountyCase.dispute(in: v, at: t0.addingTimeInterval(40 * Self.day), summary: CountyCase.text(),
                                              parties: [Party(name: "钱八", phone: "13800000000", role: .applicant),
                                                        Party(name: "孙九", role: .respondent)])
            let called = d(2)
            let unperformed = d(3, fulfilled: false, followedUp: false)
            let unvisited = d(4, followedUp: false)
            let open = d(5, agreed: false)
            let lateNamesake = d(6, parties: [Party(name: "钱八", phone: "13900000001", role: .applicant), Party(name: "周十", role: .respondent)])
            try await CountyCase.store(app, org, [lasting, recurred, again, namesake, called, unperformed, unvisited, open, lateNamesake], at: Self.now)
            // A police call about `called`'s parties, matched to it (X1), 20 days after its agreement.
            let call = DisputePoliceCallModel()
            call.disputeID = called.id; call.incidentID = UUID(); call.incidentNumber = "J1"; call.placeLabel = "村口"
            call.calledAt = t0.addingTimeInterval((2 + 3 + 20) * Self.day); call.lat = 36.37; call.lon = 114.38
            call.reportsViolence = false; call.createdAt = Self.now
            try await call.create(on: app.db)

            let t = try await CountyStatisticsTests.table(app, "?orgUnit=\(v.id)", token: try await app.token("bureau"))
            // Agreed: all but `again`, `namesake` and `open`; performed: less `unperformed`;
            // lasting: `lasting` and `lateNamesake` only (`recurred` came back, `called` was
            // called about, `unvisited` had no follow-up).
            #expect(t.tiers.received == 9)
            #expect(t.tiers.rows.map(\.tier) == [.agreed, .performed, .lasting])
            #expect(t.tiers.rows.map(\.count) == [6, 5, 2])
            let rates: [Double] = [6.0 / 9, 5.0 / 9, 2.0 / 9]
            #expect(t.tiers.rows.map(\.rate) == rates)
            #expect(t.value(.settled) == t.tiers.rows[0].count)
            let rows = try await SettledTierCounter(db: app.db).rows(CountyScope(unit: try await app.unit(code: "130427100201"), from: nil, to: nil))
            let top = Set(rows.filter { $0.facts.tier() == .lasting }.map(\.id))
            #expect(top == [lasting.id, lateNamesake.id])
        }
    }

    @Test("Clean data has no warning; each warning is raised by a case built for it and names its records",
          arguments: TestDatabase.available)
    func warnings(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let org = try await DemoDisputeSeed.org(on: app.db)
            let v = try await CountyCase.village(org, app, code: "130427100201")
            let t0 = ISO8601DateFormatter().date(from: "2026-05-04T01:00:00Z")!
            // A screening report for every month the warnings look at.
            let due = ScreeningCompliance.dueMonth(at: Self.now, calendar: PinganCalendar.shanghai)
            let report = ScreeningReportModel()
            report.villageID = v.id; report.villagePath = try await app.unit(code: "130427100201").path; report.month = due.description
            report.foundCount = 0; report.nilReport = true; report.submittedBy = CountyCase.bureauActor; report.submittedAt = Self.now
            try await report.create(on: app.db)

            // Clean: 25 disputes, 20 settled three days after registration, unrelated texts.
            let clean = (0..<25).map { i in
                CountyCase.dispute(in: v, at: t0.addingTimeInterval(Double(i) * Self.day), summary: CountyCase.text(),
                                   agreedAfter: i < 20 ? 3 * Self.day : nil, fulfilled: i < 20)
            }
            try await CountyCase.store(app, org, clean, at: Self.now)
            #expect(try await Self.warnings(app, orgUnit: v.id).isEmpty)

            // Near 100%: the same records with the threshold at 80% flag the village and name the five unsettled.
            app.settings.integritySuccessPercent = 80
            let rate = try await Self.warnings(app, orgUnit: v.id)
            #expect(rate.map(\.kind) == [IntegrityWarningKind.rateNearHundred.rawValue])
            #expect(rate.first?.units.map(\.id) == [v.id])
            #expect(Set(rate.first?.disputes.map(\.id) ?? []) == Set(clean.suffix(5).map(\.id)))
            app.settings.integritySuccessPercent = 99

            // Same-day settlements: 12 of 32 settled on their day of registration.
            let sameDay = (0..<12).map { i in
                CountyCase.dispute(in: v, at: t0.addingTimeInterval(Double(i) * Self.day + 3600), summary: CountyCase.text(),
                                   agreedAfter: 2 * 3600)
            }
            // Near-identical texts: one description copied with a changed punctuation mark.
            let copied = "村民张某与李某因宅基地边界发生争执，双方多次协商未果，张某要求拆除李某新砌的围墙。"
            let twins = [CountyCase.dispute(in: v, at: t0, summary: copied),
                         CountyCase.dispute(in: v, at: t0.addingTimeInterval(Self.day), summary: copied.replacingOccurrences(of: "。", with: "！"))]
            // "Prevented" with no major report (removed below) and "resolved petition" by the channel alone.
            let crowd = CountyCase.dispute(in: v, at: t0, summary: CountyCase.text(), people: 45, agreedAfter: 3 * Self.day)
            let petition = CountyCase.dispute(in: v, at: t0, summary: CountyCase.text(), channel: .petitionLinked, agreedAfter: 3 * Self.day)
            try await CountyCase.store(app, org, sameDay + twins + [crowd, petition], at: Self.now)
            try await MajorReportModel.query(on: app.db).filter(\.$disputeID == crowd.id).delete()
            try await report.delete(on: app.db)

            let all = try await Self.warnings(app, orgUnit: v.id)
            func of(_ k: IntegrityWarningKind) -> [IntegrityWarningDTO] { all.filter { $0.kind == k.rawValue } }
            #expect(of(.rateNearHundred).isEmpty)
            #expect(of(.sameDayClosures).count == 1)
            #expect(Set(of(.sameDayClosures).first?.disputes.map(\.id) ?? []) == Set(sameDay.map(\.id)))
            #expect(of(.nearIdenticalTexts).count == 1)
            #expect(Set(of(.nearIdenticalTexts).first?.disputes.map(\.id) ?? []) == Set(twins.map(\.id)))
            #expect(Set(of(.unsupportedClaims).flatMap { $0.disputes.map(\.id) }) == [crowd.id, petition.id])
            #expect(of(.missingScreening).count == 1)
            #expect(of(.missingScreening).first?.units.map(\.id) == [v.id])
            #expect(all.allSatisfy { !$0.label.isEmpty && !$0.detail.isEmpty })
        }
    }
    @Test("Migration 026 fills the row's facts of disputes stored before it from their states", arguments: TestDatabase.available)
    func migrationBackfill(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            _ = try await StatisticsTests.load(app)
            let bureau = try await app.token("bureau")
            let before = try await CountyStatisticsTests.table(app, token: bureau)
            let sql = try #require(app.db as? any SQLDatabase)
            // As rows stored before 026: the columns at their defaults.
            try await sql.raw("""
                UPDATE disputes SET fingerprint = NULL, mass_risk = false, agreed_at = NULL, performed = false, closed_on_follow_up = false
                """).run()
            let blank = try await CountyStatisticsTests.table(app, token: bureau)
            #expect(blank.value(.massIncidentsPrevented) == 0 && blank.tiers.rows[0].count == 0)
            try await M026DisputeFingerprints.fill(on: app.db)
            let after = try await CountyStatisticsTests.table(app, token: bureau)
            #expect(after.rows.map(\.value) == before.rows.map(\.value))
            #expect(after.tiers == before.tiers)
            #expect(before.value(.massIncidentsPrevented) > 0 && before.tiers.rows[2].count > 0)
            let stored = try await DisputeModel.query(on: app.db).all()
            #expect(stored.allSatisfy { m in m.fingerprint == TextFingerprint.simHash((try? DisputeStore.state(of: m))?.intake.summary ?? "").map(TextFingerprint.stored) })
        }
    }
}

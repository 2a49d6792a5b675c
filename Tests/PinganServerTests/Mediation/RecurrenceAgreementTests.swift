import Fluent
import Foundation
@testable import MediationDomain
@testable import MediationServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// One definition of recurrence (#12 point 2, M12): the county report's top tier of "settled" and
/// the evaluation count the same disputes as recurred.
@Suite("Recurrence: the tiers and the evaluation agree")
struct RecurrenceAgreementTests {
    static let now = StatisticsTests.now
    static let day: TimeInterval = 86_400

    @Test("A return by name + phone, or by a police call, inside the window counts in both; one outside counts in neither",
          arguments: TestDatabase.available)
    func agreement(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let org = try await DemoDisputeSeed.org(on: app.db)
            // Each case in a village of its own: the village's tiers and its committee's rating speak of that one case.
            let villages = Array(org.villages.prefix(5))
            try #require(villages.count == 5)
            let t0 = ISO8601DateFormatter().date(from: "2026-03-02T01:00:00Z")!
            let agreedAt = t0.addingTimeInterval(3 * Self.day)
            func settled(_ v: DemoVillage, _ party: Party) -> DemoDispute {
                CountyCase.dispute(in: v, at: t0, summary: CountyCase.text(), parties: [party, Party(name: "赵六", role: .respondent)],
                                   agreedAfter: 3 * Self.day, fulfilled: true, followedUp: true)
            }
            func comesBack(_ party: Party, after days: Double) -> DemoDispute {
                CountyCase.dispute(in: villages[4], at: agreedAt.addingTimeInterval(days * Self.day), summary: CountyCase.text(),
                                   parties: [party, Party(name: "钱七", role: .respondent)])
            }
            // 1: back after 30 days, the same name (written with a space) and phone (with +86), another ID number.
            let byPhone = settled(villages[0], Party(name: "王 建国", idNumber: DisputeFixtures.idNumber("13042719900101123"), phone: "13911112222", role: .applicant))
            let back = comesBack(Party(name: "王建国", idNumber: DisputeFixtures.idNumber("13042719920202222"), phone: "+86 139-1111-2222", role: .applicant), after: 30)
            // 2: a police call matched to it 20 days after the agreement.
            let byCall = settled(villages[1], Party(name: "孙立", phone: "13722223333", role: .applicant))
            // 3: the same person back after 120 days and a police call after 100: outside the 90-day window.
            let late = settled(villages[2], Party(name: "周平", phone: "13633334444", role: .applicant))
            let lateBack = comesBack(Party(name: "周平", phone: "13633334444", role: .applicant), after: 120)
            // 4: nobody came back.
            let quiet = settled(villages[3], Party(name: "吴敏", phone: "13544445555", role: .applicant))
            try await CountyCase.store(app, org, [byPhone, back, byCall, late, lateBack, quiet], at: Self.now)
            for (dispute, days) in [(byCall, 20.0), (late, 100.0)] {
                let call = DisputePoliceCallModel()
                call.disputeID = dispute.id; call.incidentID = UUID(); call.incidentNumber = "J\(Int(days))"; call.placeLabel = "村口"
                call.calledAt = agreedAt.addingTimeInterval(days * Self.day); call.lat = 36.37; call.lon = 114.38
                call.reportsViolence = false; call.createdAt = Self.now
                try await call.create(on: app.db)
            }

            let bureau = try await app.token("bureau")
            let res = try await app.api(.GET, "/api/v1/evaluation", token: bureau)
            #expect(res.status == .ok, "\(res.body.string.prefix(300))")
            let evaluation = try res.content.decode(EvaluationDTO.self)
            let expected = [true, true, false, false]
            for (i, recurred) in expected.enumerated() {
                let v = villages[i]
                // The tiers API: performed, but the top tier only when the parties did not come back.
                let table = try await CountyStatisticsTests.table(app, "?orgUnit=\(v.id)", token: bureau)
                #expect(table.tiers.rows.map(\.count) == [1, 1, recurred ? 0 : 1], "village \(i) tiers")
                // The evaluation API: the committee's one case carries the penalty exactly then.
                let committee = try #require(evaluation.committees.first { $0.key == v.id.uuidString }, "village \(i) rated")
                #expect(committee.rating.cases == 1)
                #expect(committee.rating.recurrences == (recurred ? 1 : 0), "village \(i) evaluation")
                #expect(committee.reasons.contains { $0.contains(recurred ? "复发 1 件" : "无复发") })
            }

            // A shorter window (PINGAN_RECURRENCE_DAYS=25) moves the 30-day return outside in both.
            app.settings.recurrenceDays = 25
            let short = try await app.api(.GET, "/api/v1/evaluation", token: bureau).content.decode(EvaluationDTO.self)
            let first = try await CountyStatisticsTests.table(app, "?orgUnit=\(villages[0].id)", token: bureau)
            #expect(first.tiers.rows.map(\.count) == [1, 1, 1])
            #expect(short.committees.first { $0.key == villages[0].id.uuidString }?.rating.recurrences == 0)
            #expect(short.committees.first { $0.key == villages[1].id.uuidString }?.rating.recurrences == 1)
        }
    }
}

import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
import PinganDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("Evaluation without quotas (M12)")
struct EvaluationAPITests {
    @Test("Quality, not volume: the busy mediator does not outrank the careful one", arguments: TestDatabase.available)
    func evaluation(db: TestDatabase) async throws {
        let clock = TestClock(LedgerSupport.start)
        try await withApp(db, clock: clock) { app in
            let roomstaff = try await app.token("roomstaff"), bureau = try await app.token("bureau")
            typealias S = LedgerSupport
            // 甲: many entries, mostly unsettled. 乙: five difficult (two failed sessions), settled, performed, visited.
            for i in 0..<8 {
                let id = try await S.register(app, roomstaff, applicantID: DisputeFixtures.idNumber("13042719900101\(String(format: "%03d", i))"))
                try await S.steps(app, roomstaff, id, [S.accept, S.assign("甲调解员")] + (i == 0 ? [S.session, S.agree, S.fulfil] : [S.failedSession, S.terminate]))
            }
            for i in 0..<5 {
                let id = try await S.register(app, roomstaff, applicantID: DisputeFixtures.idNumber("13042719910101\(String(format: "%03d", i))"))
                try await S.steps(app, roomstaff, id, [S.accept, S.assign("乙调解员"), S.failedSession, S.failedSession, S.session, S.agree, S.fulfil, S.followUp])
            }
            clock.advance(86_400)

            let res = try await app.api(.GET, "/api/v1/evaluation", token: bureau)
            #expect(res.status == .ok, "\(res.body.string.prefix(300))")
            let e = try res.content.decode(EvaluationDTO.self)
            let names = e.mediators.map(\.name)
            let a = try #require(names.firstIndex(of: "甲调解员")), b = try #require(names.firstIndex(of: "乙调解员"))
            #expect(b < a, "乙 (5 difficult, performed) must rank above 甲 (8 entries, 7 unsettled)")
            #expect(e.mediators[a].rating.cases > e.mediators[b].rating.cases)
            #expect(e.goldMediatorCandidates.map(\.name) == ["乙调解员"])
            #expect(e.goldMediatorCandidates[0].reasons.contains { $0.contains("其中疑难纠纷 5 件") })

            // The figures again, from the decoded states with the domain's rule.
            let rule = EvaluationRule()
            var byName: [String: [CaseQuality]] = [:]
            for m in try await DisputeModel.query(on: app.db).all() {
                let s = try DisputeStore.state(of: m)
                guard let c = CaseQuality.of(s, recurred: false, clock: LegalClock(), now: clock.now) else { continue }
                for a in s.assignments where a.role == .mediator { byName[a.name, default: []].append(c) }
            }
            for r in e.mediators { #expect(abs(r.qualityIndex - rule.rate(byName[r.name] ?? []).index) < 1e-9, "\(r.name)") }
            // The room is the committee rated; its reasons are shown.
            #expect(e.committees.contains { $0.name == "县教育局调解室" && !$0.reasons.isEmpty })

            // Mediators themselves and police roles do not see ratings.
            for who in ["mediator", "roomstaff", "dispatcher", "patrol"] {
                #expect(try await app.api(.GET, "/api/v1/evaluation", token: try await app.token(who)).status == .notFound, "\(who)")
            }
        }
    }

    @Test("A dispute about the same party within the window is a recurrence", arguments: TestDatabase.available)
    func recurrence(db: TestDatabase) async throws {
        let clock = TestClock(LedgerSupport.start)
        try await withApp(db, clock: clock) { app in
            let roomstaff = try await app.token("roomstaff")
            typealias S = LedgerSupport
            let id = try await S.register(app, roomstaff)
            try await S.steps(app, roomstaff, id, [S.accept, S.assign("丙调解员"), S.session, S.agree, S.fulfil])
            clock.advance(29 * 86_400)
            _ = try await S.register(app, try await app.token("roomstaff"))  // the same applicant comes back
            let e = try await app.api(.GET, "/api/v1/evaluation", token: try await app.token("bureau")).content.decode(EvaluationDTO.self)
            let c = try #require(e.mediators.first { $0.name == "丙调解员" })
            #expect(c.rating.recurrences == 1 && c.reasons.contains { $0.contains("复发 1 件") })
        }
    }
}

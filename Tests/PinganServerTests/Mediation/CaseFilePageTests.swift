import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("Case file (卷宗) pages and the session CSRF check")
struct CaseFilePageTests {
    /// Walks one dispute from intake to archive through the API, as the lifecycle test does.
    static func archivedDispute(_ app: Application, clock: TestClock) async throws -> UUID {
        let mediator = try await app.token("mediator")
        let judicial = try await app.token("judicial")
        let id = UUID()
        var version = 1
        try #require(try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: id)).status == .created)
        func step(_ token: String, _ type: String, _ payload: String = "{}") async throws {
            clock.advance(3600)
            let r = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: token,
                                      json: DisputeFixtures.event(type, base: version, payload: payload))
            try #require(r.status == .created, "\(type): \(r.body.string)")
            version = try r.dispute().version
        }
        try await step(mediator, "accepted", #"{"note":"当场受理"}"#)
        try await step(mediator, "session_held", #"{"time":"2026-03-03T01:00:00Z","place":"村委会调解室","participants":["张三","李四"],"record":"第一次：双方各执一词","outcome":"failed"}"#)
        try await step(mediator, "session_held", #"{"time":"2026-03-04T01:00:00Z","place":"村委会调解室","participants":["张三","李四"],"record":"第二次：达成一致","outcome":"succeeded"}"#)
        try await step(mediator, "agreement_signed", #"{"form":"written","parties":["张三","李四"],"facts":"院墙滴水","responsibilities":"李四改造排水","terms":"十日内完成改造","performanceManner":"自行施工","performanceDeadline":"2026-03-15T00:00:00Z","effectiveDate":"2026-03-05T00:00:00Z","amount":800}"#)
        try await step(mediator, "fulfilled", #"{"evidence":"排水管已改造","attachmentIds":[]}"#)
        try await step(mediator, "follow_up_visited", #"{"record":"回访双方，关系缓和","satisfied":true}"#)
        try await step(judicial, "archived")
        return id
    }

    static func get(_ app: Application, _ path: String, _ cookie: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.GET, path, headers: ["Cookie": "pingan_session=\(cookie)"])
    }

    @Test("Each case-file page renders its records; ID numbers stay masked on paper", arguments: TestDatabase.available)
    func caseFile(db: TestDatabase) async throws {
        let clock = TestClock(ISO8601DateFormatter().date(from: "2026-03-02T02:00:00Z")!)
        try await withApp(db, clock: clock) { app in
            let id = try await Self.archivedDispute(app, clock: clock)
            let cookie = try await PageTests.sessionCookie(app, "judicial")
            let caseNumber = "（2026）磁人调字第 1 号"

            let cover = try await Self.get(app, "/disputes/\(id)/file", cookie)
            #expect(cover.status == .ok)
            for text in [caseNumber, "人民调解卷宗", "张三", "李四", "人民调解申请书", "人民调解协议书", "2 次", "2026年3月2日"] {
                #expect(cover.body.string.contains(text), "cover lacks \(text)")
            }
            let expectations: [(String, [String])] = [
                ("application", ["人民调解申请书", "张三", "两户因院墙滴水发生争执", "三里屯村东街", "130427********001"]),
                ("rights", ["权利义务告知书", "张三、李四", "要求终止调解"]),
                ("investigation", ["调查记录", "两户因院墙滴水发生争执"]),
                ("mediation", ["第 1 次调解", "第一次：双方各执一词", "第 2 次调解", "第二次：达成一致", "调解成功"]),
                ("agreement", ["人民调解协议书", caseNumber, "院墙滴水", "李四改造排水", "十日内完成改造", "自行施工",
                               "2026年3月15日前", "800 元", "申请人（签名）：张三", "被申请人（签名）：李四"]),
                ("followup", ["排水管已改造", "回访双方，关系缓和", "满意"]),
            ]
            for (doc, texts) in expectations {
                let page = try await Self.get(app, "/disputes/\(id)/file/\(doc)", cookie)
                #expect(page.status == .ok, "\(doc)")
                for t in texts { #expect(page.body.string.contains(t), "\(doc) lacks \(t)") }
                #expect(!page.body.string.contains(DisputeFixtures.applicantID), "\(doc) shows a full ID number")
                #expect(!page.body.string.contains("13812345678"), "\(doc) shows a full phone number")
                #expect(page.body.string.contains("/css/print.css"))
            }
            #expect(try await Self.get(app, "/disputes/\(id)/file/nonsense", cookie).status == .notFound)
            // Outside the scope: as unknown.
            let room = try await PageTests.sessionCookie(app, "roomstaff")
            #expect(try await Self.get(app, "/disputes/\(id)/file/agreement", room).status == .notFound)
            #expect(try await Self.get(app, "/disputes/\(id)", room).status == .notFound)
            // The detail and list pages render for the mediator, masked.
            let mediator = try await PageTests.sessionCookie(app, "mediator")
            let detail = try await Self.get(app, "/disputes/\(id)", mediator)
            #expect(detail.status == .ok && detail.body.string.contains("已归档") && !detail.body.string.contains(DisputeFixtures.applicantID))
            let list = try await Self.get(app, "/disputes", mediator)
            #expect(list.body.string.contains("两户因院墙滴水发生争执") && !list.body.string.contains(DisputeFixtures.applicantID))
            #expect(try await Self.get(app, "/disputes?risk=purple", mediator).status == .badRequest)
        }
    }

    @Test("A session-authenticated API write needs the page's X-CSRF-Token", arguments: [TestDatabase.sqlite])
    func csrfHeader(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let cookie = try await PageTests.sessionCookie(app, "mediator")
            let page = try await Self.get(app, "/disputes/new", cookie)
            #expect(page.status == .ok)
            let token = String(try #require(page.body.string.firstMatch(of: /<meta name="csrf-token" content="([^"]+)">/)?.1))
            func post(_ header: String?, id: UUID) async throws -> TestingHTTPResponse {
                var headers: HTTPHeaders = ["Cookie": "pingan_session=\(cookie)", "Content-Type": "application/json"]
                if let header { headers.add(name: "X-CSRF-Token", value: header) }
                return try await app.testing().sendRequest(.POST, "/api/v1/disputes", headers: headers,
                                                           body: ByteBuffer(string: DisputeFixtures.intake(id: id)))
            }
            #expect(try await post(nil, id: UUID()).status == .unauthorized)
            #expect(try await post("wrong-token", id: UUID()).status == .unauthorized)
            #expect(try await DisputeModel.query(on: app.db).count() == 0)
            #expect(try await post(token, id: UUID()).status == .created)
            // Reads need no header; bearer-token clients need none either.
            #expect(try await Self.get(app, "/api/v1/disputes", cookie).status == .ok)
            #expect(try await app.api(.POST, "/api/v1/disputes", token: try await app.token("mediator"), json: DisputeFixtures.intake()).status == .created)
        }
    }
}

import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import PinganDomain
import Testing
import Vapor
import VaporTesting

@Suite("Township daily board (M7)")
struct BoardTests {
    static let start = ISO8601DateFormatter().date(from: "2026-03-02T02:00:00Z")!

    /// A: accepted 40 days ago (overdue, blue); B: red (threat), today; C: blue, today; D: in another township.
    static func seed(_ app: Application, clock: TestClock) async throws -> (a: UUID, b: UUID, c: UUID, d: UUID) {
        var mediator = try await app.token("mediator")
        let (a, b, c, d) = (UUID(), UUID(), UUID(), UUID())
        try #require(try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: a, summary: "甲：宅基地界址")).status == .created)
        try #require(try await app.api(.POST, "/api/v1/disputes/\(a)/events", token: mediator,
                                       json: DisputeFixtures.event("accepted", base: 1, payload: "{}")).status == .created)
        clock.advance(40 * 86_400)
        // Tokens last 30 days: sign in again after the jump.
        mediator = try await app.token("mediator")
        let bureau = try await app.token("bureau")
        try #require(try await app.api(.POST, "/api/v1/disputes", token: mediator,
                                       json: DisputeFixtures.intake(id: b, category: "01", summary: "乙：扬言动刀", threat: true)).status == .created)
        clock.advance(3600)
        try #require(try await app.api(.POST, "/api/v1/disputes", token: mediator,
                                       json: DisputeFixtures.intake(id: c, category: "03", summary: "丙：排水沟")).status == .created)
        let township = try await app.unit(code: "130427100000")
        let elsewhere = try #require(try await OrgUnitModel.query(on: app.db).filter(\.$kind == "village").all()
            .first { !$0.path.hasPrefix(township.path) })
        try #require(try await app.api(.POST, "/api/v1/disputes", token: bureau,
                                       json: DisputeFixtures.intake(id: d, villageId: elsewhere.id, category: "05", summary: "丁：别的乡镇")).status == .created)
        return (a, b, c, d)
    }

    static func caller(_ app: Application, _ username: String) async throws -> Caller {
        let user = try #require(try await UserModel.query(on: app.db).filter(\.$username == username).first())
        return try #require(try await Caller.load(user, on: app.db))
    }

    @Test("Groups open disputes by risk then deadline, counts stages, lists reports, changes and deadlines", arguments: TestDatabase.available)
    func model(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            let ids = try await Self.seed(app, clock: clock)
            let judicial = try await Self.caller(app, "judicial")
            let board = try await BoardModel.build(for: judicial, on: app.db, now: clock.now)
            #expect(board.areaName == "磁州镇")
            #expect(board.openCount == 3)
            #expect(board.groups.map(\.risk) == ["red", "blue"])
            #expect(board.groups.first?.items.map(\.id) == [ids.b])
            // Within a risk, the nearest deadline first; no deadline last.
            #expect(board.groups.last?.items.map(\.id) == [ids.a, ids.c])
            #expect(board.stageCounts.first { $0.stage == "registered" }?.count == 2)
            #expect(board.stageCounts.first { $0.stage == "accepted" }?.count == 1)
            #expect(board.majorReports.count == 1)
            #expect(board.majorReports.first?.disputeId == ids.b && board.majorReports.first?.forMyUnit == true)
            #expect(Set(board.sinceYesterday.map(\.id)) == [ids.b, ids.c])
            #expect(board.overdue.map(\.id) == [ids.a])
            #expect(board.warning.isEmpty)
            #expect(board.townships == nil)
            #expect(!board.groups.flatMap(\.items).contains { $0.id == ids.d })

            // Acknowledged reports leave the board; a day later nothing is "since yesterday".
            let report = try #require(try await MajorReportModel.find(board.majorReports[0].id, on: app.db))
            report.acknowledgedAt = clock.now
            try await report.update(on: app.db)
            clock.advance(2 * 86_400)
            let later = try await BoardModel.build(for: judicial, on: app.db, now: clock.now)
            #expect(later.majorReports.isEmpty)
            #expect(later.sinceYesterday.isEmpty)

            // The county bureau picks a township; its whole-county board includes the other township.
            let bureau = try await Self.caller(app, "bureau")
            let township = try await app.unit(code: "130427100000")
            let picked = try await BoardModel.build(for: bureau, orgUnit: township.id, on: app.db, now: clock.now)
            #expect(picked.openCount == 3 && picked.townships?.first { $0.selected }?.id == township.id)
            let county = try await BoardModel.build(for: bureau, on: app.db, now: clock.now)
            #expect(county.openCount == 4)
            #expect((county.townships?.count ?? 0) == 11)
        }
    }

    @Test("A busy township: each board list holds its first 50; totals and links cover the whole", arguments: TestDatabase.available)
    func busyTownship(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            // 53 accepted disputes that will be overdue, then 2 registered today (no deadline yet).
            var mediator = try await app.token("mediator")
            var accepted: Set<UUID> = []
            for k in 0..<53 {
                let id = UUID()
                try #require(try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: id, summary: "界址第\(k)号")).status == .created)
                try #require(try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: mediator,
                                               json: DisputeFixtures.event("accepted", base: 1)).status == .created)
                accepted.insert(id)
                clock.advance(60)
            }
            clock.advance(40 * 86_400)
            mediator = try await app.token("mediator")
            var fresh: Set<UUID> = []
            for k in 0..<2 {
                let id = UUID()
                try #require(try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: id, summary: "新登记\(k)")).status == .created)
                fresh.insert(id)
            }
            let township = try await app.unit(code: "130427100000")
            let board = try await BoardModel.build(for: try await Self.caller(app, "judicial"), on: app.db, now: clock.now)
            #expect(board.openCount == 55)
            let blue = try #require(board.groups.first { $0.risk == "blue" })
            #expect(blue.count == 55 && blue.items.count == BoardModel.listLimit)
            // Nearest deadline first: the registered ones (no deadline) are past the first 50.
            #expect(Set(blue.items.map(\.id)).isSubset(of: accepted))
            let blueLink = try #require(blue.moreHref)
            #expect(blueLink.contains("orgUnit=\(township.id!.uuidString)") && blueLink.contains("open=true") && blueLink.contains("risk=blue"))
            #expect(board.overdue.count == BoardModel.listLimit && board.overdueInfo.count == 53)
            #expect(board.overdue.map { $0.deadlineAt! } == board.overdue.map { $0.deadlineAt! }.sorted())
            let overdueLink = try #require(board.overdueInfo.moreHref)
            #expect(Set(board.sinceYesterday.map(\.id)) == fresh && board.sinceYesterdayInfo.count == 2 && board.sinceYesterdayInfo.moreHref == nil)
            #expect(board.warning.isEmpty && board.warningInfo.count == 0)
            #expect(board.stageCounts.first { $0.stage == "accepted" }?.count == 53)

            // Each link's list holds the whole group, counted the same way.
            let judicial = try await app.token("judicial")
            func total(_ href: String) async throws -> Int {
                let res = try await app.api(.GET, href.replacingOccurrences(of: "/disputes?", with: "/api/v1/disputes?"), token: judicial)
                guard res.status == .ok else {
                    Issue.record("\(href): \(res.status) \(res.body.string)")
                    return -1
                }
                return res.total
            }
            #expect(try await total(blueLink) == 55)
            #expect(try await total(overdueLink) == 53)
            #expect(try await total("/disputes?orgUnit=\(township.id!)&dueSoon=true") == 0)
            let since = ISO8601DateFormatter().string(from: clock.now.addingTimeInterval(-86_400))
            #expect(try await total("/disputes?orgUnit=\(township.id!)&changedSince=\(since)") == 2)
            #expect(try await app.api(.GET, "/api/v1/disputes?overdue=maybe", token: judicial).status == .badRequest)
            #expect(try await app.api(.GET, "/api/v1/disputes?changedSince=yesterday", token: judicial).status == .badRequest)

            // The page: totals, the "first 50" notes, the links; the list page keeps the board's filter.
            let cookie = try await PageTests.sessionCookie(app, "judicial")
            let page = try await CaseFilePageTests.get(app, "/board", cookie)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("已超期（53）") && html.contains("查看全部 53 件") && html.contains("查看全部 55 件"))
            #expect(html.components(separatedBy: "class=\"dispute-row").count - 1 == BoardModel.listLimit)
            let list = try await CaseFilePageTests.get(app, overdueLink.replacingOccurrences(of: "&amp;", with: "&"), cookie)
            #expect(list.status == .ok)
            #expect(list.body.string.contains("共 53 件") && list.body.string.contains("已超期") && list.body.string.contains("name=\"overdue\" value=\"true\""))
        }
    }

    @Test("GET /api/v1/disputes/board answers in scope, 404 outside it, 400 for a bad id", arguments: [TestDatabase.sqlite])
    func api(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            let ids = try await Self.seed(app, clock: clock)
            let judicial = try await app.token("judicial")
            let res = try await app.api(.GET, "/api/v1/disputes/board", token: judicial)
            #expect(res.status == .ok)
            let board = try res.content.decode(BoardModel.self)
            #expect(board.openCount == 3 && board.overdue.map(\.id) == [ids.a])
            #expect(!res.body.string.contains(DisputeFixtures.applicantID))
            let other = try #require(try await OrgUnitModel.query(on: app.db).filter(\.$kind == "township").filter(\.$code != "130427100000").first())
            #expect(try await app.api(.GET, "/api/v1/disputes/board?orgUnit=\(other.id!)", token: judicial).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/disputes/board?orgUnit=nope", token: judicial).status == .badRequest)
            #expect(try await app.api(.GET, "/api/v1/disputes/board", token: try await app.token("dispatcher")).status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/disputes/board", token: nil).status == .unauthorized)
        }
    }
}

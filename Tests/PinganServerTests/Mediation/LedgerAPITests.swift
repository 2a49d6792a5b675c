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

/// Helpers shared by the ledger, enterprise and evaluation tests: disputes driven through the API.
enum LedgerSupport {
    static let start = ISO8601DateFormatter().date(from: "2026-03-02T01:00:00Z")!

    /// Registers a dispute as `token` (handled by `handling` when given) and returns its id.
    static func register(_ app: Application, _ token: String, handling: UUID? = nil, category: String = "02",
                         applicantID: String = DisputeFixtures.applicantID, summary: String = "两户因院墙滴水发生争执") async throws -> UUID {
        let id = UUID()
        var json = DisputeFixtures.intake(id: id, category: category, summary: summary, applicantID: applicantID)
        if let handling { json = String(json.dropLast()) + #","handlingOrgUnitId":"\#(handling)"}"# }
        let res = try await app.api(.POST, "/api/v1/disputes", token: token, json: json)
        guard res.status == .created else { throw TestSetupError.other("register: \(res.status) \(res.body.string)") }
        return id
    }

    /// Appends events in order, each on the version the last one left.
    static func steps(_ app: Application, _ token: String, _ id: UUID, _ events: [(String, String)]) async throws {
        for (type, payload) in events {
            let d = try await app.api(.GET, "/api/v1/disputes/\(id)", token: token).dispute()
            let res = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: token,
                                        json: DisputeFixtures.event(type, base: d.version, payload: payload))
            guard res.status == .created else { throw TestSetupError.other("\(type): \(res.status) \(res.body.string)") }
        }
    }

    static let accept = ("accepted", #"{"note":"受理"}"#)
    static func assign(_ name: String) -> (String, String) { ("assigned", #"{"role":"mediator","name":"\#(name)"}"#) }
    static let session = ("session_held", #"{"time":"2026-03-03T01:00:00Z","place":"调解室","participants":["张三","李四"],"record":"达成一致","outcome":"succeeded"}"#)
    static let failedSession = ("session_held", #"{"time":"2026-03-03T01:00:00Z","place":"调解室","participants":["张三","李四"],"record":"分歧较大","outcome":"failed"}"#)
    static let agree = ("agreement_signed", #"{"form":"oral","parties":["张三","李四"],"facts":"院墙滴水","responsibilities":"各半","terms":"改造排水","performanceManner":"自行施工","effectiveDate":"2026-03-05T00:00:00Z"}"#)
    static let fulfil = ("fulfilled", #"{"evidence":"已改造，双方签字确认","attachmentIds":[]}"#)
    static let followUp = ("follow_up_visited", #"{"record":"回访双方，关系缓和","satisfied":true}"#)
    static let terminate = ("terminated", #"{"reason":"一方拒绝调解","otherRoutes":["litigation"]}"#)
}

@Suite("Ledgers (M10)")
struct LedgerAPITests {
    struct Ledger: Decodable {
        struct Row: Decodable {
            var disputeId: UUID; var parties: String; var categoryLabel: String; var stageLabel: String; var result: String
            var timeLimit: String; var lastDay: String?; var timeliness: String; var timelinessLabel: String; var overdue: Bool; var daysOver: Int
            var caseNumber: String?; var registeredDay: String; var channelLabel: String; var limitSource: String
        }
        struct Limit: Decodable { var channel: String; var timeLimit: String; var source: String }
        var total: Int; var overdue: Int; var rows: [Row]; var limits: [Limit]
    }

    /// The expected time-limit facts, worked out here from the decoded states with the legal clock
    /// directly (not through `LedgerEntry`): overdue when mediation ended after the last day or is
    /// still open once the day after it has begun.
    static func expected(_ app: Application, unit: OrgUnitModel, now: Date) async throws -> [UUID: (lastDay: String?, overdue: Bool)] {
        let clock = LegalClock()
        var out: [UUID: (String?, Bool)] = [:]
        for m in try await DisputeModel.query(on: app.db).filter(\.$handlingOrgUnitID == unit.id!).all() {
            let s = try DisputeStore.state(of: m)
            guard let accepted = s.acceptedAt else { out[s.disputeId] = (nil, false); continue }
            let last = clock.lastDay(from: accepted, limit: clock.limits.mediationLimit(for: s.channel))
            let passes = last.adding(days: 1).start(in: clock.calendar)
            let end = s.agreedAt ?? s.terminatedAt
            out[s.disputeId] = (last.description, end.map { $0 >= passes } ?? (now >= passes))
        }
        return out
    }

    @Test("Rows and overdue flags match an independent computation; scope and export", arguments: TestDatabase.available)
    func ledger(db: TestDatabase) async throws {
        let clock = TestClock(LedgerSupport.start)
        try await withApp(db, clock: clock) { app in
            let room = try await app.unit(code: "130427000000-BM01-TJS")
            let labour = try await app.unit(code: "130427000000-ZY-LD")
            var roomstaff = try await app.token("roomstaff"), bureau = try await app.token("bureau")
            // In the room: one overdue and open, one settled in time, one never accepted.
            let open = try await LedgerSupport.register(app, roomstaff, summary: "教师与学校因课时费发生争议")
            let settled = try await LedgerSupport.register(app, roomstaff, summary: "家长与学校因校车接送发生纠纷")
            let waiting = try await LedgerSupport.register(app, roomstaff)
            try await LedgerSupport.steps(app, roomstaff, open, [LedgerSupport.accept])
            try await LedgerSupport.steps(app, roomstaff, settled, [LedgerSupport.accept])
            clock.advance(5 * 86_400)
            try await LedgerSupport.steps(app, roomstaff, settled, [LedgerSupport.session, LedgerSupport.agree])
            // At the labour committee: 15 days. Accepted now, concluded after 20 days (late).
            let late = try await LedgerSupport.register(app, bureau, handling: labour.id!, category: "10")
            try await LedgerSupport.steps(app, bureau, late, [LedgerSupport.accept])
            clock.advance(20 * 86_400)
            bureau = try await app.token("bureau"); roomstaff = try await app.token("roomstaff")
            try await LedgerSupport.steps(app, bureau, late, [LedgerSupport.failedSession, LedgerSupport.terminate])
            clock.advance(20 * 86_400)  // 45 days after the room's acceptance: past its month.
            let now = clock.now
            // Tokens last 30 days: sign in again at the new date.
            roomstaff = try await app.token("roomstaff"); bureau = try await app.token("bureau")

            let res = try await app.api(.GET, "/api/v1/ledgers/\(room.id!)", token: roomstaff)
            #expect(res.status == .ok, "\(res.body.string.prefix(200))")
            let ledger = try res.content.decode(Ledger.self)
            let expected = try await Self.expected(app, unit: room, now: now)
            #expect(Set(ledger.rows.map(\.disputeId)) == Set(expected.keys))
            #expect(ledger.rows.count == 3 && ledger.total == 3)
            for r in ledger.rows {
                let e = try #require(expected[r.disputeId])
                #expect(r.lastDay == e.lastDay && r.overdue == e.overdue, "\(r.disputeId)")
            }
            let byID = Dictionary(uniqueKeysWithValues: ledger.rows.map { ($0.disputeId, $0) })
            #expect(byID[open]?.timeliness == "overdue" && byID[open]?.overdue == true && (byID[open]?.daysOver ?? 0) > 0)
            #expect(byID[settled]?.timeliness == "concluded_in_time" && byID[settled]?.result == "调解成功")
            #expect(byID[waiting]?.timeliness == "not_running" && byID[waiting]?.overdue == false)
            #expect(ledger.overdue == expected.values.filter(\.overdue).count)
            #expect(byID[open]?.parties.contains("130427********") == true && byID[open]?.parties.contains(DisputeFixtures.applicantID) == false)
            #expect(ledger.limits.contains { $0.channel == "department_mediation_room" && $0.timeLimit == "1个月" })

            let lab = try await app.api(.GET, "/api/v1/ledgers/\(labour.id!)", token: bureau).content.decode(Ledger.self)
            let labExpected = try await Self.expected(app, unit: labour, now: now)
            #expect(lab.rows.count == labExpected.count)
            for r in lab.rows { #expect(r.overdue == labExpected[r.disputeId]?.overdue, "\(r.disputeId)") }
            let lateRow = try #require(lab.rows.first { $0.disputeId == late })
            #expect(lateRow.timeLimit == "15日" && lateRow.timeliness == "concluded_late" && lateRow.daysOver == 5)
            #expect(lateRow.limitSource.contains("第十四条"))

            // Scope: the room's own staff and the bureau; another room's staff, townships and police: 404.
            #expect(try await app.api(.GET, "/api/v1/ledgers/\(labour.id!)", token: roomstaff).status == .notFound)
            for who in ["judicial", "mediator", "dispatcher", "patrol", "governance", "lawyer"] {
                #expect(try await app.api(.GET, "/api/v1/ledgers/\(room.id!)", token: try await app.token(who)).status == .notFound, "\(who)")
            }
            let units = try await app.api(.GET, "/api/v1/ledgers", token: roomstaff).content.decode(ListPage<LedgerUnitDTO>.self)
            #expect(units.items.map(\.id) == [room.id!] && units.items[0].received == 3)
            let all = try await app.api(.GET, "/api/v1/ledgers?limit=1000", token: bureau).content.decode(ListPage<LedgerUnitDTO>.self)
            #expect(all.total == 37 + 3)

            // Exports: every Chinese field back exactly, by Python's csv and by openpyxl.
            let headers = ["案号", "登记日期", "受理日期", "当事人", "纠纷类型", "调解途径", "阶段", "调解结果", "法定时限", "期限届满日",
                           "办结日期", "时限状态", "超期天数", "时限依据"]
            let csv = try await app.api(.GET, "/api/v1/ledgers/\(room.id!)/export?format=csv", token: roomstaff)
            #expect(csv.status == .ok)
            let csvRows = try await ExportReader.csvRows(Data(buffer: csv.body))
            let xlsx = try await app.api(.GET, "/api/v1/ledgers/\(room.id!)/export?format=xlsx", token: roomstaff)
            #expect(xlsx.headers.contentType == ExportFormat.xlsxMediaType)
            let sheet = try await ExportReader.xlsx(Data(buffer: xlsx.body))
            for rows in [csvRows, sheet.rows] {
                let header = try #require(rows.first { $0.first == "案号" })
                #expect(header == headers)
                let data = rows.drop { $0 != header }.dropFirst()
                #expect(data.count == ledger.rows.count)
                for (r, row) in zip(ledger.rows, data) {
                    #expect(row[3] == r.parties && row[4] == r.categoryLabel && row[5] == r.channelLabel && row[6] == r.stageLabel)
                    #expect(row[7] == r.result && row[8] == r.timeLimit && row[9] == (r.lastDay ?? "") && row[11] == r.timelinessLabel)
                    #expect(row[12] == String(r.daysOver) && row[13] == r.limitSource && row[1] == r.registeredDay)
                }
            }
            #expect(try await app.api(.GET, "/api/v1/ledgers/\(room.id!)/export?format=pdf", token: roomstaff).status == .badRequest)
        }
    }
}

import Fluent
import Foundation
@testable import MediationDomain
@testable import MediationServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Disputes built for one purpose, stored through the demo loader (projection, parties, major
/// reports as in production).
enum CountyCase {
    static let bureauActor = UUID(uuidString: "00000000-0000-0000-0000-00000000A001")!

    /// A village of the demo org by code, with its township.
    static func village(_ org: DemoDisputeSeed.Org, _ app: Application, code: String) async throws -> DemoVillage {
        let unit = try await app.unit(code: code)
        return try #require(org.villages.first { $0.id == unit.id })
    }

    /// registered → accepted → (session and agreement after `agreedAfter`) → (fulfilled) →
    /// (a satisfied follow-up 30 days on).
    static func dispute(in v: DemoVillage, at registered: Date, summary: String, parties: [Party]? = nil, people: Int = 2,
                        channel: MediationChannel = .peoplesMediation, agreedAfter: TimeInterval? = nil,
                        fulfilled: Bool = false, followedUp: Bool = false) -> DemoDispute {
        let id = UUID()
        let intake = DisputeIntake(
            parties: parties ?? [Party(name: "甲\(id.uuidString.prefix(4))", phone: "1390000\(Int.random(in: 1000...9999))", role: .applicant),
                                 Party(name: "乙\(id.uuidString.prefix(4))", role: .respondent)],
            category: .neighbourhood, source: .partyApplication, channel: channel, level: .village, handlingOrgUnitId: v.id,
            villageId: v.id, townshipId: v.townshipId, place: v.name, peopleInvolved: people, summary: summary)
        func ev(_ kind: DisputeEventKind, _ at: Date) -> DisputeEvent {
            DisputeEvent(id: UUID(), disputeId: id, at: at, actorUserId: bureauActor, actorOrgUnitId: v.id, kind: kind)
        }
        var events = [ev(.registered(intake), registered), ev(.accepted(Acceptance()), registered.addingTimeInterval(600))]
        if let agreedAfter {
            let at = registered.addingTimeInterval(agreedAfter)
            events.append(ev(.sessionHeld(MediationSession(time: at, place: "村委会", participants: ["甲", "乙"], record: "笔录", outcome: .succeeded)), at))
            events.append(ev(.agreementSigned(MediationAgreement(form: .written, parties: ["甲", "乙"], facts: "事实", responsibilities: "各半",
                                                                 terms: "赔偿", performanceManner: "即时履行",
                                                                 performanceDeadline: at.addingTimeInterval(10 * 86_400), effectiveDate: at)),
                             at.addingTimeInterval(60)))
            if fulfilled { events.append(ev(.fulfilled(Fulfilment(evidence: "已付清")), at.addingTimeInterval(86_400))) }
            if followedUp {
                events.append(ev(.followUpVisited(FollowUpVisit(record: "双方和好", satisfied: true)), at.addingTimeInterval(30 * 86_400)))
            }
        }
        return DemoDispute(id: id, events: events)
    }

    /// A text of `n` random common characters: unrelated descriptions, far apart in SimHash.
    static func text(_ n: Int = 40) -> String {
        String((0..<n).map { _ in Character(UnicodeScalar(UInt32.random(in: 0x4E00...0x7FFF))!) })
    }

    static func store(_ app: Application, _ org: DemoDisputeSeed.Org, _ disputes: [DemoDispute], at now: Date) async throws {
        _ = try await DemoDisputeSeed.load(disputes, org: org, on: app.db, at: now)
    }
}

@Suite("County mediation table (M13): each figure from the records, and the records behind it")
struct CountyStatisticsTests {
    static let now = StatisticsTests.now

    static func table(_ app: Application, _ query: String = "", token: String) async throws -> CountyTableDTO {
        let res = try await app.api(.GET, "/api/v1/statistics/county\(query)", token: token)
        #expect(res.status == .ok, "\(res.body.string)")
        return try res.content.decode(CountyTableDTO.self)
    }

    /// Violent police calls matched to every 37th dispute, quiet ones to every 41st: 民转刑 is the
    /// first set only.
    static func policeCalls(_ app: Application, _ states: [(state: DisputeState, risk: RiskLevel)]) async throws -> Set<UUID> {
        var violent = Set<UUID>()
        for (i, s) in states.enumerated() where i % 37 == 0 || i % 41 == 0 {
            let call = DisputePoliceCallModel()
            call.disputeID = s.state.disputeId; call.incidentID = UUID(); call.incidentNumber = "J\(i)"
            call.calledAt = s.state.registeredAt.addingTimeInterval(86_400); call.placeLabel = "村口"; call.lat = 36.37; call.lon = 114.38
            call.reportsViolence = i % 37 == 0; call.createdAt = now
            try await call.create(on: app.db)
            if i % 37 == 0 { violent.insert(s.state.disputeId) }
        }
        return violent
    }

    /// Each row against an independent count: the domain's `MediationStatistics(states:)` over the
    /// replayed events where it has the row, the row's own rule over the states otherwise; and the
    /// list behind each row has that total, and for the small rows exactly those disputes.
    static func expectRows(_ app: Application, _ got: CountyTableDTO, _ states: [(state: DisputeState, risk: RiskLevel)],
                           violent: Set<UUID>, query: String, token: String) async throws {
        let stats = MediationStatistics(states: states.map(\.state))
        #expect(got.value(.received) == stats.received)
        #expect(got.value(.receivedTownship) == stats.receivedByLevel.township)
        #expect(got.value(.receivedVillage) == stats.receivedByLevel.village)
        #expect(got.value(.receivedProfessional) == stats.receivedByLevel.professional)
        #expect(got.value(.receivedOther) == stats.receivedByLevel.county + stats.receivedByLevel.department)
        #expect(got.value(.settled) == stats.settled)
        #expect(got.value(.petitionsResolved) == stats.petitionsResolved)
        #expect(got.value(.difficult) == states.filter { $0.state.isDifficult(risk: $0.risk) }.count)
        #expect(got.value(.massIncidentsPrevented) == stats.massIncidentsPrevented)
        #expect(abs(got.successRate - stats.settledRate) < 1e-9)
        for figure in CountyFigure.allCases {
            let want = states.filter { figure.counts($0.state, risk: $0.risk, turnedCriminal: violent.contains($0.state.disputeId)) }
            #expect(got.value(figure) == want.count, "\(figure)")
            let res = try await app.api(.GET, "/api/v1/statistics/records?figure=\(figure.rawValue)&limit=1000\(query)", token: token)
            #expect(res.status == .ok)
            let list = try res.content.decode(ListPage<DisputeListItem>.self)
            #expect(list.total == got.value(figure), "\(figure) list total")
            if want.count <= 1000 { #expect(Set(list.items.map(\.id)) == Set(want.map(\.state.disputeId)), "\(figure) records") }
        }
    }

    @Test("Every row of the table equals an independent count, for the county, a township and a period", arguments: TestDatabase.available)
    func rows(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let states = try await StatisticsTests.load(app)
            let violent = try await Self.policeCalls(app, states)
            let bureau = try await app.token("bureau")
            let county = try await Self.table(app, token: bureau)
            try await Self.expectRows(app, county, states, violent: violent, query: "", token: bureau)
            // The demo year has every row of the seed's table filled.
            for figure in CountyFigure.allCases where figure != .receivedOther { #expect(county.value(figure) > 0, "\(figure)") }
            #expect(county.rows.map(\.label).prefix(4) == ["受理纠纷", "其中：乡镇调委会", "其中：村级调委会", "其中：专业性、行业性调委会"])

            // A township sees its subtree only.
            let cizhou = try await app.unit(code: "130427100000")
            let judicial = try await app.token("judicial")
            let township = try await Self.table(app, token: judicial)
            let mine = states.filter { $0.state.intake.townshipId == cizhou.id }
            #expect(!mine.isEmpty && mine.count < states.count && township.orgUnitId == cizhou.id)
            try await Self.expectRows(app, township, mine, violent: violent, query: "", token: judicial)

            // A period: the disputes registered in it.
            let f = ISO8601DateFormatter()
            let from = "2025-04-01T00:00:00Z", to = "2025-06-30T23:59:59Z"
            let period = try await Self.table(app, "?from=\(from)&to=\(to)", token: bureau)
            let inPeriod = states.filter { $0.state.registeredAt >= f.date(from: from)! && $0.state.registeredAt <= f.date(from: to)! }
            try await Self.expectRows(app, period, inPeriod, violent: violent, query: "&from=\(from)&to=\(to)", token: bureau)
        }
    }

    @Test("Outside the scope is 404; police roles get 404 on every route; bad input is 400", arguments: TestDatabase.available)
    func refusals(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let other = try await app.unit(code: "130427103000")
            let mediator = try await app.token("mediator")
            #expect(try await app.api(.GET, "/api/v1/statistics/county?orgUnit=\(other.id!)", token: mediator).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/statistics/records?orgUnit=\(other.id!)", token: mediator).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/statistics/county", token: mediator).status == .ok)
            for user in ["patrol", "commander", "dispatcher"] {
                let token = try await app.token(user)
                for path in ["/api/v1/statistics/county", "/api/v1/statistics/county/export?format=csv", "/api/v1/statistics/records",
                             "/api/v1/statistics/warnings", "/statistics/records"] {
                    #expect(try await app.api(.GET, path, token: token).status == .notFound, "\(user) \(path)")
                }
            }
            let bureau = try await app.token("bureau")
            let bad = try await app.api(.GET, "/api/v1/statistics/records?figure=nonsense", token: bureau)
            #expect(bad.status == .badRequest && bad.errorCode == "invalid_query")
            #expect(try await app.api(.GET, "/api/v1/statistics/county?from=yesterday", token: bureau).status == .badRequest)
            #expect(try await app.api(.GET, "/api/v1/statistics/county/export?format=pdf", token: bureau).status == .badRequest)
        }
    }

    @Test("The table exported as CSV and .xlsx gives back every Chinese field exactly", arguments: TestDatabase.available)
    func exports(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            _ = try await StatisticsTests.load(app)
            let bureau = try await app.token("bureau")
            let t = try await Self.table(app, token: bureau)
            let want: [[String]] = t.rows.map { [t.orgUnitName, $0.label, String($0.value)] }
                + [[t.orgUnitName, "调解成功率"]] + t.tiers.rows.map { [t.orgUnitName, "成功（\($0.label)）", String($0.count)] }
            let csv = try await app.api(.GET, "/api/v1/statistics/county/export?format=csv", token: bureau)
            #expect(csv.status == .ok)
            let csvRows = try await ExportReader.csvRows(Data(buffer: csv.body))
            #expect(csvRows.first == ["单位", "项目", "数值", "比率"])
            #expect(csvRows.dropFirst().map { Array($0.prefix(3)).filter { !$0.isEmpty } } == want)
            let xlsx = try await app.api(.GET, "/api/v1/statistics/county/export?format=xlsx", token: bureau)
            #expect(xlsx.status == .ok)
            let book = try await ExportReader.xlsx(Data(buffer: xlsx.body))
            #expect(book.rows.first == ["单位", "项目", "数值", "比率"])
            #expect(book.rows.dropFirst().map { Array($0.prefix(3)).filter { !$0.isEmpty } } == want)
        }
    }
    @Test("The statistics page shows the table with each figure linked to its records, the tiers and the warnings", arguments: TestDatabase.available)
    func page(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            _ = try await StatisticsTests.load(app)
            let cookie = try await PageTests.sessionCookie(app, "judicial")
            let res = try await app.testing().sendRequest(.GET, "/statistics", headers: ["Cookie": "pingan_session=\(cookie)"])
            #expect(res.status == .ok, "\(res.body.string.prefix(400))")
            let t = try await Self.table(app, token: try await app.token("judicial"))
            let html = res.body.string
            for r in t.rows {
                #expect(html.contains("data-key=\"\(r.key)\" href=\"/statistics/records?figure=\(r.key)\">\(r.value)</a>"), "\(r.key)")
            }
            for tier in t.tiers.rows { #expect(html.contains(tier.label)) }
            let list = try await app.testing().sendRequest(.GET, "/statistics/records?figure=settled", headers: ["Cookie": "pingan_session=\(cookie)"])
            #expect(list.status == .ok, "\(list.body.string.prefix(400))")
            #expect(list.body.string.contains("<strong id=\"records-total\">\(t.value(.settled))</strong>"))
        }
    }
}

import Fluent
import Foundation
import PinganDomain
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Disputes registered at chosen times, straight through the event store (the one write path).
enum AnalysisReportData {
    /// Noon in Shanghai on `day` of `month`.
    static func at(_ month: YearMonth, day: Int = 10, hour: Int = 12) -> Date {
        month.firstDay.adding(days: day - 1).start(in: PinganCalendar.shanghai).addingTimeInterval(Double(hour) * 3600)
    }

    @discardableResult
    static func register(_ app: Application, village code: String, _ category: DisputeCategory, at: Date, summary: String = "两户因院墙滴水发生争执",
                         threat: Bool = false) async throws -> UUID {
        let village = try await app.unit(code: code)
        let intake = DisputeIntake(
            parties: [Party(name: "张三", phone: "13812345678", role: .applicant), Party(name: "李四", phone: "13987654321", role: .respondent)],
            category: category, subcategoryCode: nil, source: .partyApplication, channel: .peoplesMediation, level: .village,
            handlingOrgUnitId: try village.requireID(), villageId: village.id, townshipId: village.parentID, gridId: nil, place: "村东街",
            location: nil, occurredAt: nil, peopleInvolved: 2, amount: nil, summary: summary,
            riskSigns: RiskSigns(threatOfViolence: threat, threatOfSelfHarm: false, plannedCollectivePetition: false, crossesVillages: false))
        let id = UUID()
        _ = try await DisputeEventStore(db: app.db).register(id: id, intake: intake, by: EventActor(systemFor: try village.requireID()), at: at)
        return id
    }

    static let villageA = "130427100201" // 三里屯村, 磁州镇
    static let villageB = "130427103201" // a village of another township
    static let march = YearMonth(year: 2026, month: 3)

    /// Four months (Dec–Mar): neighbourhood disputes in 磁州镇 rise (1, 2, 0 → 9); labour disputes in
    /// the other township are steady (4, 5, 6 → 5); marriage disputes in 磁州镇 come and go (3 in Feb, 2 in Mar).
    static func fourMonths(_ app: Application) async throws {
        func add(_ n: Int, _ village: String, _ c: DisputeCategory, _ m: YearMonth) async throws {
            for i in 0..<n { try await register(app, village: village, c, at: at(m, day: 2 + i * 2)) }
        }
        for (k, n) in [1, 2, 0, 9].enumerated() { try await add(n, villageA, .neighbourhood, march.adding(months: k - 3)) }
        for (k, n) in [4, 5, 6, 5].enumerated() { try await add(n, villageB, .labour, march.adding(months: k - 3)) }
        try await add(3, villageA, .marriageFamily, march.previous)
        try await add(2, villageA, .marriageFamily, march)
        // Outside the window: November and April are not counted.
        try await add(4, villageA, .neighbourhood, march.adding(months: -4))
        try await add(1, villageB, .labour, march.next)
    }

    static func issue(_ app: Application, token: String, unit: UUID?, month: YearMonth) async throws -> AnalysisReportDTO {
        let unitJSON = unit.map { #""orgUnitId":"\#($0)","# } ?? ""
        let res = try await app.api(.POST, "/api/v1/analysis-reports", token: token, json: #"{\#(unitJSON)"month":"\#(month)"}"#)
        guard res.status == .created else { throw TestSetupError.other("issue: \(res.status) \(res.body.string)") }
        return try res.content.decode(AnalysisReportDTO.self)
    }

    static func get(_ app: Application, _ id: UUID, token: String) async throws -> AnalysisReportDTO {
        let res = try await app.api(.GET, "/api/v1/analysis-reports/\(id)", token: token)
        guard res.status == .ok else { throw TestSetupError.other("get: \(res.status) \(res.body.string)") }
        return try res.content.decode(AnalysisReportDTO.self)
    }
}

extension YearMonth { var next: YearMonth { adding(months: 1) } }

@Suite("Monthly analysis report (舆情分析报告, M9)")
struct AnalysisReportTests {
    typealias D = AnalysisReportData
    static let now = ISO8601DateFormatter().date(from: "2026-04-08T02:00:00Z")!

    /// Disputes in `path`'s scope registered in `month`, counted with a plain query.
    static func count(_ app: Application, path: String, _ month: YearMonth, category: DisputeCategory? = nil, township: UUID? = nil) async throws -> Int {
        let cal = PinganCalendar.shanghai
        let q = DisputeModel.query(on: app.db).group(.or) { $0.filter(\.$originPath =~ path).filter(\.$handlingPath =~ path) }
            .filter(\.$registeredAt >= month.firstDay.start(in: cal)).filter(\.$registeredAt < month.next.firstDay.start(in: cal))
        if let category { q.filter(\.$category == category.rawValue) }
        if let township { q.filter(\.$townshipID == township) }
        return try await q.count()
    }

    @Test("Trend figures equal an independent count; the built rising cluster is flagged, the steady one is not", arguments: TestDatabase.available)
    func trendsAndClusters(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            try await D.fourMonths(app)
            let bureau = try await app.token("bureau")
            let county = try await app.unit(code: "130427000000")
            let report = try await D.issue(app, token: bureau, unit: county.id, month: D.march)
            let c = try #require(report.content)
            #expect(report.number == "〔2026〕第1期" && report.version == 1 && report.trigger == "on_demand")
            #expect(c.previousMonths == ["2025-12", "2026-01", "2026-02"])
            let months = [D.march.adding(months: -3), D.march.adding(months: -2), D.march.previous]

            // Totals, categories and townships against plain counts, month by month.
            #expect(c.total.count == (try await Self.count(app, path: county.path, D.march)))
            #expect(c.total.count == 9 + 5 + 2)
            for (i, m) in months.enumerated() { #expect(c.total.previous[i] == (try await Self.count(app, path: county.path, m))) }
            #expect(c.byCategory.map(\.key).sorted() == ["01", "02", "10"])
            for row in c.byCategory {
                let cat = try #require(DisputeCategory(rawValue: row.key))
                #expect(row.count == (try await Self.count(app, path: county.path, D.march, category: cat)), "category \(row.label)")
                for (i, m) in months.enumerated() {
                    #expect(row.previous[i] == (try await Self.count(app, path: county.path, m, category: cat)), "category \(row.label) \(m)")
                }
                #expect(abs(row.mean - Double(row.previous.reduce(0, +)) / 3) < 1e-9 && abs(row.change - (Double(row.count) - row.mean)) < 1e-9)
            }
            let townshipA = try await app.unit(code: "130427100000"), townshipB = try await app.unit(code: "130427103000")
            #expect(Set(c.byTownship.map(\.label)) == [townshipA.name, townshipB.name])
            for t in [townshipA, townshipB] {
                let row = try #require(c.byTownship.first { $0.key == t.id!.uuidString })
                #expect(row.count == (try await Self.count(app, path: county.path, D.march, township: t.id)))
            }

            // The built rising cluster is flagged with its test; the steady one is not.
            let rising = c.clusters.filter(\.rising)
            #expect(rising.count == 1)
            #expect(rising.first?.category == "02" && rising.first?.townshipId == townshipA.id && rising.first?.count == 9)
            #expect((rising.first?.pValue ?? 1) < 0.01)
            let steady = try #require(c.clusters.first { $0.category == "10" })
            #expect(!steady.rising && steady.count == 5 && steady.baseline == 5 && steady.townshipId == townshipB.id)
            #expect(c.clusterTest.contains("泊松") && c.clusterRule == .standard)
            #expect(report.risingClusters == 1)

            // What changed: 16 new this month, 15 last month (3 + 6 ... as registered).
            #expect(c.thisMonth.new == c.total.count && c.lastMonth.new == c.total.previous[2])

            // The township office's own report covers only its township.
            let judicial = try await app.token("judicial")
            let own = try await D.issue(app, token: judicial, unit: nil, month: D.march)
            let oc = try #require(own.content)
            #expect(own.orgUnitId == townshipA.id && own.number == "〔2026〕第1期")
            #expect(oc.total.count == (try await Self.count(app, path: townshipA.path, D.march)) && oc.total.count == 11)
            #expect(oc.byTownship.map(\.label) == [townshipA.name])
            #expect(oc.clusters.filter(\.rising).map(\.category) == ["02"])
        }
    }

    @Test("The highest-risk open disputes come first, red and orange; a risk raised this month is counted", arguments: TestDatabase.available)
    func risks(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let red = try await D.register(app, village: D.villageA, .neighbourhood, at: D.at(D.march, day: 3), summary: "持刀威胁邻居", threat: true)
            let calm = try await D.register(app, village: D.villageA, .neighbourhood, at: D.at(D.march, day: 4), summary: "院墙滴水")
            // An override raises the calm one to orange within the month.
            let model = try #require(try await DisputeModel.find(calm, on: app.db))
            let actor = EventActor(systemFor: model.handlingOrgUnitID)
            _ = try await DisputeEventStore(db: app.db).append(to: model, eventID: UUID(), kind: .riskOverridden(RiskOverride(level: .orange, reason: "当事人扬言报复")),
                                                               baseVersion: model.version, by: actor, at: D.at(D.march, day: 20))
            let bureau = try await app.token("bureau")
            let c = try #require(try await D.issue(app, token: bureau, unit: nil, month: D.march).content)
            let levels = c.topRisks.map(\.risk)
            #expect(Set(c.topRisks.map(\.disputeId)) == [red, calm])
            #expect(levels == levels.sorted { RiskLevel(rawValue: $0)! > RiskLevel(rawValue: $1)! } && ["red", "orange"].contains(levels.first ?? ""))
            #expect(c.thisMonth.riskRaised == 1 && c.riskRaisedDisputes.map(\.disputeId) == [calm])
            #expect(c.lastMonth == .init())
        }
    }

    @Test("Regenerating gives version 2 beside version 1, whose stored content is unchanged after more disputes", arguments: TestDatabase.available)
    func frozenVersions(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            try await D.fourMonths(app)
            let bureau = try await app.token("bureau")
            let v1 = try await D.issue(app, token: bureau, unit: nil, month: D.march)
            let stored = try #require(try await AnalysisReportModel.find(v1.id, on: app.db)).content
            for i in 0..<3 { try await D.register(app, village: D.villageA, .contract, at: D.at(D.march, day: 20 + i)) }

            let v2 = try await D.issue(app, token: bureau, unit: nil, month: D.march)
            #expect(v2.id != v1.id && v2.version == 2 && v2.number == v1.number && v2.serial == v1.serial)
            #expect(v2.content?.total.count == (v1.content?.total.count ?? 0) + 3)
            // Version 1 as stored and as read is what was issued.
            #expect(try #require(try await AnalysisReportModel.find(v1.id, on: app.db)).content == stored)
            let again = try await D.get(app, v1.id, token: bureau)
            #expect(again.content == v1.content && again.version == 1)

            // Both listed; another month of the same year takes the next serial.
            let list = try await app.api(.GET, "/api/v1/analysis-reports?month=2026-03", token: bureau)
            let page = try list.content.decode(ListPage<AnalysisReportDTO>.self)
            #expect(page.total == 2 && page.items.map(\.version) == [2, 1] && page.items.allSatisfy { $0.content == nil })
            let feb = try await D.issue(app, token: bureau, unit: nil, month: D.march.previous)
            #expect(feb.number == "〔2026〕第2期" && feb.version == 1)

            // Bad input is a clear 4xx.
            let future = try await app.api(.POST, "/api/v1/analysis-reports", token: bureau, json: #"{"month":"2026-05"}"#)
            #expect(future.status == .unprocessableEntity)
            let village = try await app.unit(code: D.villageA)
            let notReported = try await app.api(.POST, "/api/v1/analysis-reports", token: bureau, json: #"{"month":"2026-03","orgUnitId":"\#(village.id!)"}"#)
            #expect(notReported.status == .unprocessableEntity)
            let badMonth = try await app.api(.GET, "/api/v1/analysis-reports?month=2026-13", token: bureau)
            #expect(badMonth.status == .badRequest)
            // Year 0 matches the document's pattern; its previous three months cross into year -1.
            // That arithmetic once trapped the server (Schemathesis found it): now an empty report.
            let yearZero = try await app.api(.POST, "/api/v1/analysis-reports", token: bureau, json: #"{"month":"0000-01"}"#)
            #expect(yearZero.status == .created, "\(yearZero.body.string.prefix(200))")
            #expect(try yearZero.content.decode(AnalysisReportDTO.self).content?.total.count == 0)
        }
    }

    @Test("The job issues the previous month's reports once on the 1st, not twice, and the next month on the next 1st", arguments: TestDatabase.available)
    func monthlyJob(db: TestDatabase) async throws {
        // 00:30 on 1 April in Shanghai.
        let clock = TestClock(D.at(YearMonth(year: 2026, month: 4), day: 1, hour: 0).addingTimeInterval(1800))
        try await withApp(db, clock: clock) { app in
            try await D.fourMonths(app)
            let job = AnalysisReportJob.job()
            let units = try await OrgUnitModel.query(on: app.db).filter(\.$kind ~~ ["county", "township"]).count()
            #expect(units > 2)
            try await job.work(app)
            var rows = try await AnalysisReportModel.query(on: app.db).all()
            #expect(rows.count == units && rows.allSatisfy { $0.month == "2026-03" && $0.version == 1 && $0.trigger == "scheduled" && $0.serial == 1 })
            let county = try await app.unit(code: "130427000000")
            let countyReport = try #require(rows.first { $0.orgUnitID == county.id })
            #expect(try AnalysisReportStore.content(countyReport).total.count == 16)

            // Again the same night and the next day: nothing more.
            clock.advance(600)
            try await job.work(app)
            clock.advance(86_400)
            try await job.work(app)
            rows = try await AnalysisReportModel.query(on: app.db).all()
            #expect(rows.count == units)

            // On 1 May, April's reports, numbered 第2期.
            clock.set(D.at(YearMonth(year: 2026, month: 5), day: 1, hour: 1))
            try await job.work(app)
            try await job.work(app)
            rows = try await AnalysisReportModel.query(on: app.db).filter(\.$month == "2026-04").all()
            #expect(rows.count == units && rows.allSatisfy { $0.serial == 2 && $0.version == 1 })
        }
    }

    @Test("Scope: a township office sees only its own; other townships' reports and police roles get 404", arguments: TestDatabase.available)
    func scope(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let bureau = try await app.token("bureau"), judicial = try await app.token("judicial")
            let townshipA = try await app.unit(code: "130427100000"), townshipB = try await app.unit(code: "130427103000")
            let county = try await D.issue(app, token: bureau, unit: nil, month: D.march)
            let a = try await D.issue(app, token: bureau, unit: townshipA.id, month: D.march)
            let b = try await D.issue(app, token: bureau, unit: townshipB.id, month: D.march)
            // The bureau sees all three.
            let all = try await app.api(.GET, "/api/v1/analysis-reports", token: bureau).content.decode(ListPage<AnalysisReportDTO>.self)
            #expect(Set(all.items.map(\.id)) == [county.id, a.id, b.id])
            // The township office: its own only.
            let mine = try await app.api(.GET, "/api/v1/analysis-reports", token: judicial).content.decode(ListPage<AnalysisReportDTO>.self)
            #expect(mine.items.map(\.id) == [a.id])
            #expect(try await app.api(.GET, "/api/v1/analysis-reports/\(a.id)", token: judicial).status == .ok)
            // Both pages render (the report's with its number), for the office and the bureau.
            for (token, id) in [(judicial, a.id), (bureau, county.id)] {
                let page = try await app.api(.GET, "/analysis-reports/\(id)", token: token)
                #expect(page.status == .ok && page.body.string.contains("〔2026〕第1期"), "\(page.body.string.prefix(300))")
                #expect(try await app.api(.GET, "/analysis-reports", token: token).status == .ok)
            }
            for other in [b.id, county.id] {
                #expect(try await app.api(.GET, "/api/v1/analysis-reports/\(other)", token: judicial).status == .notFound)
                #expect(try await app.api(.GET, "/analysis-reports/\(other)", token: judicial).status == .notFound)
            }
            let elsewhere = try await app.api(.POST, "/api/v1/analysis-reports", token: judicial, json: #"{"month":"2026-03","orgUnitId":"\#(townshipB.id!)"}"#)
            #expect(elsewhere.status == .notFound)
            // Police roles: the reports do not exist for them.
            for account in ["dispatcher", "commander", "patrol"] {
                let t = try await app.token(account)
                #expect(try await app.api(.GET, "/api/v1/analysis-reports", token: t).status == .notFound, "\(account)")
                #expect(try await app.api(.GET, "/api/v1/analysis-reports/\(a.id)", token: t).status == .notFound, "\(account)")
                #expect(try await app.api(.POST, "/api/v1/analysis-reports", token: t, json: #"{"month":"2026-03"}"#).status == .notFound, "\(account)")
            }
        }
    }
}

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

@Suite("Monthly screening reports (每月矛盾排查, M9)")
struct ScreeningTests {
    /// Early December: November's reports are due.
    static let december = ISO8601DateFormatter().date(from: "2026-12-03T02:00:00Z")!

    static func report(id: UUID = UUID(), month: String = "2026-11", found: Int = 0, nilReport: Bool = true, village: UUID? = nil) -> String {
        let v = village.map { #","villageId":"\#($0)""# } ?? ""
        return #"{"id":"\#(id)","month":"\#(month)","foundCount":\#(found),"nilReport":\#(nilReport),"note":"本月排查"\#(v)}"#
    }

    @Test("A nil report is stored once; the township sees exactly its missing villages", arguments: TestDatabase.available)
    func nilReportsAndMissing(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.december)) { app in
            let mediator = try await app.token("mediator")
            let judicial = try await app.token("judicial")
            let bureau = try await app.token("bureau")
            let second = try await DirectiveFixtures.mediator(app, username: "mediator202", villageCode: "130427100202")
            let elsewhere = try await DirectiveFixtures.mediator(app, username: "mediator103", villageCode: "130427103201")
            let id = UUID()
            let first = try await app.api(.POST, "/api/v1/screening-reports", token: mediator, json: Self.report(id: id))
            #expect(first.status == .created, "\(first.body.string)")
            #expect(first.json["label"] as? String == "零报告")
            #expect(try await app.api(.POST, "/api/v1/screening-reports", token: mediator, json: Self.report(id: id)).status == .ok)
            let again = try await app.api(.POST, "/api/v1/screening-reports", token: mediator, json: Self.report())
            #expect(again.status == .conflict && again.errorCode == "already_reported")
            #expect(try await app.api(.POST, "/api/v1/screening-reports", token: second, json: Self.report(found: 3, nilReport: false)).status == .created)
            #expect(try await app.api(.POST, "/api/v1/screening-reports", token: elsewhere, json: Self.report()).status == .created)
            #expect(try await DirectiveFixtures.count(ScreeningReportModel.self, app) == 3)

            let township = try await app.unit(code: "130427100000")
            let villages = try await OrgUnitModel.query(on: app.db).filter(\.$path =~ township.path)
                .filter(\.$kind ~~ ["village", "community"]).all()
            let reported = Set([try await app.unit(code: "130427100201").id!, try await app.unit(code: "130427100202").id!])
            let missing = try await app.api(.GET, "/api/v1/screening-reports/missing?month=2026-11&limit=1000", token: judicial)
            #expect(missing.status == .ok, "\(missing.body.string)")
            #expect(missing.total == villages.count - 2)
            #expect(missing.json["reportedCount"] as? Int == 2)
            let missingIDs = Set(missing.items.compactMap { ($0["id"] as? String).flatMap { UUID(uuidString: $0) } })
            #expect(missingIDs == Set(villages.compactMap(\.id)).subtracting(reported))
            // The default month is the one now due (November); the county sees all three reports.
            #expect(try await app.api(.GET, "/api/v1/screening-reports/missing", token: judicial).json["month"] as? String == "2026-11")
            let all = try await OrgUnitModel.query(on: app.db).filter(\.$kind ~~ ["village", "community"]).count()
            #expect(try await app.api(.GET, "/api/v1/screening-reports/missing?month=2026-11", token: bureau).total == all - 3)
            #expect(try await app.api(.GET, "/api/v1/screening-reports/missing?month=2026-10", token: judicial).total == villages.count)

            #expect(try await app.api(.GET, "/api/v1/screening-reports?month=2026-11", token: judicial).total == 2)
            #expect(try await app.api(.GET, "/api/v1/screening-reports?month=2026-11", token: bureau).total == 3)
            #expect(try await app.api(.GET, "/api/v1/screening-reports", token: mediator).total == 1)
            #expect(try await app.api(.GET, "/api/v1/screening-reports?orgUnit=\(township.id!)", token: bureau).total == 2)
        }
    }

    @Test("A mediator cannot report for or read another village; bad reports are 4xx and store nothing", arguments: TestDatabase.available)
    func scopeAndBadInput(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.december)) { app in
            let mediator = try await app.token("mediator")
            let judicial = try await app.token("judicial")
            let second = try await DirectiveFixtures.mediator(app, username: "mediator202", villageCode: "130427100202")
            let other = try await app.unit(code: "130427100202")
            let bad: [(String, String, UInt)] = [
                (mediator, Self.report(village: other.id!), 404),
                (mediator, Self.report(found: 2, nilReport: true), 422),
                (mediator, Self.report(found: 0, nilReport: false), 422),
                (mediator, Self.report(found: -1, nilReport: false), 422),
                (mediator, Self.report(month: "2026-13"), 422),
                (mediator, Self.report(month: "2027-01"), 422),
                (mediator, Self.report(month: "11/2026"), 422),
                (mediator, #"{"month":"2026-11"}"#, 400),
                (judicial, Self.report(), 403),
            ]
            for (token, json, status) in bad {
                let r = try await app.api(.POST, "/api/v1/screening-reports", token: token, json: json)
                #expect(r.status.code == status, "\(json): \(r.status) \(r.body.string)")
                #expect(r.errorCode != nil)
            }
            #expect(try await DirectiveFixtures.count(ScreeningReportModel.self, app) == 0)

            let id = UUID()
            #expect(try await app.api(.POST, "/api/v1/screening-reports", token: second, json: Self.report(id: id)).status == .created)
            #expect(try await app.api(.GET, "/api/v1/screening-reports/\(id)", token: mediator).status == .notFound)
            #expect(try await app.api(.PATCH, "/api/v1/screening-reports/\(id)", token: mediator,
                                      json: #"{"foundCount":1,"nilReport":false}"#).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/screening-reports/\(id)", token: judicial).status == .ok)
            #expect(try await app.api(.GET, "/api/v1/screening-reports?month=26-11", token: judicial).status == .badRequest)
            // Reusing the id with different content is refused rather than silently changing it.
            let reused = try await app.api(.POST, "/api/v1/screening-reports", token: second, json: Self.report(id: id, found: 4, nilReport: false))
            #expect(reused.status == .conflict)
        }
    }

    @Test("Two copies of one report sent at once store it once", arguments: TestDatabase.available)
    func concurrentResend(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.december)) { app in
            let mediator = try await app.token("mediator")
            let body = Self.report()
            async let a = app.api(.POST, "/api/v1/screening-reports", token: mediator, json: body)
            async let b = app.api(.POST, "/api/v1/screening-reports", token: mediator, json: body)
            let (ra, rb) = try await (a, b)
            #expect(Set([ra.status, rb.status]).isSubset(of: [.created, .ok]), "\(ra.body.string) \(rb.body.string)")
            #expect(try await DirectiveFixtures.count(ScreeningReportModel.self, app) == 1)
        }
    }

    @Test("A correction updates the report and is audited with before and after", arguments: TestDatabase.available)
    func correction(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.december)) { app in
            let mediator = try await app.token("mediator")
            let id = UUID()
            #expect(try await app.api(.POST, "/api/v1/screening-reports", token: mediator, json: Self.report(id: id)).status == .created)
            let bad = try await app.api(.PATCH, "/api/v1/screening-reports/\(id)", token: mediator, json: #"{"foundCount":1,"nilReport":true}"#)
            #expect(bad.status == .unprocessableEntity)
            let fixed = try await app.api(.PATCH, "/api/v1/screening-reports/\(id)", token: mediator,
                                          json: #"{"foundCount":1,"nilReport":false,"note":"补报一起宅基地纠纷"}"#)
            #expect(fixed.status == .ok, "\(fixed.body.string)")
            #expect(fixed.json["foundCount"] as? Int == 1 && fixed.json["nilReport"] as? Bool == false)
            let audit = try #require(try await AuditRecordModel.query(on: app.db).filter(\.$entityType == "screening_report")
                .filter(\.$action == "correct").first())
            #expect(audit.before?.contains("\"foundCount\":0") == true && audit.after?.contains("\"foundCount\":1") == true)
            #expect(try await DirectiveFixtures.audits(app, type: "screening_report") == 2)
        }
    }
}

import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Acceptance 4 of the mediation issue: who sees which disputes, and masking in lists.
@Suite("Dispute scope and masking")
struct DisputeScopeTests {
    struct Listing: Decodable { var items: [DisputeListItem]; var total: Int }

    @Test("Villages see their own, townships their villages', the county all; police see none", arguments: TestDatabase.available)
    func scope(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let admin = try await app.token("admin")
            // A second village mediator, in another township (讲武城镇 东小屋村).
            let other = try await app.unit(code: "130427103201-TWH")
            _ = try await app.api(.POST, "/api/v1/users", token: admin,
                                  json: #"{"username":"jwc","password":"pingan-demo","displayName":"讲武城调解员","role":"mediator","orgUnitId":"\#(other.id!)"}"#)
            // And a second mediator in 磁州镇 (东侯召村), same township as `mediator`.
            let neighbour = try await app.unit(code: "130427100202-TWH")
            _ = try await app.api(.POST, "/api/v1/users", token: admin,
                                  json: #"{"username":"dhz","password":"pingan-demo","displayName":"东侯召调解员","role":"mediator","orgUnitId":"\#(neighbour.id!)"}"#)

            let mine = UUID(), theirs = UUID(), next = UUID()
            #expect(try await app.api(.POST, "/api/v1/disputes", token: try await app.token("mediator"), json: DisputeFixtures.intake(id: mine)).status == .created)
            #expect(try await app.api(.POST, "/api/v1/disputes", token: try await app.token("jwc"), json: DisputeFixtures.intake(id: theirs)).status == .created)
            #expect(try await app.api(.POST, "/api/v1/disputes", token: try await app.token("dhz"), json: DisputeFixtures.intake(id: next)).status == .created)

            func visible(_ user: String) async throws -> Set<UUID> {
                let r = try await app.api(.GET, "/api/v1/disputes?limit=100", token: try await app.token(user))
                #expect(r.status == .ok)
                return Set(try r.content.decode(Listing.self).items.map(\.id))
            }
            #expect(try await visible("mediator") == [mine])
            #expect(try await visible("dhz") == [next])
            #expect(try await visible("jwc") == [theirs])
            #expect(try await visible("judicial") == [mine, next])
            #expect(try await visible("bureau") == [mine, theirs, next])

            let mediator = try await app.token("mediator")
            for path in ["/api/v1/disputes/\(theirs)", "/api/v1/disputes/\(next)", "/api/v1/disputes/\(next)/events"] {
                let r = try await app.api(.GET, path, token: mediator)
                #expect(r.status == .notFound && r.errorCode == "not_found", "\(path)")
            }
            let write = try await app.api(.POST, "/api/v1/disputes/\(theirs)/events", token: mediator,
                                          json: DisputeFixtures.event("accepted", base: 1, payload: #"{"note":"x"}"#))
            #expect(write.status == .notFound)
            let judicial = try await app.token("judicial")
            #expect(try await app.api(.GET, "/api/v1/disputes/\(theirs)", token: judicial).status == .notFound)
            for police in ["dispatcher", "commander", "patrol"] {
                #expect(try await app.api(.GET, "/api/v1/disputes", token: try await app.token(police)).status == .forbidden)
            }
            // Filtering by a unit outside the scope is not a way around it.
            let jwcTownship = try await app.unit(code: "130427103000")
            #expect(try await app.api(.GET, "/api/v1/disputes?orgUnit=\(jwcTownship.id!)", token: judicial).status == .notFound)
        }
    }

    @Test("ID numbers and phones never appear unmasked in lists or details; reveal is audited", arguments: TestDatabase.available)
    func masking(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let mediator = try await app.token("mediator")
            let id = UUID()
            _ = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: id))
            for (user, path) in [("mediator", "/api/v1/disputes"), ("judicial", "/api/v1/disputes?limit=5"), ("bureau", "/api/v1/disputes/\(id)"),
                                 ("mediator", "/api/v1/disputes/\(id)/events"), ("admin", "/api/v1/audit?entityType=dispute")] {
                let body = try await app.api(.GET, path, token: try await app.token(user)).body.string
                #expect(!body.contains(DisputeFixtures.applicantID), "\(path) leaks an ID number")
                #expect(!body.contains(DisputeFixtures.respondentID), "\(path) leaks an ID number")
                #expect(!body.contains("13812345678") && !body.contains("13987654321"), "\(path) leaks a phone")
            }
            let detail = try await app.api(.GET, "/api/v1/disputes/\(id)", token: mediator).body.string
            #expect(detail.contains("138****5678"))
            let revealed = try await app.api(.POST, "/api/v1/disputes/\(id)/reveal", token: mediator)
            #expect(revealed.status == .ok)
            #expect(revealed.body.string.contains(DisputeFixtures.applicantID))
            let audit = try await AuditRecordModel.query(on: app.db).filter(\.$action == "reveal").all()
            #expect(audit.count == 1 && audit.first?.actorUsername == "mediator")
            #expect(try await app.api(.POST, "/api/v1/disputes/\(id)/reveal", token: try await app.token("lawyer")).status == .forbidden)
        }
    }

    @Test("A red dispute raises major reports to the township office and the county bureau, each acknowledged by its own unit",
          arguments: TestDatabase.available)
    func majorReports(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let mediator = try await app.token("mediator")
            let id = UUID()
            let r = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: id, threat: true))
            #expect(try r.dispute().risk == "red")
            #expect(try await MajorReportModel.query(on: app.db).filter(\.$disputeID == id).count() == 2)
            struct L: Decodable { var items: [MajorReportController.Item]; var total: Int }
            let judicial = try await app.token("judicial"), bureau = try await app.token("bureau")
            let forOffice = try await app.api(.GET, "/api/v1/major-reports?acknowledged=false", token: judicial).content.decode(L.self)
            let mineOffice = try #require(forOffice.items.first { $0.forMyUnit })
            #expect(forOffice.total == 1)
            let forBureau = try await app.api(.GET, "/api/v1/major-reports?acknowledged=false", token: bureau).content.decode(L.self)
            #expect(forBureau.total == 2)
            // The bureau cannot sign for the township office.
            #expect(try await app.api(.POST, "/api/v1/major-reports/\(mineOffice.id)/acknowledge", token: bureau).status == .forbidden)
            #expect(try await app.api(.POST, "/api/v1/major-reports/\(mineOffice.id)/acknowledge", token: judicial).status == .ok)
            #expect(try await app.api(.GET, "/api/v1/major-reports?acknowledged=false", token: judicial).content.decode(L.self).total == 0)
            #expect(try await app.api(.GET, "/api/v1/major-reports?acknowledged=false", token: bureau).content.decode(L.self).total == 1)
            #expect(try await app.api(.GET, "/api/v1/major-reports", token: mediator).content.decode(L.self).total == 0)
        }
    }
}

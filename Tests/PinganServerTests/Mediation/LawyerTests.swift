import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("Lawyers for the county departments (M11)")
struct LawyerTests {
    @Test("Six lawyers share the 37 departments, one lawyer per department; seeding again changes nothing", arguments: TestDatabase.available)
    func seededShares(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let bureau = try await app.token("bureau")
            let res = try await app.api(.GET, "/api/v1/lawyers", token: bureau)
            #expect(res.status == .ok)
            #expect(res.total == 6)
            let shares = res.items.map { ($0["departments"] as? [Any])?.count ?? 0 }
            #expect(shares.reduce(0, +) == 37)
            #expect(shares.allSatisfy { (6...7).contains($0) })
            try await DemoOrgSeed.run(on: app)
            #expect(try await app.api(.GET, "/api/v1/lawyers", token: bureau).total == 6)
            #expect(try await DirectiveFixtures.count(LawyerAssignmentModel.self, app) == 37)
            let dep = try await app.unit(code: "130427000000-BM01")
            let one = try await app.api(.GET, "/api/v1/lawyers?orgUnit=\(dep.id!)", token: bureau)
            #expect(one.items.map { $0["username"] as? String } == ["lawyer"])
        }
    }

    @Test("A consultation is an assigned event (once per id); the lawyer answers with a comment", arguments: TestDatabase.available)
    func consultation(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(DirectiveFixtures.start)) { app in
            let mediator = try await app.token("mediator")
            let judicial = try await app.token("judicial")
            let disputeID = try await DirectiveFixtures.dispute(app, token: mediator)
            let lawyer2 = try #require(try await UserModel.query(on: app.db).filter(\.$username == "lawyer2").first())
            let id = UUID()
            let body = #"{"id":"\#(id)","disputeId":"\#(disputeID)","question":"院墙滴水的相邻关系如何认定？"}"#
            let asked = try await app.api(.POST, "/api/v1/lawyers/\(lawyer2.id!)/consultations", token: judicial, json: body)
            #expect(asked.status == .created, "\(asked.body.string)")
            #expect(try await app.api(.POST, "/api/v1/lawyers/\(lawyer2.id!)/consultations", token: judicial, json: body).status == .ok)
            #expect(try await DirectiveFixtures.eventTypes(app, disputeID, token: judicial) == ["registered", "assigned"])
            let state = try DisputeStore(db: app.db).state(of: try #require(try await DisputeModel.find(disputeID, on: app.db)))
            #expect(state.assignments.first?.role == .lawyer && state.assignments.first?.userId == lawyer2.id)

            let lawyerToken = try await app.token("lawyer2")
            let version = try #require(try await DisputeModel.find(disputeID, on: app.db)).version
            let answer = try await app.api(.POST, "/api/v1/disputes/\(disputeID)/events", token: lawyerToken,
                                           json: DisputeFixtures.event("comment_added", base: version, payload: #"{"text":"依《民法典》第二百九十六条处理"}"#))
            #expect(answer.status == .created, "\(answer.body.string)")
            #expect(try await DirectiveFixtures.eventTypes(app, disputeID, token: judicial) == ["registered", "assigned", "comment_added"])

            // Each lawyer's home page lists the questions asked of them, and no one else's.
            func home(_ username: String) async throws -> String {
                let cookie = try await PageTests.sessionCookie(app, username)
                return try await CaseFilePageTests.get(app, "/", cookie).body.string
            }
            #expect(try await home("lawyer2").contains("院墙滴水的相邻关系如何认定？"))
            let other = try await home("lawyer3")
            #expect(other.contains("请我咨询的纠纷（0）") && !other.contains("院墙滴水的相邻关系如何认定？"))
        }
    }

    @Test("Consultations and assignments refuse the wrong caller, lawyer, dispute or text", arguments: TestDatabase.available)
    func refusals(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(DirectiveFixtures.start)) { app in
            let mediator = try await app.token("mediator")
            let bureau = try await app.token("bureau")
            let disputeID = try await DirectiveFixtures.dispute(app, token: mediator)
            let other = try await DirectiveFixtures.mediator(app, username: "mediator202", villageCode: "130427100202")
            let lawyer = try #require(try await UserModel.query(on: app.db).filter(\.$username == "lawyer").first())
            let lawyer2 = try #require(try await UserModel.query(on: app.db).filter(\.$username == "lawyer2").first())
            let notLawyer = try #require(try await UserModel.query(on: app.db).filter(\.$username == "mediator").first())
            let body = #"{"disputeId":"\#(disputeID)","question":"请给意见"}"#
            let cases: [(String, String, String, UInt)] = [
                (try await app.token("lawyer"), "\(lawyer2.id!)", body, 403),
                (mediator, "\(notLawyer.id!)", body, 404),
                (mediator, "\(UUID())", body, 404),
                (other, "\(lawyer.id!)", body, 404),
                (mediator, "\(lawyer.id!)", #"{"disputeId":"\#(disputeID)","question":""}"#, 422),
                (mediator, "\(lawyer.id!)", #"{"question":"x"}"#, 400),
            ]
            for (token, lawyerID, json, status) in cases {
                let r = try await app.api(.POST, "/api/v1/lawyers/\(lawyerID)/consultations", token: token, json: json)
                #expect(r.status.code == status, "\(json): \(r.status) \(r.body.string)")
                #expect(r.errorCode != nil)
            }
            #expect(try await DirectiveFixtures.eventTypes(app, disputeID, token: mediator) == ["registered"])

            // The bureau moves a department to another lawyer; a mediator may not.
            let dep = try await app.unit(code: "130427000000-BM01")
            #expect(try await app.api(.POST, "/api/v1/lawyers/\(lawyer2.id!)/departments", token: mediator,
                                      json: #"{"departmentOrgUnitId":"\#(dep.id!)"}"#).status == .forbidden)
            let township = try await app.unit(code: "130427100000")
            #expect(try await app.api(.POST, "/api/v1/lawyers/\(lawyer2.id!)/departments", token: bureau,
                                      json: #"{"departmentOrgUnitId":"\#(township.id!)"}"#).status == .unprocessableEntity)
            let moved = try await app.api(.POST, "/api/v1/lawyers/\(lawyer2.id!)/departments", token: bureau,
                                          json: #"{"departmentOrgUnitId":"\#(dep.id!)"}"#)
            #expect(moved.status == .ok, "\(moved.body.string)")
            #expect(try await app.api(.GET, "/api/v1/lawyers?orgUnit=\(dep.id!)", token: bureau).items.map { $0["username"] as? String } == ["lawyer2"])
            #expect(try await DirectiveFixtures.count(LawyerAssignmentModel.self, app) == 37)
        }
    }
}

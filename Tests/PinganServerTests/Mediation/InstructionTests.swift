import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("Work instructions (工作指令, M8)")
struct InstructionTests {
    @Test("The bureau issues to three units; each acknowledges and replies; the issuer sees who has not", arguments: TestDatabase.available)
    func issueAcknowledgeReply(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(DirectiveFixtures.start)) { app in
            let bureau = try await app.token("bureau")
            let mediator = try await app.token("mediator")
            let judicial = try await app.token("judicial")
            let roomstaff = try await app.token("roomstaff")
            let township = try await app.unit(code: "130427100000")
            let village = try await app.unit(code: "130427100201")
            let department = try await app.unit(code: "130427000000-BM01")
            let id = UUID()
            let body = #"""
            {"id":"\#(id)","title":"开展矛盾纠纷大排查","body":"请于本月底前完成辖区矛盾纠纷排查并回复。",
             "recipientOrgUnitIds":["\#(township.id!)","\#(village.id!)","\#(department.id!)"],"dueAt":"2026-11-30T09:00:00Z"}
            """#
            let created = try await app.api(.POST, "/api/v1/instructions", token: bureau, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            #expect(created.json["recipientCount"] as? Int == 3)
            #expect((created.json["notAcknowledged"] as? [String])?.count == 3)

            // A resend (phone on a weak signal) returns the stored instruction and stores nothing new.
            let resent = try await app.api(.POST, "/api/v1/instructions", token: bureau, json: body)
            #expect(resent.status == .ok)
            #expect(try await DirectiveFixtures.count(InstructionModel.self, app) == 1)
            #expect(try await DirectiveFixtures.count(InstructionRecipientModel.self, app) == 3)

            // The village mediator sees it in their list and answers for the village.
            let mine = try await app.api(.GET, "/api/v1/instructions", token: mediator)
            #expect(mine.total == 1)
            let ack = try await app.api(.POST, "/api/v1/instructions/\(id)/acknowledge", token: mediator, json: "{}")
            #expect(ack.status == .ok, "\(ack.body.string)")
            let again = try await app.api(.POST, "/api/v1/instructions/\(id)/acknowledge", token: mediator, json: "{}")
            #expect(again.status == .ok)
            let reply = try await app.api(.POST, "/api/v1/instructions/\(id)/reply", token: mediator, json: #"{"reply":"已完成排查，无新增纠纷"}"#)
            #expect(reply.status == .ok)
            #expect(reply.json["repliedCount"] as? Int == 1)
            // The same reply again is a no-op; a different one does not overwrite.
            #expect(try await app.api(.POST, "/api/v1/instructions/\(id)/reply", token: mediator, json: #"{"reply":"已完成排查，无新增纠纷"}"#).status == .ok)
            let overwrite = try await app.api(.POST, "/api/v1/instructions/\(id)/reply", token: mediator, json: #"{"reply":"改口"}"#)
            #expect(overwrite.status == .conflict && overwrite.errorCode == "already_replied")

            // The judicial office answers for its township (not for the village inside it).
            #expect(try await app.api(.POST, "/api/v1/instructions/\(id)/acknowledge", token: judicial, json: "{}").status == .ok)

            // The issuer sees who has not acknowledged and who has not replied.
            let seen = try await app.api(.GET, "/api/v1/instructions/\(id)", token: bureau)
            #expect(seen.json["notAcknowledged"] as? [String] == [department.name])
            #expect(Set(seen.json["notReplied"] as? [String] ?? []) == [department.name, township.name])
            let open = try await app.api(.GET, "/api/v1/instructions?status=open", token: bureau)
            #expect(open.total == 1)

            // The department's mediation room answers for its department.
            let dept = try await app.api(.POST, "/api/v1/instructions/\(id)/reply", token: roomstaff, json: #"{"reply":"教育局已部署"}"#)
            #expect(dept.status == .ok, "\(dept.body.string)")
            #expect(dept.json["notAcknowledged"] as? [String] == [])

            // Every write left an audit record: create, mediator ack + reply, judicial ack, room reply.
            #expect(try await DirectiveFixtures.audits(app, type: "instruction") == 5)
        }
    }

    @Test("Two copies of one instruction sent at once store it once", arguments: TestDatabase.available)
    func concurrentResend(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(DirectiveFixtures.start)) { app in
            let bureau = try await app.token("bureau")
            let township = try await app.unit(code: "130427100000")
            let body = #"{"id":"\#(UUID())","title":"排查","body":"请排查","recipientOrgUnitIds":["\#(township.id!)"]}"#
            async let a = app.api(.POST, "/api/v1/instructions", token: bureau, json: body)
            async let b = app.api(.POST, "/api/v1/instructions", token: bureau, json: body)
            let (ra, rb) = try await (a, b)
            #expect(Set([ra.status, rb.status]).isSubset(of: [.created, .ok]), "\(ra.body.string) \(rb.body.string)")
            #expect(try await DirectiveFixtures.count(InstructionModel.self, app) == 1)
            #expect(try await DirectiveFixtures.count(InstructionRecipientModel.self, app) == 1)
        }
    }

    @Test("Units outside the recipients' scope get 404; bad input is 4xx and stores nothing", arguments: TestDatabase.available)
    func scopeAndBadInput(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(DirectiveFixtures.start)) { app in
            let bureau = try await app.token("bureau")
            let mediator = try await app.token("mediator")
            let judicial = try await app.token("judicial")
            let department = try await app.unit(code: "130427000000-BM02")
            let township = try await app.unit(code: "130427100000")
            let id = UUID()
            let created = try await app.api(.POST, "/api/v1/instructions", token: bureau, json: #"""
            {"id":"\#(id)","title":"调解室台帐检查","body":"请整理台帐","recipientOrgUnitIds":["\#(department.id!)"]}
            """#)
            #expect(created.status == .created)
            for token in [mediator, judicial] {
                let r = try await app.api(.GET, "/api/v1/instructions/\(id)", token: token)
                #expect(r.status == .notFound && r.errorCode == "not_found")
                #expect(try await app.api(.POST, "/api/v1/instructions/\(id)/acknowledge", token: token, json: "{}").status == .notFound)
                #expect(try await app.api(.GET, "/api/v1/instructions", token: token).total == 0)
            }
            // Visible but not a recipient: the bureau itself cannot acknowledge for the department.
            let notMine = try await app.api(.POST, "/api/v1/instructions/\(id)/acknowledge", token: bureau, json: "{}")
            #expect(notMine.status == .forbidden && notMine.errorCode == "not_recipient")

            let before = try await DirectiveFixtures.count(InstructionModel.self, app)
            let bad: [(String, String, UInt)] = [
                (bureau, #"{"title":"  ","body":"x","recipientOrgUnitIds":["\#(township.id!)"]}"#, 422),
                (bureau, #"{"title":"t","body":"x","recipientOrgUnitIds":[]}"#, 422),
                (bureau, #"{"title":"t","body":"x","recipientOrgUnitIds":["\#(UUID())"]}"#, 404),
                (bureau, #"{"title":"t","body":"x","recipientOrgUnitIds":["\#(township.id!)"],"dueAt":"2026-11-01T00:00:00Z"}"#, 422),
                (bureau, #"{"title":"t","body":"x","recipientOrgUnitIds":["\#(township.id!)"],"disputeId":"\#(UUID())"}"#, 404),
                (bureau, #"{"title":"t"}"#, 400),
                (bureau, #"{"title":"t","body":"x","recipientOrgUnitIds":["nope"]}"#, 400),
                (mediator, #"{"title":"t","body":"x","recipientOrgUnitIds":["\#(township.id!)"]}"#, 403),
            ]
            for (token, json, status) in bad {
                let r = try await app.api(.POST, "/api/v1/instructions", token: token, json: json)
                #expect(r.status.code == status, "\(json): \(r.status) \(r.body.string)")
                #expect(r.errorCode != nil)
            }
            #expect(try await DirectiveFixtures.count(InstructionModel.self, app) == before)
            #expect(try await app.api(.GET, "/api/v1/instructions?orgUnit=nope", token: bureau).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/instructions?from=yesterday", token: bureau).status == .badRequest)
            #expect(try await app.api(.GET, "/api/v1/instructions?status=late", token: bureau).status == .badRequest)
            #expect(try await app.api(.GET, "/api/v1/instructions?orgUnit=\(department.id!)", token: bureau).total == 1)
            #expect(try await app.api(.GET, "/api/v1/instructions?orgUnit=\(township.id!)", token: bureau).total == 0)
        }
    }
}

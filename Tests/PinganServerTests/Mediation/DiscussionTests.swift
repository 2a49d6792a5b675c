import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("Collective discussion of difficult disputes (集体讨论, M9)")
struct DiscussionTests {
    @Test("Scheduled, held and decided; the decision lands on the dispute once", arguments: TestDatabase.available)
    func scheduleHoldDecide(db: TestDatabase) async throws {
        let clock = TestClock(DirectiveFixtures.start)
        try await withApp(db, clock: clock) { app in
            let judicial = try await app.token("judicial")
            let mediator = try await app.token("mediator")
            let disputeID = try await DirectiveFixtures.dispute(app, token: mediator)
            let id = UUID()
            let body = #"""
            {"id":"\#(id)","disputeId":"\#(disputeID)","scheduledAt":"2026-11-12T01:00:00Z","place":"磁州司法所会议室","participants":["李所长","张调解","刘律师"]}
            """#
            let created = try await app.api(.POST, "/api/v1/discussions", token: judicial, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            #expect(created.json["status"] as? String == "scheduled")
            #expect(try await app.api(.POST, "/api/v1/discussions", token: judicial, json: body).status == .ok)
            #expect(try await DirectiveFixtures.count(DiscussionModel.self, app) == 1)

            // No decision before the meeting is held.
            let early = try await app.api(.POST, "/api/v1/discussions/\(id)/decide", token: judicial, json: #"{"decision":"x"}"#)
            #expect(early.status == .unprocessableEntity)
            clock.advance(2 * 86_400)
            let held = try await app.api(.POST, "/api/v1/discussions/\(id)/hold", token: judicial, json: #"{"minutes":"与会人员充分讨论，意见一致"}"#)
            #expect(held.status == .ok && held.json["status"] as? String == "held")
            let decision = #"{"decision":"由司法所牵头再次调解，律师提供法律意见"}"#
            let decided = try await app.api(.POST, "/api/v1/discussions/\(id)/decide", token: judicial, json: decision)
            #expect(decided.status == .ok, "\(decided.body.string)")
            #expect(try await app.api(.POST, "/api/v1/discussions/\(id)/decide", token: judicial, json: decision).status == .ok)
            let other = try await app.api(.POST, "/api/v1/discussions/\(id)/decide", token: judicial, json: #"{"decision":"另议"}"#)
            #expect(other.status == .conflict)
            #expect(try await DirectiveFixtures.eventTypes(app, disputeID, token: judicial) == ["registered", "comment_added"])
            let state = try DisputeStore(db: app.db).state(of: try #require(try await DisputeModel.find(disputeID, on: app.db)))
            #expect(state.notes.last?.text == "集体讨论决定：由司法所牵头再次调解，律师提供法律意见")

            #expect(try await app.api(.GET, "/api/v1/discussions?status=held", token: mediator).total == 1)
            #expect(try await app.api(.GET, "/api/v1/discussions?status=scheduled", token: judicial).total == 0)
            #expect(try await DirectiveFixtures.audits(app, type: "discussion") == 3)
        }
    }

    @Test("Outside the dispute's scope is 404; bad input is 4xx and stores nothing", arguments: TestDatabase.available)
    func scopeAndBadInput(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(DirectiveFixtures.start)) { app in
            let judicial = try await app.token("judicial")
            let mediator = try await app.token("mediator")
            let other = try await DirectiveFixtures.mediator(app, username: "mediator202", villageCode: "130427100202")
            let disputeID = try await DirectiveFixtures.dispute(app, token: mediator)
            let id = UUID()
            let ok = #"{"id":"\#(id)","disputeId":"\#(disputeID)","scheduledAt":"2026-11-12T01:00:00Z","place":"会议室","participants":["甲"]}"#
            #expect(try await app.api(.POST, "/api/v1/discussions", token: judicial, json: ok).status == .created)
            #expect(try await app.api(.GET, "/api/v1/discussions/\(id)", token: other).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/discussions", token: other).total == 0)
            let bad: [(String, String, UInt)] = [
                (judicial, #"{"disputeId":"\#(disputeID)","scheduledAt":"2026-11-12T01:00:00Z","place":"会议室","participants":[]}"#, 422),
                (judicial, #"{"disputeId":"\#(disputeID)","scheduledAt":"2026-11-12T01:00:00Z","place":" ","participants":["甲"]}"#, 422),
                (judicial, #"{"disputeId":"\#(UUID())","scheduledAt":"2026-11-12T01:00:00Z","place":"会议室","participants":["甲"]}"#, 404),
                (judicial, #"{"disputeId":"\#(disputeID)","scheduledAt":"tomorrow","place":"会议室","participants":["甲"]}"#, 400),
                (mediator, #"{"disputeId":"\#(disputeID)","scheduledAt":"2026-11-12T01:00:00Z","place":"会议室","participants":["甲"]}"#, 403),
            ]
            for (token, json, status) in bad {
                let r = try await app.api(.POST, "/api/v1/discussions", token: token, json: json)
                #expect(r.status.code == status, "\(json): \(r.status) \(r.body.string)")
                #expect(r.errorCode != nil)
            }
            #expect(try await DirectiveFixtures.count(DiscussionModel.self, app) == 1)
            #expect(try await app.api(.POST, "/api/v1/discussions/\(id)/hold", token: judicial, json: #"{"minutes":""}"#).status == .unprocessableEntity)
            #expect(try await app.api(.POST, "/api/v1/discussions/\(id)/hold", token: other, json: #"{"minutes":"x"}"#).status == .forbidden)
        }
    }
}

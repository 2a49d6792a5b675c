import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("A dispute's whole life through the API")
struct DisputeLifecycleTests {
    @Test("Village mediator, township office and county bureau walk one dispute through every stage", arguments: TestDatabase.available)
    func walkThrough(db: TestDatabase) async throws {
        let clock = TestClock(ISO8601DateFormatter().date(from: "2026-03-02T02:00:00Z")!)
        try await withApp(db, clock: clock) { app in
            let mediator = try await app.token("mediator")
            let judicial = try await app.token("judicial")
            let bureau = try await app.token("bureau")
            let id = UUID()

            let registered = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: id))
            #expect(registered.status == .created, "\(registered.body.string)")
            var d = try registered.dispute()
            #expect(d.stage == "registered" && d.level == "village" && d.version == 1)
            #expect(!registered.body.string.contains(DisputeFixtures.applicantID))

            func step(_ token: String, _ type: String, _ payload: String = "{}") async throws {
                clock.advance(3600)
                let r = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: token,
                                          json: DisputeFixtures.event(type, base: d.version, payload: payload))
                #expect(r.status == .created, "\(type): \(r.body.string)")
                d = try r.dispute()
            }
            try await step(mediator, "accepted", #"{"note":"当场受理"}"#)
            #expect(d.stage == "accepted")
            try await step(judicial, "guidance_given", #"{"text":"注意做好双方情绪疏导"}"#)
            try await step(mediator, "session_held", #"{"time":"2026-03-03T01:00:00Z","place":"村委会调解室","participants":["张三","李四","调解员"],"record":"双方各执一词","outcome":"failed"}"#)
            #expect(d.stage == "mediating")
            try await step(mediator, "escalated", #"{"reason":"村级调解未果，申请乡镇调解"}"#)
            #expect(d.level == "township")
            let township = try await app.unit(code: "130427100000")
            #expect(d.handlingOrgUnitId == township.id)
            try await step(judicial, "session_held", #"{"time":"2026-03-05T01:00:00Z","place":"磁州司法所","participants":["张三","李四","司法所"],"record":"达成一致","outcome":"succeeded"}"#)
            try await step(judicial, "agreement_signed", #"{"form":"written","parties":["张三","李四"],"facts":"院墙滴水","responsibilities":"李四改造排水","terms":"十日内完成改造","performanceManner":"自行施工","performanceDeadline":"2026-03-15T00:00:00Z","effectiveDate":"2026-03-05T00:00:00Z"}"#)
            #expect(d.stage == "agreed" && d.settledLevel == "township")
            try await step(judicial, "judicial_confirmation_requested", #"{"court":"磁县人民法院","note":"双方共同申请"}"#)
            try await step(judicial, "fulfilled", #"{"evidence":"排水管已改造，双方签字确认","attachmentIds":[]}"#)
            try await step(mediator, "follow_up_visited", #"{"record":"回访双方，关系缓和","satisfied":true}"#)
            try await step(bureau, "comment_added", #"{"text":"案卷齐全，可归档"}"#)
            try await step(judicial, "archived")
            #expect(d.stage == "archived")
            #expect(d.caseNumber == "（2026）磁人调字第 1 号")

            #expect(try await DirectiveFixtures.eventTypes(app, id, token: bureau) == [
                "registered", "accepted", "guidance_given", "session_held", "escalated", "session_held", "agreement_signed",
                "judicial_confirmation_requested", "fulfilled", "follow_up_visited", "comment_added", "archived",
            ])
            // Every write left an audit record.
            let audit = try await AuditRecordModel.query(on: app.db).filter(\.$entityType == "dispute").filter(\.$entityID == id.uuidString).count()
            #expect(audit == 12)
        }
    }

    @Test("Handed up to the county, a dispute goes no higher: 409 at_county_level, nothing stored", arguments: TestDatabase.available)
    func noHigherThanCounty(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let mediator = try await app.token("mediator"), judicial = try await app.token("judicial"), bureau = try await app.token("bureau")
            let id = UUID()
            var d = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: id)).dispute()
            for (token, type, payload) in [(mediator, "accepted", #"{"note":"受理"}"#), (mediator, "escalated", #"{"reason":"村里调不了"}"#),
                                           (judicial, "escalated", #"{"reason":"乡里也调不了"}"#)] {
                let r = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: token, json: DisputeFixtures.event(type, base: d.version, payload: payload))
                #expect(r.status == .created, "\(type): \(r.body.string)")
                d = try r.dispute()
            }
            #expect(d.level == "county")
            let top = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: bureau,
                                        json: DisputeFixtures.event("escalated", base: d.version, payload: #"{"reason":"再往上"}"#))
            #expect(top.status == .conflict && top.errorCode == "at_county_level", "\(top.body.string)")
            #expect(try await DisputeEventModel.query(on: app.db).filter(\.$disputeID == id).count() == 4)
            #expect(try await DisputeModel.find(id, on: app.db)?.version == d.version)
        }
    }

    @Test("Resending an intake or an event ten times stores it once", arguments: TestDatabase.available)
    func idempotent(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let mediator = try await app.token("mediator")
            let id = UUID()
            let body = DisputeFixtures.intake(id: id)
            var statuses: [UInt] = []
            for _ in 0..<10 { statuses.append(try await app.api(.POST, "/api/v1/disputes", token: mediator, json: body).status.code) }
            #expect(statuses == [201] + Array(repeating: 200, count: 9))
            #expect(try await DisputeModel.query(on: app.db).count() == 1)
            #expect(try await DisputePartyModel.query(on: app.db).count() == 2)

            let eventID = UUID()
            let event = DisputeFixtures.event("accepted", base: 1, id: eventID, payload: #"{"note":"受理"}"#)
            var eventStatuses: [UInt] = []
            for _ in 0..<10 { eventStatuses.append(try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: mediator, json: event).status.code) }
            #expect(eventStatuses == [201] + Array(repeating: 200, count: 9))
            #expect(try await DisputeEventModel.query(on: app.db).filter(\.$disputeID == id).count() == 2)
            #expect(try await DisputeModel.find(id, on: app.db)?.version == 2)

            // The same id with other content is refused, not silently merged.
            let other = DisputeFixtures.event("comment_added", base: 2, id: eventID, payload: #"{"text":"别的"}"#)
            let clash = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: mediator, json: other)
            #expect(clash.status == .conflict && clash.errorCode == "duplicate_event")
            let otherIntake = DisputeFixtures.intake(id: id, summary: "另一件事")
            #expect(try await app.api(.POST, "/api/v1/disputes", token: mediator, json: otherIntake).status == .conflict)
        }
    }

    @Test("An edit based on an old version gets 409 and changes nothing", arguments: TestDatabase.available)
    func staleVersion(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let mediator = try await app.token("mediator")
            let id = UUID()
            _ = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: id))
            let ok = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: mediator,
                                       json: DisputeFixtures.event("accepted", base: 1, payload: #"{"note":"受理"}"#))
            #expect(ok.status == .created)
            let before = try await DisputeModel.find(id, on: app.db)!
            let stale = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: mediator,
                                          json: DisputeFixtures.event("comment_added", base: 1, payload: #"{"text":"基于旧版本"}"#))
            #expect(stale.status == .conflict)
            #expect(stale.errorCode == "version_conflict")
            let after = try await DisputeModel.find(id, on: app.db)!
            #expect(after.version == before.version && after.state == before.state)
            #expect(try await DisputeEventModel.query(on: app.db).filter(\.$disputeID == id).count() == 2)
        }
    }

    @Test("Workflow refusals are 422 and bad events are 4xx", arguments: [TestDatabase.sqlite])
    func refusals(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let mediator = try await app.token("mediator")
            let id = UUID()
            _ = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: id))
            let cases: [(String, UInt, String)] = [
                (DisputeFixtures.event("archived", base: 1), 422, "invalid_transition"),
                (DisputeFixtures.event("fulfilled", base: 1, payload: #"{"evidence":"x","attachmentIds":[]}"#), 422, "invalid_transition"),
                (DisputeFixtures.event("guidance_given", base: 1, payload: #"{"text":"x"}"#), 403, "forbidden"),
                (DisputeFixtures.event("registered", base: 1), 422, "validation_failed"),
                (DisputeFixtures.event("no_such_type", base: 1), 400, "invalid_body"),
                (DisputeFixtures.event("session_held", base: 1, payload: #"{"place":"x"}"#), 400, "invalid_body"),
                (#"{"id":"\#(UUID())","type":"accepted","payload":{}}"#, 400, "invalid_body"),
                ("{oops", 400, "invalid_body"),
            ]
            for (body, status, code) in cases {
                let r = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: mediator, json: body)
                #expect(r.status.code == status, "\(body) → \(r.body.string)")
                #expect(r.errorCode == code, "\(body) → \(r.body.string)")
            }
            let badIntakes: [(String, UInt)] = [
                (DisputeFixtures.intake(applicantID: "130427198001010010"), 422),
                (DisputeFixtures.intake(category: "99"), 400),
                (DisputeFixtures.intake(summary: String(repeating: "长", count: 3000)), 422),
                (#"{"id":"\#(UUID())","parties":[],"category":"02","source":"party_application","place":"x","summary":"y"}"#, 422),
            ]
            for (body, status) in badIntakes {
                let r = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: body)
                #expect(r.status.code == status, "\(r.body.string)")
                #expect(r.errorCode != nil)
            }
            #expect(try await DisputeModel.query(on: app.db).count() == 1)
            #expect(try await app.api(.POST, "/api/v1/disputes", token: try await app.token("dispatcher"), json: DisputeFixtures.intake()).status == .forbidden)
        }
    }
}

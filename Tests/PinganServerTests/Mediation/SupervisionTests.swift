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

@Suite("Supervision orders (督办) and accountability (责任追究), M8/M9")
struct SupervisionTests {
    @Test("An order is a dispute event and a row; the assignee answers; resends store once", arguments: TestDatabase.available)
    func orderAndAnswer(db: TestDatabase) async throws {
        let clock = TestClock(DirectiveFixtures.start)
        try await withApp(db, clock: clock) { app in
            let bureau = try await app.token("bureau")
            let judicial = try await app.token("judicial")
            let mediator = try await app.token("mediator")
            let disputeID = try await DirectiveFixtures.dispute(app, token: mediator)
            let township = try await app.unit(code: "130427100000")
            let id = UUID()
            let deadline = DirectiveFixtures.iso(DirectiveFixtures.start.addingTimeInterval(3 * 86_400))
            let body = #"""
            {"id":"\#(id)","disputeId":"\#(disputeID)","assigneeOrgUnitId":"\#(township.id!)","instruction":"请三日内化解并回复","deadline":"\#(deadline)"}
            """#
            let created = try await app.api(.POST, "/api/v1/supervision-orders", token: bureau, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            #expect(created.json["status"] as? String == "open")
            let resent = try await app.api(.POST, "/api/v1/supervision-orders", token: bureau, json: body)
            #expect(resent.status == .ok)
            #expect(try await DirectiveFixtures.count(SupervisionOrderModel.self, app) == 1)

            // The dispute's history and state carry the order (the sweep reads it there).
            #expect(try await DirectiveFixtures.eventTypes(app, disputeID, token: bureau) == ["registered", "supervision_ordered"])
            let dispute = try #require(try await DisputeModel.find(disputeID, on: app.db))
            let state = try DisputeStore(db: app.db).state(of: dispute)
            #expect(state.supervisionOrders.map(\.id) == [id])
            #expect(state.supervisionOrders.first?.assigneeOrgUnitId == township.id)
            #expect(dispute.deadlineKind == "supervision" || dispute.deadlineAt != nil)

            // The township's judicial office sees it as its own; the village mediator does not.
            let inbox = try await app.api(.GET, "/api/v1/supervision-orders?status=open", token: judicial)
            #expect(inbox.total == 1)
            #expect(inbox.items.first?["mine"] as? Bool == true)
            #expect(try await app.api(.GET, "/api/v1/supervision-orders/\(id)", token: mediator).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/supervision-orders", token: mediator).total == 0)
            let stranger = try await app.api(.POST, "/api/v1/supervision-orders/\(id)/answer", token: mediator, json: #"{"reply":"x"}"#)
            #expect(stranger.status == .notFound)

            clock.advance(3600)
            let answered = try await app.api(.POST, "/api/v1/supervision-orders/\(id)/answer", token: judicial,
                                              json: #"{"reply":"已组织双方调解，达成一致"}"#)
            #expect(answered.status == .ok, "\(answered.body.string)")
            #expect(answered.json["status"] as? String == "answered")
            #expect(try await app.api(.POST, "/api/v1/supervision-orders/\(id)/answer", token: judicial,
                                      json: #"{"reply":"已组织双方调解，达成一致"}"#).status == .ok)
            let changed = try await app.api(.POST, "/api/v1/supervision-orders/\(id)/answer", token: judicial, json: #"{"reply":"另一种说法"}"#)
            #expect(changed.status == .conflict && changed.errorCode == "already_answered")
            #expect(try await DirectiveFixtures.eventTypes(app, disputeID, token: bureau)
                == ["registered", "supervision_ordered", "supervision_answered"])
            let after = try DisputeStore(db: app.db).state(of: try #require(try await DisputeModel.find(disputeID, on: app.db)))
            #expect(after.supervisionOrders.first?.reply == "已组织双方调解，达成一致")
            #expect(try await app.api(.GET, "/api/v1/supervision-orders?status=answered", token: bureau).total == 1)
            #expect(try await DirectiveFixtures.audits(app, type: "supervision_order") == 2)
        }
    }

    @Test("Two copies of one order sent at once store one row and one event", arguments: TestDatabase.available)
    func concurrentResend(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(DirectiveFixtures.start)) { app in
            let bureau = try await app.token("bureau")
            let disputeID = try await DirectiveFixtures.dispute(app)
            let township = try await app.unit(code: "130427100000")
            let deadline = DirectiveFixtures.iso(DirectiveFixtures.start.addingTimeInterval(86_400))
            let body = #"""
            {"id":"\#(UUID())","disputeId":"\#(disputeID)","assigneeOrgUnitId":"\#(township.id!)","instruction":"请尽快回复","deadline":"\#(deadline)"}
            """#
            async let a = app.api(.POST, "/api/v1/supervision-orders", token: bureau, json: body)
            async let b = app.api(.POST, "/api/v1/supervision-orders", token: bureau, json: body)
            let (ra, rb) = try await (a, b)
            let statuses = Set([ra.status, rb.status])
            #expect(statuses.isSubset(of: [.created, .ok]) && statuses.contains(.created), "\(ra.body.string) \(rb.body.string)")
            #expect(try await DirectiveFixtures.count(SupervisionOrderModel.self, app) == 1)
            #expect(try await DirectiveFixtures.eventTypes(app, disputeID, token: bureau) == ["registered", "supervision_ordered"])
        }
    }

    @Test("Bad orders are 4xx and change neither the table nor the dispute", arguments: TestDatabase.available)
    func badInput(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(DirectiveFixtures.start)) { app in
            let bureau = try await app.token("bureau")
            let judicial = try await app.token("judicial")
            let disputeID = try await DirectiveFixtures.dispute(app)
            let township = try await app.unit(code: "130427100000")
            let future = DirectiveFixtures.iso(DirectiveFixtures.start.addingTimeInterval(86_400))
            let past = DirectiveFixtures.iso(DirectiveFixtures.start.addingTimeInterval(-60))
            let bad: [(String, String, UInt)] = [
                (bureau, #"{"disputeId":"\#(disputeID)","assigneeOrgUnitId":"\#(township.id!)","instruction":"x","deadline":"\#(past)"}"#, 422),
                (bureau, #"{"disputeId":"\#(disputeID)","instruction":"x","deadline":"\#(future)"}"#, 422),
                (bureau, #"{"disputeId":"\#(disputeID)","assigneeOrgUnitId":"\#(township.id!)","instruction":" ","deadline":"\#(future)"}"#, 422),
                (bureau, #"{"disputeId":"\#(UUID())","assigneeOrgUnitId":"\#(township.id!)","instruction":"x","deadline":"\#(future)"}"#, 404),
                (bureau, #"{"disputeId":"\#(disputeID)","assigneeOrgUnitId":"\#(UUID())","instruction":"x","deadline":"\#(future)"}"#, 404),
                (bureau, #"{"disputeId":"\#(disputeID)","assigneeOrgUnitId":"\#(township.id!)","instruction":"x","deadline":"soon"}"#, 400),
                (judicial, #"{"disputeId":"\#(disputeID)","assigneeOrgUnitId":"\#(township.id!)","instruction":"x","deadline":"\#(future)"}"#, 403),
            ]
            for (token, json, status) in bad {
                let r = try await app.api(.POST, "/api/v1/supervision-orders", token: token, json: json)
                #expect(r.status.code == status, "\(json): \(r.status) \(r.body.string)")
                #expect(r.errorCode != nil)
            }
            #expect(try await DirectiveFixtures.count(SupervisionOrderModel.self, app) == 0)
            #expect(try await DirectiveFixtures.eventTypes(app, disputeID, token: bureau) == ["registered"])
            #expect(try await app.api(.GET, "/api/v1/supervision-orders?status=late", token: bureau).status == .badRequest)
            #expect(try await app.api(.GET, "/api/v1/supervision-orders/\(UUID())", token: bureau).status == .notFound)
        }
    }

    @Test("Overdue orders list as overdue; answers go only through the order's own endpoint", arguments: TestDatabase.available)
    func overdueAndAnswerEndpoint(db: TestDatabase) async throws {
        let clock = TestClock(DirectiveFixtures.start)
        try await withApp(db, clock: clock) { app in
            let bureau = try await app.token("bureau")
            let mediator = try await app.token("mediator")
            let disputeID = try await DirectiveFixtures.dispute(app, token: mediator)
            let village = try await app.unit(code: "130427100201")
            let township = try await app.unit(code: "130427100000")
            let soon = DirectiveFixtures.iso(DirectiveFixtures.start.addingTimeInterval(3600))
            let a = UUID(), b = UUID(), c = UUID()
            for (id, unit) in [(a, village), (b, village), (c, township)] {
                let r = try await app.api(.POST, "/api/v1/supervision-orders", token: bureau, json: #"""
                {"id":"\#(id)","disputeId":"\#(disputeID)","assigneeOrgUnitId":"\#(unit.id!)","instruction":"尽快化解","deadline":"\#(soon)"}
                """#)
                #expect(r.status == .created, "\(r.body.string)")
            }
            // The generic events endpoint does not take answers: it cannot check that the answer
            // comes from the unit the order names (here the village would answer the township's c).
            let version = try #require(try await DisputeModel.find(disputeID, on: app.db)).version
            for order in [b, c] {
                let ev = try await app.api(.POST, "/api/v1/disputes/\(disputeID)/events", token: mediator,
                                           json: DisputeFixtures.event("supervision_answered", base: version, payload: #"{"orderId":"\#(order)","reply":"已化解"}"#))
                #expect(ev.status == .unprocessableEntity && ev.errorCode == "validation_failed", "\(ev.body.string)")
            }
            #expect(try #require(try await DisputeModel.find(disputeID, on: app.db)).version == version)
            #expect(try await app.api(.POST, "/api/v1/supervision-orders/\(c)/answer", token: mediator, json: #"{"reply":"x"}"#).status != .ok)
            let answered = try await app.api(.POST, "/api/v1/supervision-orders/\(b)/answer", token: mediator, json: #"{"reply":"已化解"}"#)
            #expect(answered.status == .ok, "\(answered.body.string)")
            clock.advance(2 * 3600)
            let overdue = try await app.api(.GET, "/api/v1/supervision-orders?status=overdue", token: bureau)
            #expect(Set(overdue.items.compactMap { $0["id"] as? String }) == [a.uuidString, c.uuidString])
            let bRow = try await app.api(.GET, "/api/v1/supervision-orders/\(b)", token: mediator)
            #expect(bRow.json["status"] as? String == "answered" && bRow.json["reply"] as? String == "已化解")
        }
    }

    @Test("Accountability records are listed in the responsible unit's scope", arguments: TestDatabase.available)
    func accountabilityList(db: TestDatabase) async throws {
        let clock = TestClock(DirectiveFixtures.start)
        try await withApp(db, clock: clock) { app in
            let bureau = try await app.token("bureau")
            let judicial = try await app.token("judicial")
            let mediator = try await app.token("mediator")
            let township = try await app.unit(code: "130427100000")
            let county = try await app.unit(code: "130427000000")
            // What the sweep writes for a missed order (the sweep itself is tested elsewhere).
            let order = SupervisionOrder(id: UUID(), issuedByOrgUnitId: county.id!, assigneeOrgUnitId: township.id!, instruction: "x",
                                         issuedAt: DirectiveFixtures.start, deadline: DirectiveFixtures.start.addingTimeInterval(60))
            let due = try #require(order.accountability(at: DirectiveFixtures.start.addingTimeInterval(120)))
            let r = AccountabilityRecordModel()
            r.supervisionOrderID = due.supervisionOrderId
            r.responsibleOrgUnitID = due.responsibleOrgUnitId
            r.responsiblePath = township.path
            r.issuedByOrgUnitID = due.issuedByOrgUnitId
            r.deadline = due.deadline
            r.detectedAt = due.detectedAt
            r.reason = due.reason
            try await r.create(on: app.db)
            let forBureau = try await app.api(.GET, "/api/v1/accountability-records", token: bureau)
            #expect(forBureau.total == 1)
            #expect(forBureau.items.first?["responsibleName"] as? String == township.name)
            #expect(try await app.api(.GET, "/api/v1/accountability-records", token: judicial).total == 1)
            #expect(try await app.api(.GET, "/api/v1/accountability-records", token: mediator).total == 0)
            #expect(try await app.api(.GET, "/api/v1/accountability-records?from=2026-12-01", token: bureau).total == 0)
            #expect(try await app.api(.GET, "/api/v1/accountability-records?limit=0", token: bureau).status == .badRequest)
        }
    }
}

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

/// M5, M6, M9 with a frozen clock: warnings before, notices after, automatic hand-up when the
/// mediation deadline passes, accountability when a supervision order is missed — each once.
@Suite("Deadline sweep")
struct DeadlineSweepTests {
    static let start = ISO8601DateFormatter().date(from: "2026-03-02T02:00:00Z")!

    /// Registers and accepts a dispute as the village mediator; returns its id and mediation deadline.
    static func acceptedDispute(_ app: Application, token: String) async throws -> (UUID, Date) {
        let id = UUID()
        _ = try await app.api(.POST, "/api/v1/disputes", token: token, json: DisputeFixtures.intake(id: id))
        let r = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: token,
                                  json: DisputeFixtures.event("accepted", base: 1, payload: #"{"note":"受理"}"#))
        #expect(r.status == .created)
        let m = try #require(try await DisputeModel.find(id, on: app.db))
        let state = try DisputeStore(db: app.db).state(of: m)
        let deadline = try #require(state.deadlines(clock: LegalClock()).first { $0.kind == .mediation })
        return (id, deadline.passesAt)
    }

    @Test("Warning before, overdue notice and automatic hand-up after, each exactly once", arguments: TestDatabase.available)
    func warningsAndHandUp(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            let token = try await app.token("mediator")
            let (id, passesAt) = try await Self.acceptedDispute(app, token: token)
            let sweep = DeadlineSweep(db: app.db)

            clock.set(passesAt.addingTimeInterval(-10 * 86_400))
            #expect(try await sweep.run(at: clock.now) == .init(examined: 0))

            clock.set(passesAt.addingTimeInterval(-2 * 86_400))
            let warned = try await sweep.run(at: clock.now)
            #expect(warned.notices == 1 && warned.escalations == 0)
            #expect(try await sweep.run(at: clock.now).notices == 0)
            let warning = try #require(try await DeadlineNoticeModel.query(on: app.db).first())
            #expect(warning.level == "warning" && warning.deadlineKind == "mediation")

            // One second before the deadline passes nothing is overdue yet.
            clock.set(passesAt.addingTimeInterval(-1))
            #expect(try await sweep.run(at: clock.now).escalations == 0)
            #expect(try await DisputeModel.find(id, on: app.db)?.level == "village")

            clock.set(passesAt.addingTimeInterval(3600))
            let overdue = try await sweep.run(at: clock.now)
            #expect(overdue.notices == 1 && overdue.escalations == 1)
            let d = try #require(try await DisputeModel.find(id, on: app.db))
            #expect(d.level == "township")
            #expect(d.handlingOrgUnitID == (try await app.unit(code: "130427100000")).id)
            let again = try await sweep.run(at: clock.now)
            #expect(again.escalations == 0 && again.notices == 0)
            let escalations = try await DisputeEventModel.query(on: app.db).filter(\.$disputeID == id).filter(\.$type == "escalated").all()
            #expect(escalations.count == 1)
            let e = try DisputeStore.decoder.decode(DisputeEvent.self, from: Data(escalations[0].body.utf8))
            guard case .escalated(let x) = e.kind else { Issue.record("not an escalation"); return }
            #expect(x.automatic && x.fromLevel == .village && x.toLevel == .township)
            #expect(e.actorUserId == EventActor.systemUserID)
            // The village mediator still sees the dispute it registered (a fresh token: a month has passed).
            #expect(try await app.api(.GET, "/api/v1/disputes/\(id)", token: try await app.token("mediator")).status == .ok)
        }
    }

    @Test("Escalation stops at the county", arguments: [TestDatabase.sqlite])
    func stopsAtCounty(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            let token = try await app.token("mediator")
            let (id, first) = try await Self.acceptedDispute(app, token: token)
            let sweep = DeadlineSweep(db: app.db)
            var passes = first
            for expected in ["township", "county"] {
                clock.set(passes.addingTimeInterval(3600))
                #expect(try await sweep.run(at: clock.now).escalations == 1)
                let d = try #require(try await DisputeModel.find(id, on: app.db))
                #expect(d.level == expected)
                passes = try #require(d.deadlineAt)
            }
            clock.set(passes.addingTimeInterval(30 * 86_400))
            #expect(try await sweep.run(at: clock.now).escalations == 0)
            #expect(try await DisputeModel.find(id, on: app.db)?.level == "county")
        }
    }

    @Test("A missed supervision order creates one accountability record naming the unit", arguments: TestDatabase.available)
    func accountability(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            let token = try await app.token("mediator")
            let (id, _) = try await Self.acceptedDispute(app, token: token)
            let bureau = try await app.unit(code: "130427000000-SFJ")
            let village = try await app.unit(code: "130427100201")
            let order = SupervisionOrder(id: UUID(), disputeId: id, issuedByOrgUnitId: bureau.id!, assigneeOrgUnitId: village.id!,
                                         instruction: "三日内上报调处进展", issuedAt: clock.now, deadline: clock.now.addingTimeInterval(3 * 86_400))
            let m = try #require(try await DisputeModel.find(id, on: app.db))
            _ = try await DisputeStore(db: app.db).append(disputeID: id, eventID: order.id, kind: .supervisionOrdered(order),
                                                          baseVersion: m.version, by: EventActor(systemFor: bureau.id!), at: clock.now)
            let sweep = DeadlineSweep(db: app.db)
            clock.set(order.deadline.addingTimeInterval(-60))
            #expect(try await sweep.run(at: clock.now).accountability == 0)
            clock.set(order.deadline.addingTimeInterval(60))
            #expect(try await sweep.run(at: clock.now).accountability == 1)
            #expect(try await sweep.run(at: clock.now).accountability == 0)
            let records = try await AccountabilityRecordModel.query(on: app.db).all()
            #expect(records.count == 1)
            #expect(records.first?.responsibleOrgUnitID == village.id)
            #expect(records.first?.supervisionOrderID == order.id)
        }
    }

    @Test("Two server instances on one database never act on the same deadline twice", arguments: TestDatabase.available)
    func twoInstances(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            let token = try await app.token("mediator")
            var ids: [UUID] = []
            var latest = Self.start
            for _ in 0..<4 {
                let (id, passes) = try await Self.acceptedDispute(app, token: token)
                ids.append(id)
                latest = max(latest, passes)
            }
            clock.set(latest.addingTimeInterval(3600))
            // A second instance: its own Application and connection pool on the same database
            // (PostgreSQL); on the in-memory SQLite the two sweeps share the one database.
            let other = try await SecondInstance.make(like: app, db: db)
            let now = clock.now
            async let a = DeadlineSweep(db: app.db).run(at: now)
            async let b = DeadlineSweep(db: other?.db ?? app.db).run(at: now)
            let (ra, rb) = try await (a, b)
            try await other?.asyncShutdown()
            #expect(ra.escalations + rb.escalations == 4)
            #expect(ra.notices + rb.notices == 4)
            let escalations = try await DisputeEventModel.query(on: app.db).filter(\.$type == "escalated").count()
            #expect(escalations == 4)
            let notices = try await DeadlineNoticeModel.query(on: app.db).count()
            #expect(notices == 4)
            for id in ids { #expect(try await DisputeModel.find(id, on: app.db)?.level == "township") }
        }
    }
}

/// Another Application on the same PostgreSQL schema as `app`, for multi-instance tests.
enum SecondInstance {
    static func make(like app: Application, db: TestDatabase) async throws -> Application? {
        guard db == .postgres else { return nil }
        let other = try await Application.make(.testing)
        other.logger.logLevel = .warning
        do {
            try await configure(other, settings: app.settings)
            return other
        } catch {
            try? await other.asyncShutdown()
            throw error
        }
    }
}

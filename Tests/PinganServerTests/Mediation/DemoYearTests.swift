import Fluent
import Foundation
import PinganDomain
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor

@Suite("The demo year of disputes (pingan demo)")
struct DemoYearTests {
    static let now = ISO8601DateFormatter().date(from: "2026-11-29T02:00:00Z")!

    @Test("A year loads with the seed's proportions, ends today, replays to its projection, and a second run adds nothing",
          arguments: TestDatabase.available)
    func demoYear(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let added = try await DemoDisputeSeed.run(on: app)
            let total = try await DisputeModel.query(on: app.db).count()
            #expect(added == total)
            func near(_ count: Int, _ seed: Int) -> Bool { abs(Double(count - seed)) <= 0.03 * Double(seed) }
            #expect(near(total, 2653), "total \(total)")
            let village = try await DisputeModel.query(on: app.db).filter(\.$receivedLevel == "village").count()
            let township = try await DisputeModel.query(on: app.db).filter(\.$receivedLevel == "township").count()
            let professional = try await DisputeModel.query(on: app.db).filter(\.$receivedLevel == "professional").count()
            #expect(near(village, 1793) && near(township, 762) && near(professional, 98), "\(village) / \(township) / \(professional)")
            let settled = try await DisputeModel.query(on: app.db).filter(\.$settledLevel != nil).count()
            #expect(abs(Double(settled) / Double(total) - 0.97) <= 0.015, "settled \(settled) of \(total)")

            // The twelve months end today: nothing in the future, work still open, some of it overdue.
            let latest = try await DisputeEventModel.query(on: app.db).sort(\.$at, .descending).first()
            #expect(try #require(latest).at <= Self.now)
            let earliest = try #require(try await DisputeModel.query(on: app.db).sort(\.$registeredAt).first())
            #expect(Self.now.timeIntervalSince(earliest.registeredAt) < 366 * 86_400 + 60 * 86_400)
            let open = try await DisputeModel.query(on: app.db).filter(\.$stage ~~ ["registered", "accepted", "mediating"]).count()
            let overdue = try await DisputeModel.query(on: app.db).filter(\.$deadlineAt <= Self.now).count()
            #expect(open > 10 && overdue > 0, "open \(open), overdue \(overdue)")
            #expect(try await DisputeModel.query(on: app.db).filter(\.$level == "county").count() > 0)
            #expect(try await MajorReportModel.query(on: app.db).count() > 0)
            #expect(try await AuditRecordModel.query(on: app.db).filter(\.$entityType == "dispute").filter(\.$actorUsername == "demo").count() == total)
            let caseNumbers = try await DisputeModel.query(on: app.db).filter(\.$caseNumber != nil).all().compactMap(\.caseNumber)
            #expect(Set(caseNumbers).count == caseNumbers.count)

            // The bulk path stores what the event store would: projection = replay of stored events,
            // and the history can go on through `DisputeStore.append`.
            let store = DisputeStore(db: app.db)
            let sample = try await DisputeModel.query(on: app.db).sort(\.$id).range(0..<20).all()
            for m in sample {
                let events = try await store.events(of: m.id!)
                #expect(events.count == m.version)
                #expect(try DisputeState.replay(events) == (try store.state(of: m)))
            }
            let openOne = try #require(try await DisputeModel.query(on: app.db).filter(\.$stage ~~ ["accepted", "mediating"]).first())
            let actor = EventActor(systemFor: openOne.handlingOrgUnitID)
            let (after, outcome) = try await store.append(disputeID: openOne.id!, eventID: UUID(), kind: .guidanceGiven(DisputeNote(text: "继续跟进")),
                                                          baseVersion: openOne.version, by: actor, at: Self.now)
            #expect(outcome == .created && after.version == openOne.version + 1)

            let again = try await DemoDisputeSeed.run(on: app)
            #expect(again == 0)
            #expect(try await DisputeModel.query(on: app.db).count() == total)
        }
    }

    @Test("Generation and the move to today are deterministic")
    func deterministic() throws {
        let villages = (0..<5).map { DemoVillage(id: UUID(), townshipId: UUID(), name: "村\($0)") }
        let ids = (0..<5).map { _ in UUID() }
        func make() throws -> [DemoDispute] {
            let g = DemoDisputeGenerator(seed: 7, year: 2026, villages: villages, countyOrgUnitId: ids[0], roadTrafficCommitteeId: ids[1],
                                         labourCommitteeId: ids[2], medicalCommitteeId: ids[3], actorUserIds: [ids[4]], total: 200)
            return try DemoDisputeSeed.endingToday(g.generate(), now: Self.now, calendar: PinganCalendar.shanghai)
        }
        let a = try make(), b = try make()
        #expect(a == b)
        #expect(a.allSatisfy { $0.events.allSatisfy { $0.at <= Self.now } })
        for d in a { _ = try DisputeState.replay(d.events) }
    }
}

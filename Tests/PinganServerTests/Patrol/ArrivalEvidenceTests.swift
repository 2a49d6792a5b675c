import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// #12, the police side's integrity warning: a time to the scene without GPS evidence. Over 14 days
/// of the demo police year (whose past tracks are not stored, so no arrival has evidence), a fix at
/// one scene backs exactly that arrival, and a fix 2 km away backs nothing; counted independently.
@Suite("Arrivals without GPS evidence")
struct ArrivalEvidenceTests {
    typealias T = PoliceStatisticsTableTests

    struct Item: Decodable { var incidentId: UUID; var number: String; var fixesInWindow: Int }
    struct Evidence: Decodable { var checked: Int; var unsupportedCount: Int; var unsupported: [Item]; var windowSeconds: Double; var radiusMeters: Double }

    static func evidence(_ app: Application, _ token: String, from: Date = T.from, to: Date = T.now) async throws -> (HTTPStatus, Evidence?) {
        let res = try await app.api(.GET, PoliceStatisticsRoutes.arrivalEvidence.path + "?from=\(T.iso(from))&to=\(T.iso(to))", token: token)
        return (res.status, try? res.content.decode(Evidence.self))
    }

    @Test("The rule: a fix within 200 m and 5 minutes of the reported arrival backs it; farther, later or none does not")
    func rule() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let scene = Fix(lat: 36.36, lon: 114.37, at: at)
        let rule = ArrivalEvidence()
        #expect(rule.supports(arrivedAt: at, scene: scene, fixes: [Fix(lat: 36.3610, lon: 114.37, at: at.addingTimeInterval(-240))]), "111 m, 4 min before")
        #expect(!rule.supports(arrivedAt: at, scene: scene, fixes: [Fix(lat: 36.3620, lon: 114.37, at: at)]), "222 m away")
        #expect(!rule.supports(arrivedAt: at, scene: scene, fixes: [Fix(lat: 36.36, lon: 114.37, at: at.addingTimeInterval(301))]), "5 min 1 s after")
        #expect(!rule.supports(arrivedAt: at, scene: scene, fixes: []))
    }

    @Test("Checked and unsupported arrivals equal a count over the same records; a fix at the scene backs one, a fix elsewhere none; justice 404",
          arguments: TestDatabase.available)
    func warning(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(T.now)) { app in
            try await T.load(app)
            let dispatcher = try await app.token("dispatcher")
            let (status, first) = try await Self.evidence(app, dispatcher)
            #expect(status == .ok)
            let before = try #require(first)
            // Independently: incidents of the county in the period, not merged, with an arrival and its on-scene event.
            let incidents = try await IncidentModel.query(on: app.db).all()
                .filter { $0.reportedAt >= T.from && $0.reportedAt < T.now && $0.status != "merged" && $0.firstOnSceneAt != nil }
            let onScene = try await IncidentEventModel.query(on: app.db).filter(\.$type == "on_scene").all()
            var arrival: [UUID: IncidentEventModel] = [:]
            for e in onScene.sorted(by: { $0.at < $1.at }) where arrival[e.incidentID] == nil && e.unitID != nil { arrival[e.incidentID] = e }
            let arrived = incidents.filter { arrival[$0.id!] != nil }
            #expect(before.checked == arrived.count && arrived.count > 10, "\(before.checked) checked, \(arrived.count) counted")
            #expect(before.unsupportedCount == before.checked, "the demo year stores no past tracks: no arrival has evidence")
            #expect(before.unsupported.allSatisfy { $0.fixesInWindow == 0 })

            // A fix 50 m from scene A a minute after its arrival; a fix 2 km from scene B at its arrival.
            let a = arrived[0], b = arrived[1]
            let store = FixStore(db: app.db)
            for (m, dLat, offset) in [(a, 0.00045, 60.0), (b, 0.018, 0.0)] {
                let e = try #require(arrival[m.id!])
                let unit = try #require(try await PatrolUnitModel.find(e.unitID, on: app.db))
                let at = e.at.addingTimeInterval(offset)
                _ = try await store.append([Fix(lat: m.lat + dLat, lon: m.lon, at: at)], unit: unit.id!, kind: unit.unitKind ?? .patrolCar,
                                           live: nil, now: at.addingTimeInterval(5))
            }
            let (_, second) = try await Self.evidence(app, dispatcher)
            let after = try #require(second)
            #expect(after.checked == before.checked && after.unsupportedCount == before.unsupportedCount - 1, "only A is now backed")
            // Each alone: A backed; B still not, its window holding the one fix elsewhere.
            let (_, onlyA) = try await Self.evidence(app, dispatcher, from: a.reportedAt, to: a.reportedAt.addingTimeInterval(1))
            #expect(onlyA?.checked == 1 && onlyA?.unsupportedCount == 0)
            let (_, onlyB) = try await Self.evidence(app, dispatcher, from: b.reportedAt, to: b.reportedAt.addingTimeInterval(1))
            #expect(onlyB?.unsupported.map(\.number) == [b.number] && onlyB?.unsupported.first?.fixesInWindow == 1)
            #expect(after.windowSeconds == 300 && after.radiusMeters == 200)

            #expect(try await Self.evidence(app, try await app.token("bureau")).0 == .notFound, "police data never reaches justice")
        }
    }
}

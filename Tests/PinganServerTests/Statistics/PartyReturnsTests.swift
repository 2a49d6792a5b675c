import Fluent
import Foundation
import MediationDomain
@testable import MediationServer
@testable import PinganServer
@testable import ServerCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// #12 point 3: the disputes that name the same person are recorded against each other as their
/// parties are stored (`PartyReturns`), by the demo's bulk loader and by an intake through the API,
/// and migration 032's backfill gives the same. Checked against every pair of parties matched
/// here with `PartyMatch` on the raw names, phones and ID numbers, on both databases.
@Suite("Returns of the same people, recorded as disputes are stored")
struct PartyReturnsTests {
    struct Pair: Hashable, CustomStringConvertible {
        var dispute: UUID, returned: UUID, at: Date
        var description: String { "\(dispute.uuidString.prefix(8))←\(returned.uuidString.prefix(8))" }
    }

    static func stored(_ app: Application) async throws -> Set<Pair> {
        let sql = app.db as! any SQLDatabase
        return Set(try await sql.select().column("*").from(PartyReturns.table).all().map {
            Pair(dispute: try $0.decode(column: "dispute_id", as: UUID.self), returned: try $0.decode(column: "returned_dispute_id", as: UUID.self),
                 at: try $0.decode(column: "returned_at", as: Date.self))
        })
    }

    /// Every ordered pair of disputes sharing a person by `PartyMatch`, from the parties as written.
    static func matched(_ app: Application) async throws -> Set<Pair> {
        let registered = Dictionary(uniqueKeysWithValues: try await DisputeModel.query(on: app.db).field(\.$id).field(\.$registeredAt).all()
            .map { ($0.id!, $0.registeredAt) })
        let parties = try await DisputePartyModel.query(on: app.db).all()
            .map { (dispute: $0.disputeID, key: PartyMatch.Key(name: $0.name, phone: $0.phone, idNumber: $0.idNumber)) }
        var out: Set<Pair> = []
        for (_, sameName) in Dictionary(grouping: parties, by: \.key.name) {
            for a in sameName {
                for b in sameName where a.dispute != b.dispute && a.key.matches(b.key) {
                    out.insert(Pair(dispute: a.dispute, returned: b.dispute, at: registered[b.dispute]!))
                }
            }
        }
        return out
    }

    @Test("Loaded, registered through the API, and filled by the migration: the same pairs as PartyMatch finds",
          arguments: TestDatabase.available)
    func recorded(db: TestDatabase) async throws {
        try await withApp(db) { app in
            // Three intakes naming 张三 and 李四, the third with the phone written another way.
            let mediator = try await app.token("mediator")
            var ids: [UUID] = []
            for k in 0..<3 {
                let id = UUID()
                var body = DisputeFixtures.intake(id: id)
                if k == 2 { body = body.replacingOccurrences(of: "\"13812345678\"", with: "\"+86 138 1234 5678\"") }
                let res = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: body)
                #expect(res.status == .created, "\(res.body.string.prefix(200))")
                ids.append(id)
            }
            let expected = try await Self.matched(app)
            for a in ids {
                for b in ids where a != b { #expect(expected.contains { $0.dispute == a && $0.returned == b }, "the fixture's pairs match") }
            }
            let stored = try await Self.stored(app)
            #expect(stored == expected, "missing \(expected.subtracting(stored).prefix(5)), extra \(stored.subtracting(expected).prefix(5))")

            // Migration 032's backfill over every dispute gives the same pairs.
            try await (app.db as! any SQLDatabase).delete(from: PartyReturns.table).run()
            try await PartyReturns.record(disputes: nil, on: app.db)
            #expect(try await Self.stored(app) == expected)
        }
    }
}

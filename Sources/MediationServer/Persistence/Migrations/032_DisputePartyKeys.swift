import Fluent
import Foundation
import ServerCore
import SQLKit

/// The top tier of "settled" (no recurrence, #12) asks, for each settled dispute, whether a later
/// dispute names the same person (`PartyMatch`: same name plus same phone or ID number). Deciding
/// that by normalising every party of the period on every report took most of the county report's
/// time at 100,000 disputes (BENCHMARKS.md, "County report"). Now each party's normalised
/// name+phone and name+ID keys are kept on its row, indexed, and the disputes that name the same
/// person are recorded against each other when the parties are stored (`PartyReturns`), so the
/// report reads a settled dispute's returns by its id. Rows stored before are filled here.
package struct M032DisputePartyKeys: AsyncMigration {
    package var name: String { "032_DisputePartyKeys" }

    package func prepare(on database: Database) async throws {
        let schema = DisputePartyModel.schema
        try await database.schema(schema).field("phone_key", .string).update()
        try await database.schema(schema).field("id_key", .string).update()
        try await Self.fill(on: database)
        try await createIndex(on: database, "dispute_parties_phone_key", table: schema, columns: ["phone_key", "dispute_id"])
        try await createIndex(on: database, "dispute_parties_id_key", table: schema, columns: ["id_key", "dispute_id"])
        try await database.schema(PartyReturns.table)
            .field("dispute_id", .uuid, .required)
            .field("returned_dispute_id", .uuid, .required)
            .field("returned_at", .datetime, .required)
            .compositeIdentifier(over: "dispute_id", "returned_dispute_id")
            .create()
        try await PartyReturns.record(disputes: nil, on: database)
    }

    /// Fills the keys of existing parties, a page at a time in id order.
    static func fill(on database: Database) async throws {
        var after: UUID?
        while true {
            let q = DisputePartyModel.query(on: database).sort(\.$id).limit(1_000)
            if let after { q.filter(\.$id > after) }
            let rows = try await q.all()
            guard let last = rows.last else { break }
            for p in rows {
                p.setMatchKeys()
                if p.hasChanges { try await p.update(on: database) }
            }
            after = last.id
        }
    }

    package func revert(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await database.schema(PartyReturns.table).delete()
        try await sql.raw("DROP INDEX dispute_parties_id_key").run()
        try await sql.raw("DROP INDEX dispute_parties_phone_key").run()
        try await database.schema(DisputePartyModel.schema).deleteField("id_key").update()
        try await database.schema(DisputePartyModel.schema).deleteField("phone_key").update()
    }

    package init() {}
}

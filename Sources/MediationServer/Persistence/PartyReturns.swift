import Fluent
import Foundation
import ServerCore
import SQLKit

/// When the same person appears in two disputes (`PartyMatch`: equal stored name+phone or
/// name+ID keys), each dispute keeps the other's registration time as a "return" of its parties.
/// Written when a dispute's parties are stored (the intake's transaction, the demo's bulk loader,
/// migration 032 for the rows before it), so the county report's top tier and the evaluation ask
/// for a settled dispute's returns by its id instead of matching every party of a year: at 100,000
/// disputes that matching was most of the county report's time (BENCHMARKS.md, "County report").
/// Whether a return is a recurrence (after the agreement, inside the window) is `RecurrenceRule`'s
/// to decide when it is read, so a changed window needs nothing rewritten.
package enum PartyReturns {
    package static let table = "dispute_party_returns"

    /// Records both directions for the parties of `disputes` (nil: every dispute, for a backfill):
    /// for each other dispute naming one of the same people, the new dispute is a return of the
    /// other, and the other of the new one. A pair already recorded is left as it is.
    package static func record(disputes: [UUID]?, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw APIError.badRequest("party returns need an SQL database", code: "unsupported_database") }
        let chunks: [[UUID]?] = disputes.map { ids in ids.chunked(500).map { Optional($0) } } ?? [nil]
        for chunk in chunks {
            for key in ["phone_key", "id_key"] {
                // (whose return, which dispute returned, when): the other's return is the new one, and back.
                // Over every dispute, one direction already gives every ordered pair.
                for (owner, returned) in chunk == nil ? [("o", "n")] : [("o", "n"), ("n", "o")] {
                    let inChunk = chunk.map { SQLQueryString("AND n.dispute_id IN \(SQLBind.group($0))") } ?? ""
                    try await sql.raw("""
                        INSERT INTO \(ident: table) (dispute_id, returned_dispute_id, returned_at)
                        SELECT \(unsafeRaw: owner).dispute_id, \(unsafeRaw: returned).dispute_id, d.registered_at
                        FROM dispute_parties n
                        JOIN dispute_parties o ON o.\(unsafeRaw: key) = n.\(unsafeRaw: key)
                        JOIN disputes d ON d.id = \(unsafeRaw: returned).dispute_id
                        WHERE o.dispute_id <> n.dispute_id \(inChunk)
                        ON CONFLICT DO NOTHING
                        """).run()
                }
            }
        }
    }

    /// For each dispute of `ids`, when disputes naming one of its people were registered.
    package static func returns(of ids: [UUID], on db: any Database) async throws -> [UUID: [Date]] {
        guard let sql = db as? any SQLDatabase else { throw APIError.badRequest("party returns need an SQL database", code: "unsupported_database") }
        var out: [UUID: [Date]] = [:]
        for chunk in ids.chunked(500) {
            for r in try await sql.select().column("dispute_id").column("returned_at").from(table)
                .where("dispute_id", .in, SQLBind.group(chunk)).all() {
                out[try r.decode(column: "dispute_id", as: UUID.self), default: []].append(try r.decode(column: "returned_at", as: Date.self))
            }
        }
        return out
    }
}

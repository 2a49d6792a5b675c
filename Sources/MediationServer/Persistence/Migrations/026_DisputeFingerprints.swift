import Fluent
import MediationDomain
import ServerCore

/// The county report (#12) reads, per dispute: the description's SimHash (near-identical texts are
/// found by bucket, never by comparing every pair), whether it was a mass-incident risk (the
/// "prevented" row, 0 before this), when the agreement was reached, whether its performance is
/// evidenced and whether a follow-up visit found it closed (the tiers of "settled"). Columns of
/// the row, set by the projection; rows stored before are filled here from their states.
package struct M026DisputeFingerprints: AsyncMigration {
    package var name: String { "026_DisputeFingerprints" }

    package func prepare(on database: Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        let schema = DisputeModel.schema
        try await database.schema(schema).field("fingerprint", .int64).update()
        try await database.schema(schema).field("mass_risk", .bool, .required, .sql(.default(false))).update()
        try await database.schema(schema).field("agreed_at", .datetime).update()
        try await database.schema(schema).field("performed", .bool, .required, .sql(.default(false))).update()
        try await database.schema(schema).field("closed_on_follow_up", .bool, .required, .sql(.default(false))).update()
        try await Self.fill(on: database)
    }

    /// Fills the columns of existing rows from their stored states, a page at a time.
    package static func fill(on database: Database) async throws {
        var offset = 0
        while true {
            let rows = try await DisputeModel.query(on: database).sort(\.$id).range(offset..<(offset + 500)).all()
            if rows.isEmpty { break }
            for m in rows {
                CountyFacts.fill(m, from: try DisputeStore.state(of: m))
                try await m.update(on: database)
            }
            offset += rows.count
        }
    }

    package func revert(on database: Database) async throws {
        for c in ["closed_on_follow_up", "performed", "agreed_at", "mass_risk", "fingerprint"] {
            try await database.schema(DisputeModel.schema).deleteField(FieldKey(stringLiteral: c)).update()
        }
    }

    package init() {}
}

import Fluent
import Foundation
import MediationDomain
import ServerCore
import SQLKit
import Vapor

/// The one place the server looks for recurrences (`RecurrenceRule`): the county report's top
/// tier of "settled" (`SettledTierCounter`) and the evaluation (`EvaluationAPI`) both ask it, so
/// they count the same disputes as recurred.
struct RecurrenceFinder {
    let db: Database
    let rule: RecurrenceRule

    /// The disputes, of those agreed at the given times, whose parties came back within the window.
    func recurred(agreedAt: [UUID: Date]) async throws -> Set<UUID> {
        let contacts = try await contacts(agreedAt: agreedAt)
        return Set(agreedAt.compactMap { id, at in rule.recurred(agreedAt: at, contacts: contacts[id] ?? []) ? id : nil })
    }

    /// For each dispute, when its parties came back: the police calls matched to it (X1) and the
    /// later disputes about the same parties registered inside its window.
    func contacts(agreedAt: [UUID: Date]) async throws -> [UUID: [Date]] {
        let ids = Array(agreedAt.keys)
        guard !ids.isEmpty else { return [:] }
        var contacts: [UUID: [Date]] = [:]
        for chunk in ids.chunked(500) {
            for call in try await DisputePoliceCallModel.query(on: db).filter(\.$disputeID ~~ chunk).all() {
                contacts[call.disputeID, default: []].append(call.calledAt)
            }
        }
        for (id, dates) in try await laterDisputes(agreedAt: agreedAt) { contacts[id, default: []].append(contentsOf: dates) }
        return contacts
    }

    /// For each dispute, when other disputes about the same parties were registered inside its
    /// window. The same person is an equal stored key (`PartyMatch.Key.phoneKey`/`idKey`, kept on
    /// the party's row at write time: a name alone is not the same person), so this is one indexed
    /// equality join per key and chunk of disputes, cut to registrations after the agreement; the
    /// window's end is `RecurrenceRule`'s to decide.
    private func laterDisputes(agreedAt: [UUID: Date]) async throws -> [UUID: [Date]] {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "recurrence needs an SQL database") }
        var out: [UUID: [Date]] = [:]
        for chunk in Array(agreedAt.keys).chunked(500) {
            for key in ["phone_key", "id_key"] {
                let rows = try await sql.select()
                    .column(SQLColumn("dispute_id", table: "a"), as: "own")
                    .column(SQLColumn("registered_at", table: "later"), as: "at")
                    .from(SQLAlias(SQLIdentifier(DisputePartyModel.schema), as: SQLIdentifier("a")))
                    .join(SQLAlias(SQLIdentifier(DisputePartyModel.schema), as: SQLIdentifier("b")), method: SQLJoinMethod.inner,
                          on: SQLColumn(key, table: "b"), .equal, SQLColumn(key, table: "a"))
                    .join(SQLAlias(SQLIdentifier(DisputeModel.schema), as: SQLIdentifier("agreed")), method: SQLJoinMethod.inner,
                          on: SQLColumn("id", table: "agreed"), .equal, SQLColumn("dispute_id", table: "a"))
                    .join(SQLAlias(SQLIdentifier(DisputeModel.schema), as: SQLIdentifier("later")), method: SQLJoinMethod.inner,
                          on: SQLColumn("id", table: "later"), .equal, SQLColumn("dispute_id", table: "b"))
                    .where(SQLColumn("dispute_id", table: "a"), .in, SQLBind.group(chunk))
                    .where(SQLColumn("dispute_id", table: "b"), .notEqual, SQLColumn("dispute_id", table: "a"))
                    .where(SQLColumn("registered_at", table: "later"), .greaterThan, SQLColumn("agreed_at", table: "agreed"))
                    .all()
                for r in rows {
                    let id = try r.decode(column: "own", as: UUID.self), at = try r.decode(column: "at", as: Date.self)
                    if let agreed = agreedAt[id], rule.isRecurrence(at, agreedAt: agreed) { out[id, default: []].append(at) }
                }
            }
        }
        return out
    }
}

extension Settings {
    /// The county's definition of recurrence (`PINGAN_RECURRENCE_DAYS`, default 90), for the
    /// tiers and the evaluation alike.
    var recurrenceRule: RecurrenceRule { RecurrenceRule(days: recurrenceDays) }
}

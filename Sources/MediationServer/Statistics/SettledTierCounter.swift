import Fluent
import Foundation
import MediationDomain
import ServerCore

/// The tiers of "settled" for a scope: agreement (the row's `agreed_at`), performance evidenced
/// (`performed`), and no recurrence — a follow-up visit found it closed (`closed_on_follow_up`)
/// and the parties did not come back within the window (`RecurrenceRule`, found by
/// `RecurrenceFinder`, the same as the evaluation's).
struct SettledTierCounter {
    let db: Database
    var recurrence = RecurrenceRule()

    struct Row {
        var id: UUID
        var facts: TierFacts
    }

    func tiers(_ scope: CountyScope) async throws -> SettledTiers {
        let received = try await scope.disputes(on: db).count()
        return SettledTiers(received: received, reached: try await rows(scope).map { $0.facts.tier(recurrence: recurrence) })
    }

    /// A settled dispute's tier columns, read without building a model (`plainRows`: ten
    /// thousand a county year).
    struct SettledRow: Decodable, Sendable {
        var id: UUID
        var agreedAt: Date?
        var performed: Bool
        var closedOnFollowUp: Bool
        enum CodingKeys: String, CodingKey { case id, agreedAt = "agreed_at", performed, closedOnFollowUp = "closed_on_follow_up" }
    }

    /// The settled disputes of the scope with their tier facts.
    func rows(_ scope: CountyScope) async throws -> [Row] {
        let settled = try await scope.disputes(on: db).filter(\.$agreedAt != nil)
            .field(\.$id).field(\.$agreedAt).field(\.$performed).field(\.$closedOnFollowUp).plainRows(SettledRow.self)
        var rows = settled.map { Row(id: $0.id, facts: TierFacts(agreedAt: $0.agreedAt, performed: $0.performed,
                                                                 closedOnFollowUp: $0.closedOnFollowUp, laterContacts: [])) }
        // Only the disputes that could reach the top tier need their later contacts.
        let candidates = rows.indices.filter { rows[$0].facts.performed && rows[$0].facts.closedOnFollowUp }
        guard !candidates.isEmpty else { return rows }
        let agreedAt = Dictionary(uniqueKeysWithValues: candidates.map { (rows[$0].id, rows[$0].facts.agreedAt!) })
        let contacts = try await RecurrenceFinder(db: db, rule: recurrence).contacts(agreedAt: agreedAt)
        for i in candidates { rows[i].facts.laterContacts = contacts[rows[i].id] ?? [] }
        return rows
    }
}

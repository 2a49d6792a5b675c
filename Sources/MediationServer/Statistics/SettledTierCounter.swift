import Fluent
import Foundation
import MediationDomain
import ServerCore

/// The tiers of "settled" for a scope: agreement (the row's `agreed_at`), performance evidenced
/// (`performed`), and no recurrence — a follow-up visit found it closed (`closed_on_follow_up`)
/// and neither a police call matched to it (X1) nor a later dispute about the same parties
/// (`PartyMatch`: same name plus same phone or ID number) came within the window.
struct SettledTierCounter {
    let db: Database
    var window: TimeInterval = SettledTiers.defaultWindow

    struct Row {
        var id: UUID
        var facts: TierFacts
    }

    func tiers(_ scope: CountyScope) async throws -> SettledTiers {
        let received = try await scope.disputes(on: db).count()
        return SettledTiers(received: received, reached: try await rows(scope).map { $0.facts.tier(window: window) })
    }

    /// The settled disputes of the scope with their tier facts.
    func rows(_ scope: CountyScope) async throws -> [Row] {
        let settled = try await scope.disputes(on: db).filter(\.$agreedAt != nil)
            .field(\.$id).field(\.$agreedAt).field(\.$performed).field(\.$closedOnFollowUp).all()
        var rows = settled.map { Row(id: $0.id!, facts: TierFacts(agreedAt: $0.agreedAt, performed: $0.performed,
                                                                   closedOnFollowUp: $0.closedOnFollowUp, laterContacts: [])) }
        // Only the disputes that could reach the top tier need their later contacts.
        let candidates = rows.indices.filter { rows[$0].facts.performed && rows[$0].facts.closedOnFollowUp }
        guard !candidates.isEmpty else { return rows }
        let ids = candidates.map { rows[$0].id }
        var contacts: [UUID: [Date]] = [:]
        for chunk in ids.chunked(500) {
            for call in try await DisputePoliceCallModel.query(on: db).filter(\.$disputeID ~~ chunk).all() {
                contacts[call.disputeID, default: []].append(call.calledAt)
            }
        }
        for (id, dates) in try await laterDisputes(of: ids, agreedAt: Dictionary(uniqueKeysWithValues: candidates.map { (rows[$0].id, rows[$0].facts.agreedAt!) })) {
            contacts[id, default: []].append(contentsOf: dates)
        }
        for i in candidates { rows[i].facts.laterContacts = contacts[rows[i].id] ?? [] }
        return rows
    }

    /// For each dispute, when other disputes about the same parties were registered inside its
    /// window. The candidates are every dispute registered between the first agreement and the
    /// last window's end (how the same person's name or phone was written varies, so no index on
    /// the written form finds them all); `PartyMatch` decides (a name alone is not the same person).
    private func laterDisputes(of ids: [UUID], agreedAt: [UUID: Date]) async throws -> [UUID: [Date]] {
        guard let first = agreedAt.values.min(), let last = agreedAt.values.max() else { return [:] }
        var own: [UUID: [PartyMatch.Key]] = [:]
        for chunk in ids.chunked(500) {
            for p in try await DisputePartyModel.query(on: db).filter(\.$disputeID ~~ chunk).all() {
                own[p.disputeID, default: []].append(PartyMatch.Key(name: p.name, phone: p.phone, idNumber: p.idNumber))
            }
        }
        let later = try await DisputeModel.query(on: db).filter(\.$registeredAt > first)
            .filter(\.$registeredAt <= last.addingTimeInterval(window)).field(\.$id).field(\.$registeredAt).all()
        let registered = Dictionary(uniqueKeysWithValues: later.map { ($0.id!, $0.registeredAt) })
        var others: [(disputeID: UUID, key: PartyMatch.Key)] = []
        for chunk in Array(registered.keys).chunked(500) {
            others += try await DisputePartyModel.query(on: db).filter(\.$disputeID ~~ chunk).all()
                .map { ($0.disputeID, PartyMatch.Key(name: $0.name, phone: $0.phone, idNumber: $0.idNumber)) }
        }
        let byName = Dictionary(grouping: others, by: \.key.name)
        var out: [UUID: [Date]] = [:]
        for (id, keys) in own {
            guard let agreed = agreedAt[id] else { continue }
            let sameName = Set(keys.map(\.name)).flatMap { byName[$0] ?? [] }
            for o in sameName where o.disputeID != id && keys.contains(where: { $0.matches(o.key) }) {
                if let at = registered[o.disputeID], at > agreed, at <= agreed.addingTimeInterval(window) { out[id, default: []].append(at) }
            }
        }
        return out
    }
}

extension Settings {
    /// The no-recurrence window of the top tier (`PINGAN_RECURRENCE_DAYS`, default 90).
    var recurrenceWindow: TimeInterval { TimeInterval(recurrenceDays) * 86_400 }
}

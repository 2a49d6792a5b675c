import Fluent
import Foundation
import MediationDomain
import ServerCore

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
    /// window. The candidates are every dispute registered between the first agreement and the
    /// last window's end (how the same person's name or phone was written varies, so no index on
    /// the written form finds them all); `PartyMatch` decides (a name alone is not the same person).
    private func laterDisputes(agreedAt: [UUID: Date]) async throws -> [UUID: [Date]] {
        guard let first = agreedAt.values.min(), let last = agreedAt.values.max() else { return [:] }
        var own: [UUID: [PartyMatch.Key]] = [:]
        for chunk in Array(agreedAt.keys).chunked(500) {
            for p in try await DisputePartyModel.query(on: db).filter(\.$disputeID ~~ chunk).all() {
                own[p.disputeID, default: []].append(PartyMatch.Key(name: p.name, phone: p.phone, idNumber: p.idNumber))
            }
        }
        let later = try await DisputeModel.query(on: db).filter(\.$registeredAt > first)
            .filter(\.$registeredAt <= last.addingTimeInterval(rule.window)).field(\.$id).field(\.$registeredAt).all()
        let registered = Dictionary(uniqueKeysWithValues: later.map { ($0.id!, $0.registeredAt) })
        var others: [UUID: [PartyMatch.Key]] = [:]
        for chunk in Array(registered.keys).chunked(500) {
            for p in try await DisputePartyModel.query(on: db).filter(\.$disputeID ~~ chunk).all() {
                others[p.disputeID, default: []].append(PartyMatch.Key(name: p.name, phone: p.phone, idNumber: p.idNumber))
            }
        }
        // Only disputes sharing a written name can match; group them by name once.
        var byName: [String: Set<UUID>] = [:]
        for (id, keys) in others { for k in keys { byName[k.name, default: []].insert(id) } }
        var out: [UUID: [Date]] = [:]
        for (id, keys) in own {
            guard let agreed = agreedAt[id] else { continue }
            let sameName = Set(keys.flatMap { byName[$0.name] ?? [] })
            for other in sameName where other != id && RecurrenceRule.sameParties(keys, others[other] ?? []) {
                if let at = registered[other], rule.isRecurrence(at, agreedAt: agreed) { out[id, default: []].append(at) }
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

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
    /// window: the returns recorded as the parties were stored (`PartyReturns`, by `PartyMatch`'s
    /// keys: a name alone is not the same person), kept when `RecurrenceRule` counts them.
    private func laterDisputes(agreedAt: [UUID: Date]) async throws -> [UUID: [Date]] {
        var out: [UUID: [Date]] = [:]
        for (id, dates) in try await PartyReturns.returns(of: Array(agreedAt.keys), on: db) {
            guard let agreed = agreedAt[id] else { continue }
            let kept = dates.filter { rule.isRecurrence($0, agreedAt: agreed) }
            if !kept.isEmpty { out[id] = kept }
        }
        return out
    }
}

extension Settings {
    /// The county's definition of recurrence (`PINGAN_RECURRENCE_DAYS`, default 90), for the
    /// tiers and the evaluation alike.
    var recurrenceRule: RecurrenceRule { RecurrenceRule(days: recurrenceDays) }
}

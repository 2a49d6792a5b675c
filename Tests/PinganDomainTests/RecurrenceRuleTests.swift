import Foundation
@testable import MediationDomain
import Testing

/// The one definition of recurrence (#12 point 2) that the tiers and the evaluation share.
@Suite("Recurrence rule")
struct RecurrenceRuleTests {
    @Test("Inside (agreement, agreement + days] is a return; the agreement's own day and before are the dispute itself")
    func window() {
        let agreed = Date(timeIntervalSince1970: 1_770_000_000)
        let rule = RecurrenceRule(days: 90)
        #expect(rule.isRecurrence(agreed.addingTimeInterval(90 * 86_400), agreedAt: agreed))
        #expect(!rule.isRecurrence(agreed.addingTimeInterval(90 * 86_400 + 1), agreedAt: agreed))
        #expect(!rule.isRecurrence(agreed, agreedAt: agreed))
        #expect(!rule.recurred(agreedAt: agreed, contacts: [agreed.addingTimeInterval(-86_400), agreed.addingTimeInterval(100 * 86_400)]))
        #expect(RecurrenceRule(days: 120).recurred(agreedAt: agreed, contacts: [agreed.addingTimeInterval(100 * 86_400)]))
        // The evaluation and the tiers read the same rule.
        #expect(EvaluationRule(candidateMinimumIndex: 0.8, candidateMinimumCases: 5, recurrenceDays: 30).recurrence == RecurrenceRule(days: 30))
        let facts = TierFacts(agreedAt: agreed, performed: true, closedOnFollowUp: true, laterContacts: [agreed.addingTimeInterval(40 * 86_400)])
        #expect(facts.tier(recurrence: RecurrenceRule(days: 30)) == .lasting)
        #expect(facts.tier(recurrence: RecurrenceRule(days: 90)) == .performed)
    }

    @Test("The same parties: the same name and the same phone or ID number; a namesake is not")
    func parties() {
        let ours = [PartyMatch.Key(name: "王 建国", phone: "13911112222", idNumber: nil)]
        #expect(RecurrenceRule.sameParties(ours, [PartyMatch.Key(name: "王建国", phone: "+86 139-1111-2222", idNumber: "X")]))
        #expect(!RecurrenceRule.sameParties(ours, [PartyMatch.Key(name: "王建国", phone: "13800000000", idNumber: nil)]))
        #expect(!RecurrenceRule.sameParties(ours, [PartyMatch.Key(name: "王建民", phone: "13911112222", idNumber: nil)]))
    }
}

import Foundation
import Testing
@testable import MediationDomain
import PinganDomain

/// Evaluation without quotas (M12): quality weighted by difficulty, follow-up and recurrence;
/// never the number of entries.
@Suite struct EvaluationRuleTests {
    let rule = EvaluationRule()
    let wellDone = CaseQuality(difficult: true, settled: true, performed: true, followUpClosed: true, recurred: false)
    let unsettled = CaseQuality(difficult: false, settled: false, performed: false, followUpClosed: false, recurred: false)
    let plainSettled = CaseQuality(difficult: false, settled: true, performed: true, followUpClosed: false, recurred: false)

    @Test func manyUnsettledEntriesDoNotOutrankFewWellPerformedDifficultOnes() {
        let busy = Array(repeating: unsettled, count: 40) + Array(repeating: plainSettled, count: 6)
        let careful = Array(repeating: wellDone, count: 5)
        let ordered = rule.ordered([("忙录入", busy), ("精调解", careful)], rating: { rule.rate($0.1) }, name: \.0)
        #expect(ordered.map(\.0) == ["精调解", "忙录入"])
        #expect(rule.rate(careful).index == 1)
        #expect(rule.candidacy(rule.rate(careful)).candidate)
        #expect(!rule.candidacy(rule.rate(busy)).candidate)
    }

    @Test func moreOfTheSameQualityEarnsNothing() {
        let few = rule.rate(Array(repeating: plainSettled, count: 5) + [unsettled])
        let many = rule.rate(Array(repeating: plainSettled, count: 50) + Array(repeating: unsettled, count: 10))
        #expect(abs(few.index - many.index) < 1e-12)
    }

    @Test func difficultyWeighsAndRecurrenceCosts() {
        let difficultFail = CaseQuality(difficult: true, settled: false, performed: false, followUpClosed: false, recurred: false)
        // A difficult success lifts the index more than a plain one; a difficult failure costs more.
        #expect(rule.rate([wellDone, unsettled]).index > rule.rate([CaseQuality(difficult: false, settled: true, performed: true, followUpClosed: true, recurred: false), unsettled]).index)
        #expect(rule.rate([plainSettled, difficultFail]).index < rule.rate([plainSettled, unsettled]).index)
        var came = plainSettled
        came.recurred = true
        #expect(rule.points(came) == 0.5)
        #expect(rule.rate([came]).index < rule.rate([plainSettled]).index)
        let reasons = rule.candidacy(rule.rate([came])).reasons
        #expect(reasons.contains { $0.contains("复发 1 件") })
    }

    @Test func tooFewCasesAreNotACandidateAndTheReasonSaysSo() {
        let r = rule.rate([wellDone, wellDone])
        let c = rule.candidacy(r)
        #expect(!c.candidate)
        #expect(c.reasons.contains { $0.contains("不足 5 件") })
    }

    @Test func caseFromStateCountsOnlyConcludedOrOverdue() throws {
        let clock = LegalClock()
        let running = try F.state(F.accepted())
        #expect(CaseQuality.of(running, recurred: false, clock: clock, now: F.at(2026, 3, 10)) == nil)
        let overdue = try #require(CaseQuality.of(running, recurred: true, clock: clock, now: F.at(2026, 6, 1)))
        #expect(!overdue.settled && !overdue.recurred)
        let done = try #require(CaseQuality.of(try F.state(F.happyPath()), recurred: false, clock: clock, now: F.at(2026, 6, 1)))
        #expect(done.settled && done.performed && done.followUpClosed && !done.difficult)
    }
}

import Foundation
import Testing
@testable import MediationDomain
import PinganDomain

@Suite struct RiskTests {
    @Test func nothingIsBlue() {
        let a = RiskAssessor.assess(facts: RiskFacts())
        #expect(a.level == .blue)
        #expect(a.reasons.isEmpty)
        #expect(!a.needsMajorReport)
    }
    @Test func threatsAreRed() {
        #expect(RiskAssessor.assess(facts: RiskFacts(threatOfViolence: true)).level == .red)
        #expect(RiskAssessor.assess(facts: RiskFacts(threatOfSelfHarm: true)).level == .red)
        #expect(RiskAssessor.assess(facts: RiskFacts(threatOfSelfHarm: true)).needsMajorReport)
    }
    @Test func policeCallsThreshold() {
        #expect(RiskAssessor.assess(facts: RiskFacts(policeCallsWithin30Days: 1)).level == .blue)
        #expect(RiskAssessor.assess(facts: RiskFacts(policeCallsWithin30Days: 2)).level == .orange)
    }
    @Test func massAndCollectivePetition() {
        #expect(RiskAssessor.assess(facts: RiskFacts(peopleInvolved: 29)).level == .blue)
        #expect(RiskAssessor.assess(facts: RiskFacts(peopleInvolved: 30)).level == .orange)
        #expect(RiskAssessor.assess(facts: RiskFacts(plannedCollectivePetition: true)).level == .orange)
    }
    @Test func yellowRules() {
        #expect(RiskAssessor.assess(facts: RiskFacts(crossesVillages: true)).level == .yellow)
        #expect(RiskAssessor.assess(facts: RiskFacts(amount: 99_999)).level == .blue)
        #expect(RiskAssessor.assess(facts: RiskFacts(amount: 100_000)).level == .yellow)
        #expect(RiskAssessor.assess(facts: RiskFacts(failedSessions: 1)).level == .blue)
        #expect(RiskAssessor.assess(facts: RiskFacts(failedSessions: 2)).level == .yellow)
    }
    @Test func highestRuleWinsAndAllReasonsListed() {
        let a = RiskAssessor.assess(facts: RiskFacts(threatOfViolence: true, crossesVillages: true, failedSessions: 3))
        #expect(a.level == .red)
        #expect(a.reasons.count == 3)
    }
    @Test func overrideWins() {
        let a = RiskAssessor.assess(facts: RiskFacts(threatOfViolence: true), override: RiskOverride(level: .blue, reason: "已和解，威胁解除"))
        #expect(a.level == .blue)
        #expect(a.overridden)
        #expect(a.reasons.first?.contains("已和解") == true)
    }
    @Test func configurableRulesRoundTrip() throws {
        var rules = RiskRules()
        rules.massPeopleThreshold = 10
        rules.crossVillageLevel = .orange
        let decoded = try JSONDecoder().decode(RiskRules.self, from: JSONEncoder().encode(rules))
        #expect(decoded == rules)
        #expect(RiskAssessor.assess(facts: RiskFacts(peopleInvolved: 12), rules: decoded).level == .orange)
        #expect(RiskAssessor.assess(facts: RiskFacts(crossesVillages: true), rules: decoded).level == .orange)
    }
    @Test func stateRiskFromSessionsAndOverride() throws {
        var events = F.accepted() + [F.ev(F.session(.failed, F.at(2026, 3, 3)), F.at(2026, 3, 3)),
                                     F.ev(F.session(.failed, F.at(2026, 3, 4)), F.at(2026, 3, 4))]
        var s = try F.state(events)
        #expect(s.assessRisk().level == .yellow)
        #expect(s.assessRisk(policeCallsWithin30Days: 2).level == .orange)
        // X1: a police call that reported violence counts as a threat of violence.
        #expect(s.assessRisk(policeCallsWithin30Days: 1, policeReportedViolence: true).level == .red)
        #expect(s.assessRisk(policeCallsWithin30Days: 1, policeReportedViolence: true).reasons.contains { $0.contains("暴力") })
        #expect(s.riskLevel == .blue) // nothing recorded yet
        events.append(F.ev(.riskAssessed(s.assessRisk(policeCallsWithin30Days: 2)), F.at(2026, 3, 4, 10)))
        s = try F.state(events)
        #expect(s.riskLevel == .orange)
        #expect(s.majorReportDue)
        events.append(F.ev(.riskOverridden(RiskOverride(level: .red, reason: "扬言报复")), F.at(2026, 3, 4, 11)))
        events.append(F.ev(.policeNotified(PoliceNotification(note: "已通报派出所")), F.at(2026, 3, 4, 12)))
        s = try F.state(events)
        #expect(s.riskLevel == .red)
        #expect(s.policeNotifiedAt == F.at(2026, 3, 4, 12))
        #expect(s.isDifficult)
        events.append(F.ev(.majorReportFiled(MajorDisputeReport(recipientOrgUnitIds: [F.township, F.county], riskLevel: .red, summary: "x")), F.at(2026, 3, 4, 13)))
        #expect(try !F.state(events).majorReportDue)
    }
    @Test func overrideNeedsReason() throws {
        let s = try F.state(F.accepted())
        #expect(throws: DomainError.self) { try s.applying(F.ev(.riskOverridden(RiskOverride(level: .red, reason: " ")), F.at(2026, 3, 3))) }
    }
    @Test func levelsOrderedAndLabelled() {
        #expect(RiskLevel.blue < .yellow && RiskLevel.yellow < .orange && RiskLevel.orange < .red)
        #expect(RiskLevel.red.label == "红色")
        #expect(RiskLevel.orange.needsMajorReport && !RiskLevel.yellow.needsMajorReport)
    }
}

@Suite struct CategoryTests {
    @Test func codesAndLabels() {
        #expect(DisputeCategory.allCases.count == 15)
        #expect(DisputeCategory.allCases.map(\.code) == (1...15).map { String(format: "%02d", $0) })
        #expect(DisputeCategory.marriageFamily.label == "婚姻家庭")
        #expect(DisputeCategory.subcategory(code: "0101")?.name == "离婚纠纷")
        #expect(DisputeCategory.subcategory(code: "0101")?.category == .marriageFamily)
        #expect(DisputeCategory.subcategory(code: "1599")?.name == "其他纠纷")
        #expect(DisputeCategory.subcategory(code: "9901") == nil)
        #expect(DisputeCategory.subcategory(code: "01") == nil)
    }
    @Test func subcategoryCodesUniqueAndPrefixed() {
        let all = DisputeCategory.allCases.flatMap { c in c.subcategories.map { (c, $0) } }
        #expect(Set(all.map(\.1.code)).count == all.count)
        for (c, s) in all { #expect(s.code.hasPrefix(c.code) && s.code.count == 4) }
    }
    @Test func intakeSubcategoryMustMatch() {
        var i = F.intake()
        i.subcategoryCode = "0101"
        #expect(throws: DomainError.self) { try i.validate() }
    }
    @Test func enumLabels() {
        #expect(DisputeSource.petitionReferral.label == "信访转办")
        #expect(MediationLevel.township.label == "乡镇级")
        #expect(MediationChannel.medicalCommittee.isProfessional)
        #expect(F.intake().masked.parties[0].phone == "138****5678")
    }
}

import Foundation
import MediationDomain
import PinganDomain
import Testing

/// The mediation rules that used to be written twice, now written once and checked here.
@Suite struct DeadlineStatusOneRuleTests {
    let clock = LegalClock()

    /// A supervision order due at 15:00 on 16 March: its last day is 16 March. At 16:00 on 11 March
    /// less than 5 × 24 hours are left, which the list (counting seconds) coloured yellow, while
    /// the detail page (counting calendar days: 5 left) said ok. One rule now: ok until midnight.
    @Test func listAndDetailAgreeOnAnAfternoonDeadline() {
        let passes = F.at(2026, 3, 16, 15)
        let d = clock.deadline(.supervision, passingAt: passes)
        #expect(d.lastDay == LocalDate(year: 2026, month: 3, day: 16))
        let disagreedAt = F.at(2026, 3, 11, 16)
        #expect(passes.timeIntervalSince(disagreedAt) < 5 * 86_400)
        #expect(clock.status(of: d, at: disagreedAt) == .ok(daysLeft: 5))
        #expect(passes >= clock.warningCutoff(at: disagreedAt))
        let nextMorning = F.at(2026, 3, 12, 0, 0)
        #expect(clock.status(of: d, at: nextMorning) == .warning(daysLeft: 4))
        #expect(passes < clock.warningCutoff(at: nextMorning))
    }

    /// `warningCutoff` is `status` in the form of a filter, at every hour around a boundary.
    @Test func cutoffMatchesStatusHourByHour() {
        let deadlines = [clock.deadline(.mediation, lastDay: LocalDate(year: 2026, month: 4, day: 2)),
                         clock.deadline(.supervision, passingAt: F.at(2026, 4, 2, 15)),
                         clock.deadline(.supervision, passingAt: F.at(2026, 4, 3, 0, 0))]
        for d in deadlines {
            for h in 0..<(24 * 8) {
                let now = F.at(2026, 3, 27, 0, 0).addingTimeInterval(Double(h) * 3600)
                let s = clock.status(of: d, at: now)
                #expect((s.isWarning || s.isOverdue) == (d.passesAt < clock.warningCutoff(at: now)), "\(d.kind) at +\(h)h")
            }
        }
    }

    @Test func codesAreTheJSONStatus() throws {
        for s in [DeadlineStatus.ok(daysLeft: 9), .warning(daysLeft: 0), .overdue(daysOverdue: 2)] {
            let json = String(decoding: try JSONEncoder().encode(s), as: UTF8.self)
            #expect(json.contains("\"status\":\"\(s.code)\""))
        }
    }
}

@Suite struct StageRuleTests {
    /// The pages' buttons (`allows`) never offer a step outside the stage table `applying` enforces.
    @Test func allowsHonoursTheStageTable() throws {
        let path = F.happyPath()
        for n in 1...path.count {
            let s = try F.state(Array(path.prefix(n)))
            for type in DisputeEventType.allCases {
                guard let stages = DisputeState.stages(allowing: type), !stages.contains(s.stage) else { continue }
                #expect(!s.allows(type), "\(type) at \(s.stage)")
            }
            #expect(s.allows(.commentAdded))
        }
    }

    @Test func refusedStepsAreRefusedByApplying() throws {
        let registered = try F.state(Array(F.happyPath().prefix(1)))
        #expect(!registered.allows(.fulfilled))
        #expect(throws: DomainError.self) { try registered.applying(F.ev(.fulfilled(Fulfilment(evidence: "x")), F.at(2026, 3, 3))) }
        #expect(registered.allows(.accepted))
        let county = try F.state(F.accepted() + [F.ev(F.escalation(.village, .county), F.at(2026, 3, 3))])
        #expect(county.stage == .accepted && !county.allows(.escalated))
    }

    @Test func handUpLevels() {
        #expect(MediationLevel.village.handUpLevel == .township)
        #expect(MediationLevel.department.handUpLevel == .county)
        #expect(MediationLevel.county.handUpLevel == nil)
        #expect(MediationLevel.professional.nextForAutomaticEscalation == nil)
        #expect(MediationLevel.township.nextForAutomaticEscalation == .county)
    }
}

@Suite struct JusticeBranchTests {
    @Test func whoWorksWithDisputes() {
        let justice = Role.allCases.filter { $0.works(in: .justice) }
        #expect(Set(justice) == [.admin, .justiceBureauStaff, .judicialOfficeStaff, .mediator, .mediationRoomStaff, .lawyer])
        #expect(!Role.dispatcher.works(in: .justice) && Role.dispatcher.works(in: .police))
    }
}

@Suite struct DifficultDisputeTests {
    @Test func oneDefinitionAtAnyRisk() throws {
        let s = try F.state(F.accepted())
        #expect(!s.isDifficult && !s.isDifficult(risk: .yellow))
        #expect(s.isDifficult(risk: .orange))
        #expect(s.isDifficult == s.isDifficult(risk: s.riskLevel))
    }
}

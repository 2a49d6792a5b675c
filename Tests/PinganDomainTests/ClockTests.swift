import Foundation
import Testing
@testable import MediationDomain
import PinganDomain

@Suite struct LegalClockTests {
    let clock = LegalClock()
    let accepted = F.at(2026, 3, 2, 10) // a Monday

    @Test func generalMediationIsOneMonth() {
        #expect(clock.lastDay(from: accepted, limit: TimeLimits.default.general) == LocalDate(year: 2026, month: 4, day: 2))
    }
    @Test func labourIsFifteenCalendarDays() {
        #expect(clock.lastDay(from: accepted, limit: TimeLimits.default.labour) == LocalDate(year: 2026, month: 3, day: 17))
    }
    @Test func medicalIsThirtyWorkingDaysSkippingWeekends() {
        #expect(clock.lastDay(from: accepted, limit: TimeLimits.default.medical) == LocalDate(year: 2026, month: 4, day: 13))
    }
    @Test func workingDaysAcrossAWeekend() {
        let friday = F.at(2026, 3, 6, 15)
        #expect(clock.lastDay(from: friday, limit: TimeLimit(1, .workingDays)) == LocalDate(year: 2026, month: 3, day: 9))
        #expect(clock.lastDay(from: friday, limit: TimeLimit(6, .workingDays)) == LocalDate(year: 2026, month: 3, day: 16))
    }
    @Test func holidaysAndMakeUpDays() {
        let withHoliday = LegalClock(limits: TimeLimits(holidays: [LocalDate(year: 2026, month: 4, day: 6)]))
        #expect(withHoliday.lastDay(from: accepted, limit: TimeLimits.default.medical) == LocalDate(year: 2026, month: 4, day: 14))
        let withMakeUp = LegalClock(limits: TimeLimits(extraWorkingDays: [LocalDate(year: 2026, month: 3, day: 7)]))
        #expect(withMakeUp.lastDay(from: accepted, limit: TimeLimits.default.medical) == LocalDate(year: 2026, month: 4, day: 10))
    }
    @Test func statusAtExactMoments() {
        let d = clock.deadline(.mediation, from: accepted, limit: TimeLimits.default.general)
        #expect(d.passesAt == F.at(2026, 4, 3, 0, 0))
        #expect(clock.status(of: d, at: F.at(2026, 3, 28, 23, 59)) == .ok(daysLeft: 5))
        #expect(clock.status(of: d, at: F.at(2026, 3, 29, 0, 0)) == .warning(daysLeft: 4))
        #expect(clock.status(of: d, at: F.at(2026, 4, 2, 23, 59)) == .warning(daysLeft: 0))
        #expect(clock.status(of: d, at: F.at(2026, 4, 3, 0, 0)) == .overdue(daysOverdue: 1))
        #expect(clock.status(of: d, at: F.at(2026, 4, 12)) == .overdue(daysOverdue: 10))
    }
    @Test func warningPeriodConfigurable() {
        let c = LegalClock(limits: TimeLimits(warningDaysBefore: 10))
        let d = c.deadline(.mediation, from: accepted, limit: TimeLimits.default.general)
        #expect(c.status(of: d, at: F.at(2026, 3, 24)) == .warning(daysLeft: 9))
    }
    @Test func limitsConfigurableAndCodable() throws {
        let limits = TimeLimits(general: TimeLimit(20, .workingDays), holidays: [LocalDate(year: 2026, month: 10, day: 1)])
        let json = try JSONEncoder().encode(limits)
        #expect(String(decoding: json, as: UTF8.self).contains("\"2026-10-01\""))
        #expect(try JSONDecoder().decode(TimeLimits.self, from: json) == limits)
        #expect(limits.mediationLimit(for: .peoplesMediation) == TimeLimit(20, .workingDays))
        #expect(limits.mediationLimit(for: .labourCommittee) == TimeLimit(15, .calendarDays))
    }
    @Test func statusJSON() throws {
        let json = String(decoding: try JSONEncoder().encode(DeadlineStatus.warning(daysLeft: 3)), as: UTF8.self)
        #expect(json.contains("\"status\":\"warning\"") && json.contains("\"days\":3"))
        #expect(try JSONDecoder().decode(DeadlineStatus.self, from: Data(json.utf8)) == .warning(daysLeft: 3))
    }
    @Test func stateDeadlinesByChannel() throws {
        let medical = try F.state(F.accepted(level: .professional, channel: .medicalCommittee))
        #expect(medical.deadlines(clock: clock).map(\.lastDay) == [LocalDate(year: 2026, month: 4, day: 13)])
        let agreed = try F.state(Array(F.happyPath().prefix(4)))
        let kinds = agreed.deadlines(clock: clock).map(\.kind)
        #expect(kinds == [.judicialConfirmation, .performance])
        #expect(agreed.deadlines(clock: clock)[0].lastDay == LocalDate(year: 2026, month: 4, day: 4))
        #expect(try F.state(F.happyPath()).deadlines(clock: clock).isEmpty)
    }
}

@Suite struct EscalationPolicyTests {
    let clock = LegalClock()
    /// The org tree the server's `HandUp` walks; here, the unit each level's dispute goes to.
    let unitAbove: [MediationLevel: UUID] = [.township: F.township, .county: F.county]

    @Test func overdueVillageGoesUpToTownship() throws {
        let s = try F.state(F.accepted())
        let actions = EscalationPolicy().actions(for: s, at: F.at(2026, 4, 3, 0, 0), clock: clock)
        #expect(actions.contains(.automaticEscalation(from: .village, to: .township, daysOverdue: 1)))
        #expect(actions.contains { if case .deadlineOverdue = $0 { true } else { false } })
    }
    @Test func warningBeforeAndNothingEarly() throws {
        let s = try F.state(F.accepted())
        #expect(EscalationPolicy().actions(for: s, at: F.at(2026, 3, 10), clock: clock).isEmpty)
        let w = EscalationPolicy().actions(for: s, at: F.at(2026, 3, 30), clock: clock)
        #expect(w.count == 1)
        if case .deadlineWarning(let d, let left) = w[0] { #expect(d.kind == .mediation && left == 3) } else { Issue.record("expected warning") }
    }
    @Test func waitsConfiguredDaysAfterOverdue() throws {
        let s = try F.state(F.accepted())
        let policy = EscalationPolicy(autoEscalateAfterDaysOverdue: 3)
        let isAuto: (EscalationAction) -> Bool = { if case .automaticEscalation = $0 { true } else { false } }
        #expect(!policy.actions(for: s, at: F.at(2026, 4, 5, 12), clock: clock).contains(where: isAuto))
        #expect(policy.actions(for: s, at: F.at(2026, 4, 6, 0, 0), clock: clock).contains(where: isAuto))
        #expect(!EscalationPolicy(automaticEscalationEnabled: false).actions(for: s, at: F.at(2026, 5, 1), clock: clock).contains(where: isAuto))
    }
    @Test func stopsAtCountyAndSkipsProfessional() throws {
        let isAuto: (EscalationAction) -> Bool = { if case .automaticEscalation = $0 { true } else { false } }
        let county = try F.state(F.accepted() + [F.ev(F.escalation(.village, .county), F.at(2026, 3, 3))])
        let a = EscalationPolicy().actions(for: county, at: F.at(2026, 6, 1), clock: clock)
        #expect(!a.contains(where: isAuto))
        #expect(a.contains { if case .deadlineOverdue = $0 { true } else { false } })
        let prof = try F.state(F.accepted(level: .professional, channel: .roadTrafficCommittee))
        #expect(!EscalationPolicy().actions(for: prof, at: F.at(2026, 6, 1), clock: clock).contains(where: isAuto))
    }
    @Test func escalationRestartsTheClockAndChainEndsAtCounty() throws {
        var events = F.accepted()
        var s = try F.state(events)
        var now = F.at(2026, 4, 3)
        var levels: [MediationLevel] = []
        for _ in 0..<4 {
            let actions = EscalationPolicy().actions(for: s, at: now, clock: clock)
            guard let auto = actions.first(where: { if case .automaticEscalation = $0 { true } else { false } }),
                  case .automaticEscalation(let from, let to, let over) = auto, let target = unitAbove[to]
            else { break }
            #expect(to == from.handUpLevel)
            let x = Escalation(fromLevel: from, toLevel: to, toOrgUnitId: target, reason: "调解超期 \(over) 天，按规定自动上报", automatic: true)
            events.append(DisputeEvent(id: UUID(), disputeId: F.dispute, at: now, actorUserId: F.user, actorOrgUnitId: F.county,
                                       kind: .escalated(x)))
            s = try F.state(events)
            levels.append(s.level)
            // Right after hand-up the new level has a fresh month.
            #expect(!EscalationPolicy().actions(for: s, at: now, clock: clock).contains { if case .automaticEscalation = $0 { true } else { false } })
            now = now.addingTimeInterval(86400 * 40)
        }
        #expect(levels == [.township, .county])
        #expect(s.escalations.allSatisfy { $0.escalation.automatic })
        #expect(s.handlingOrgUnitId == F.county)
    }
    @Test func actionsEncodeWithNamedFields() throws {
        let a = EscalationAction.automaticEscalation(from: .village, to: .township, daysOverdue: 2)
        let json = String(decoding: try JSONEncoder().encode(a), as: UTF8.self)
        #expect(json.contains("\"automaticEscalation\"") && json.contains("\"daysOverdue\":2") && !json.contains("_0"))
        #expect(try JSONDecoder().decode(EscalationAction.self, from: Data(json.utf8)) == a)
    }
    @Test func majorReportDueForRed() throws {
        let s = try F.state(F.accepted() + [F.ev(.riskOverridden(RiskOverride(level: .red, reason: "扬言报复")), F.at(2026, 3, 3))])
        #expect(EscalationPolicy().actions(for: s, at: F.at(2026, 3, 4), clock: clock) == [.majorReportDue(level: .red)])
    }
}

@Suite struct SupervisionTests {
    let order = SupervisionOrder(id: UUID(), disputeId: F.dispute, issuedByOrgUnitId: F.county, assigneeOrgUnitId: F.township,
                                 instruction: "限期化解", issuedAt: F.at(2026, 3, 3), deadline: F.at(2026, 3, 10, 17))

    @Test func missedDeadlineNamesTheUnit() {
        #expect(order.accountability(at: F.at(2026, 3, 10, 16, 59)) == nil)
        let r = order.accountability(at: F.at(2026, 3, 10, 17))
        #expect(r?.responsibleOrgUnitId == F.township)
        #expect(r?.issuedByOrgUnitId == F.county)
        #expect(r?.supervisionOrderId == order.id)
    }
    @Test func answeredInTimeOrLate() {
        var o = order
        o.answeredAt = F.at(2026, 3, 9)
        #expect(o.accountability(at: F.at(2026, 4, 1)) == nil)
        o.answeredAt = F.at(2026, 3, 11)
        #expect(o.accountability(at: F.at(2026, 4, 1))?.detectedAt == F.at(2026, 3, 11))
    }
    @Test func ordersThroughEvents() throws {
        var events = F.accepted() + [F.ev(.supervisionOrdered(order), F.at(2026, 3, 3))]
        let s = try F.state(events)
        let due = EscalationPolicy().actions(for: s, at: F.at(2026, 3, 11), clock: LegalClock())
        #expect(due.contains { if case .accountability(let r) = $0 { r.responsibleOrgUnitId == F.township } else { false } })
        events.append(F.ev(.supervisionAnswered(SupervisionReply(orderId: order.id, reply: "已化解")), F.at(2026, 3, 9)))
        let answered = try F.state(events)
        #expect(answered.supervisionOrders[0].answeredAt == F.at(2026, 3, 9))
        #expect(AccountabilityRecord.due(for: answered.supervisionOrders, at: F.at(2026, 4, 1)).isEmpty)
        #expect(throws: DomainError.self) {
            try answered.applying(F.ev(.supervisionAnswered(SupervisionReply(orderId: order.id, reply: "again")), F.at(2026, 3, 9)))
        }
    }
}

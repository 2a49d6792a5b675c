import Foundation
import Testing
@testable import MediationDomain
import PinganDomain

/// The ledger's time-limit rule (M10): the limit of the channel, counted from acceptance; a case
/// is late when mediation ends after the last day, overdue when still open past it.
@Suite struct LedgerRuleTests {
    let clock = LegalClock()

    @Test func labourLimitIsFifteenDaysFromAcceptance() throws {
        let s = try F.state(F.accepted(level: .professional, channel: .labourCommittee))
        // Accepted 2 March: 15 days end on 17 March; on 17 March it is still running.
        let e = LedgerEntry(state: s, clock: clock, now: F.at(2026, 3, 17, 20))
        #expect(e.limit == TimeLimit(15, .calendarDays))
        #expect(e.lastDay == LocalDate(year: 2026, month: 3, day: 17))
        #expect(e.timeliness == .running && !e.timeliness.isOverdue)
        let late = LedgerEntry(state: s, clock: clock, now: F.at(2026, 3, 20))
        #expect(late.timeliness == .overdue && late.daysOver == 3)
        #expect(LedgerLimitSource.source(for: .labourCommittee).contains("劳动争议调解仲裁法》第十四条"))
    }

    @Test func generalLimitIsOneMonthAndConclusionStopsTheClock() throws {
        let events = F.accepted() + [F.ev(F.session(.succeeded, F.at(2026, 4, 3)), F.at(2026, 4, 3)), F.ev(F.agreement(F.at(2026, 4, 3, 11)), F.at(2026, 4, 3, 11))]
        let s = try F.state(events)
        let e = LedgerEntry(state: s, clock: clock, now: F.at(2026, 12, 1))
        #expect(e.lastDay == LocalDate(year: 2026, month: 4, day: 2))
        #expect(e.timeliness == .concludedLate && e.daysOver == 1)
        #expect(LedgerEntry.result(of: s) == "调解成功")
        let inTime = try F.state(F.happyPath())
        let ok = LedgerEntry(state: inTime, clock: clock, now: F.at(2026, 12, 1))
        #expect(ok.timeliness == .concludedInTime && ok.daysOver == 0)
        #expect(LedgerEntry.result(of: inTime) == "调解成功，已履行")
    }

    @Test func medicalLimitCountsWorkingDays() throws {
        let s = try F.state(F.accepted(level: .professional, channel: .medicalCommittee))
        let e = LedgerEntry(state: s, clock: clock, now: F.at(2026, 3, 3))
        // Monday 2 March + 30 working days (no holidays listed) = Monday 13 April.
        #expect(e.lastDay == LocalDate(year: 2026, month: 4, day: 13))
    }

    @Test func noClockBeforeAcceptance() throws {
        let s = try F.state([F.ev(.registered(F.intake()), F.at(2026, 3, 2))])
        let e = LedgerEntry(state: s, clock: clock, now: F.at(2026, 12, 1))
        #expect(e.timeliness == .notRunning && e.lastDay == nil && !e.timeliness.isOverdue)
    }
}

import Foundation
import Testing
@testable import MediationDomain
import PinganDomain

@Suite struct DuplicateDetectorTests {
    let detector = DuplicateDetector()
    func summary(_ at: Date, ids: [String] = [], village: UUID? = F.village, grid: UUID? = nil,
                 category: DisputeCategory = .neighbourhood) -> DisputeSummary {
        DisputeSummary(id: UUID(), registeredAt: at, partyIdNumbers: ids, villageId: village, gridId: grid, category: category)
    }

    @Test func samePartyIdAnyTime() {
        let other = summary(F.at(2025, 1, 1), ids: ["11010519491231002x"], village: UUID(), category: .contract)
        let found = detector.possibleDuplicates(of: F.intake(), at: F.at(2026, 3, 1), among: [other])
        #expect(found.map(\.disputeId) == [other.id])
        #expect(found[0].reasons == [.samePartyIdNumber(masked: "110105********002x")])
    }
    @Test func samePlaceAndCategoryWithinThirtyDays() {
        let inside = summary(F.at(2026, 2, 1, 23))
        let outside = summary(F.at(2026, 1, 30, 9))
        let otherCategory = summary(F.at(2026, 2, 20), category: .contract)
        let otherVillage = summary(F.at(2026, 2, 20), village: UUID())
        let found = detector.possibleDuplicates(of: F.intake(idNumber: nil), at: F.at(2026, 3, 3), among: [inside, outside, otherCategory, otherVillage])
        #expect(found.map(\.disputeId) == [inside.id])
        #expect(found[0].reasons == [.samePlaceAndCategory(daysApart: 30)])
        #expect(!found[0].reasons[0].label.isEmpty)
    }
    @Test func gridBeatsVillageWhenBothKnown() {
        var intake = F.intake(idNumber: nil)
        intake.gridId = UUID()
        let sameVillageOtherGrid = summary(F.at(2026, 3, 1), grid: UUID())
        #expect(detector.possibleDuplicates(of: intake, at: F.at(2026, 3, 2), among: [sameVillageOtherGrid]).isEmpty)
    }
    @Test func bothReasons() throws {
        let s = DisputeSummary(try F.state(F.accepted()))
        let found = detector.possibleDuplicates(of: F.intake(), at: F.at(2026, 3, 20), among: [s])
        #expect(found.first?.reasons.count == 2)
    }
}

@Suite struct ScreeningTests {
    let a = UUID(), b = UUID(), c = UUID()
    let nov = YearMonth(year: 2026, month: 11)

    @Test func missingVillagesForTheMonth() {
        let reports = [
            ScreeningReport(id: UUID(), month: nov, villageId: a, foundCount: 0, submittedAt: F.at(2026, 11, 30)),
            ScreeningReport(id: UUID(), month: nov.previous, villageId: b, foundCount: 2, submittedAt: F.at(2026, 10, 30)),
        ]
        #expect(ScreeningCompliance.missing(villages: [a, b, c], reports: reports, month: nov) == [b, c])
        #expect(ScreeningCompliance.missing(villages: [a, b, c], reports: reports, month: nov.previous) == [a, c])
    }
    @Test func nilReport() throws {
        let r = ScreeningReport(id: UUID(), month: nov, villageId: a, foundCount: 0, submittedAt: F.at(2026, 11, 30))
        #expect(r.nilReport && r.label == "零报告")
        #expect(!ScreeningReport(id: UUID(), month: nov, villageId: a, foundCount: 3, submittedAt: F.at(2026, 11, 30)).nilReport)
        let json = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        #expect(json.contains("\"month\":\"2026-11\"") && json.contains("\"nilReport\":true"))
    }
    @Test func dueMonthIsPreviousMonth() {
        #expect(ScreeningCompliance.dueMonth(at: F.at(2026, 1, 3), calendar: F.cal) == YearMonth(year: 2025, month: 12))
    }
}

@Suite struct StatisticsTests {
    @Test func computedFromStates() throws {
        func id() -> UUID { UUID() }
        func retag(_ events: [DisputeEvent]) -> [DisputeEvent] {
            let d = id()
            return events.map { var e = $0; e.disputeId = d; e.id = id(); return e }
        }
        let settledVillage = try F.state(retag(F.happyPath()))
        let settledCounty = try F.state(retag(F.accepted() + [
            F.ev(F.escalation(.village, .township), F.at(2026, 3, 5)),
            F.ev(F.escalation(.township, .county, automatic: true), F.at(2026, 4, 9)),
            F.ev(F.session(.succeeded, F.at(2026, 4, 10)), F.at(2026, 4, 10)),
            F.ev(F.agreement(F.at(2026, 4, 10)), F.at(2026, 4, 10)),
        ]))
        let terminated = try F.state(retag(F.accepted() + [
            F.ev(F.session(.failed, F.at(2026, 3, 4)), F.at(2026, 3, 4)),
            F.ev(.terminated(Termination(reason: "x", otherRoutes: [.litigation])), F.at(2026, 3, 5)),
        ]))
        let township = try F.state(retag([F.ev(.registered(F.intake(level: .township, people: 40)), F.at(2026, 3, 1))]))
        let stats = MediationStatistics(states: [settledVillage, settledCounty, terminated, township])
        #expect(stats.received == 4)
        #expect(stats.receivedByLevel.village == 3 && stats.receivedByLevel.township == 1)
        #expect(stats.settled == 2)
        #expect(stats.settledRate == 0.5)
        #expect(stats.settledAtLevel.village == 1 && stats.settledAtLevel.county == 1)
        #expect(stats.keptInVillageRate == 1.0 / 3.0)
        #expect(stats.keptInTownshipRate == 1.0 / 4.0)
        #expect(stats.terminated == 1 && stats.inProgress == 1 && stats.archived == 1)
        #expect(stats.escalated == 1 && stats.automaticallyEscalated == 1)
        #expect(stats.difficult == 1)
        #expect(stats.byCategory == [CategoryCount(category: .neighbourhood, received: 4, settled: 2)])
        #expect(stats.byRisk[.blue] == 4)
        let json = String(decoding: try JSONEncoder().encode(stats), as: UTF8.self)
        #expect(json.contains("\"byRisk\":{\"blue\":4}"))
        #expect(json.contains("\"receivedByLevel\":{"))
    }
    @Test func emptyIsZero() {
        let s = MediationStatistics(states: [])
        #expect(s.received == 0 && s.settledRate == 0)
    }
}

import Foundation
import Testing
@testable import MediationDomain
import PinganDomain

@Suite struct DemoGeneratorTests {
    static func generator(seed: UInt64 = 2018) -> DemoDisputeGenerator {
        var rng = SplitMix64(seed: 7)
        let townships = (0..<11).map { _ in rng.uuid() }
        let villages = (0..<258).map { i in DemoVillage(id: rng.uuid(), townshipId: townships[i % 11], name: "第\(i + 1)村") }
        return DemoDisputeGenerator(seed: seed, year: 2026, villages: villages, countyOrgUnitId: rng.uuid(),
                                    roadTrafficCommitteeId: rng.uuid(), labourCommitteeId: rng.uuid(),
                                    medicalCommitteeId: rng.uuid(), actorUserIds: [rng.uuid(), rng.uuid()])
    }
    static let disputes = generator().generate()
    static let states: [DisputeState] = disputes.map { try! DisputeState.replay($0.events) }

    @Test func sameSeedSameOutput() {
        #expect(Self.generator().generate() == Self.disputes)
        #expect(Self.generator(seed: 2019).generate() != Self.disputes)
    }
    // The generator's time (it was bounded here at 1.5 s of CPU) is printed by
    // `pingan bench mediation` (BENCHMARKS.md): a time bound in a unit test fails by chance on a
    // shared machine. Its output is checked here.
    @Test func generatesTheSeededYear() {
        #expect(Self.disputes.count == 2653)
        #expect(Set(Self.disputes.map(\.id)).count == Self.disputes.count, "ids are unique")
        #expect(Self.disputes.allSatisfy { !$0.events.isEmpty })
    }
    @Test func proportionsMatchTheSeed() {
        let stats = MediationStatistics(states: Self.states)
        func near(_ value: Int, _ target: Int) -> Bool { abs(Double(value - target)) <= Double(target) * 0.03 }
        #expect(stats.received == 2653)
        #expect(near(stats.receivedByLevel.village, 1793))
        #expect(near(stats.receivedByLevel.township, 762))
        #expect(near(stats.receivedByLevel.professional, 98))
        #expect(near(stats.settled, 2574))
        #expect(stats.settledRate > 0.95 && stats.settledRate < 0.99)
        #expect(stats.escalated > 20 && stats.settledAtLevel.county > 0)
        #expect(stats.difficult > 30 && stats.difficult < 200)
        #expect(stats.petitionsResolved > 20)
        #expect(stats.massIncidentsPrevented > 5)
    }
    @Test func riskMixMostlyBlueAndYellow() {
        let levels = Self.states.map(\.riskLevel)
        let high = levels.filter { $0 >= .orange }.count
        #expect(levels.filter { $0 == .blue }.count > levels.count * 3 / 4)
        #expect(levels.contains(.yellow) && levels.contains(.red))
        #expect(high > 5 && high < levels.count / 20)
        #expect(Self.states.filter(\.majorReportDue).isEmpty)
    }
    @Test func everyDisputeReplaysAndArchivesAreNumberedInOrder() {
        let numbers = Self.states.compactMap(\.caseNumber).filter { $0.year == 2026 }
        #expect(numbers.count > 2000)
        #expect(Set(numbers).count == numbers.count)
        #expect(Set(numbers.map(\.sequence)) == Set(1...numbers.count))
        #expect(Self.states.allSatisfy { $0.intake.parties.allSatisfy { ChineseIDNumber.isValid($0.idNumber ?? "") } })
        #expect(Self.states.contains { $0.stage.isOpen })
        #expect(Self.states.contains { $0.judicialConfirmation != nil })
        #expect(Self.disputes.allSatisfy { d in zip(d.events, d.events.dropFirst()).allSatisfy { $0.at <= $1.at } })
    }
    @Test func professionalCommitteesAndSupervision() {
        let professional = Self.states.filter { $0.receivedLevel == .professional }
        #expect(Set(professional.map(\.channel)) == [.roadTrafficCommittee, .labourCommittee, .medicalCommittee])
        #expect(Self.states.contains { !$0.supervisionOrders.isEmpty })
    }
}

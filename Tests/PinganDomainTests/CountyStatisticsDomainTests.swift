import Foundation
@testable import MediationDomain
import PinganDomain
import Testing

/// The pure rules of the county report (#12): the table's rows, the tiers of "settled", the text
/// fingerprint and the integrity thresholds.
@Suite("County report rules (M13, #12)")
struct CountyStatisticsDomainTests {
    @Test("Each row of the table counts what its name says")
    func figures() throws {
        let settled = try F.state(F.happyPath())
        let open = try F.state(F.accepted(level: .township))
        #expect(CountyFigure.settled.counts(settled) && !CountyFigure.settled.counts(open))
        #expect(CountyFigure.receivedVillage.counts(settled) && CountyFigure.receivedTownship.counts(open))
        #expect(!CountyFigure.massIncidentsPrevented.counts(settled))
        let crowd = try F.state([F.ev(.registered(F.intake(people: 40)), F.at(2026, 3, 2)), F.ev(.accepted(Acceptance()), F.at(2026, 3, 2, 10)),
                                 F.ev(F.session(.succeeded, F.at(2026, 3, 5)), F.at(2026, 3, 5)), F.ev(F.agreement(F.at(2026, 3, 5)), F.at(2026, 3, 5))])
        #expect(CountyFigure.massIncidentsPrevented.counts(crowd))
        #expect(!CountyFigure.turnedCriminal.counts(settled) && CountyFigure.turnedCriminal.counts(settled, turnedCriminal: true))
        // Every level is in exactly one of the "by level" rows.
        for s in [settled, open, crowd] {
            let byLevel: [CountyFigure] = [.receivedTownship, .receivedVillage, .receivedProfessional, .receivedOther]
            #expect(byLevel.filter { $0.counts(s) }.count == 1)
        }
    }

    @Test("A tier is reached only on top of the one below; a contact in the window undoes the top")
    func tiers() {
        let agreed = F.at(2026, 3, 5)
        func facts(performed: Bool = true, closed: Bool = true, contacts: [Date] = []) -> TierFacts {
            TierFacts(agreedAt: agreed, performed: performed, closedOnFollowUp: closed, laterContacts: contacts)
        }
        #expect(TierFacts(agreedAt: nil, performed: true, closedOnFollowUp: true, laterContacts: []).tier() == nil)
        #expect(facts(performed: false).tier() == .agreed)
        #expect(facts(closed: false).tier() == .performed)
        #expect(facts().tier() == .lasting)
        #expect(facts(contacts: [agreed.addingTimeInterval(89 * 86_400)]).tier() == .performed)
        #expect(facts(contacts: [agreed.addingTimeInterval(91 * 86_400)]).tier() == .lasting)
        #expect(facts(contacts: [agreed.addingTimeInterval(-86_400)]).tier() == .lasting)
        let t = SettledTiers(received: 10, reached: [.lasting, .performed, .performed, .agreed, nil])
        #expect(t.rows.map(\.count) == [4, 3, 1])
        #expect(t.rows.map(\.rate) == [0.4, 0.3, 0.1])
    }

    @Test("Near-identical descriptions share a fingerprint band and are grouped; different ones are not")
    func fingerprints() throws {
        let a = "村民张某与李某因宅基地边界发生争执，双方多次协商未果，张某要求拆除李某新砌的围墙。"
        let b = "村民张某与李某因宅基地边界发生争执，双方多次协商未果，张某要求拆除李某新砌的围墙！"
        let c = "某公司拖欠十二名务工人员工资共计八万余元，工人多次讨要无果，准备集体到县政府上访。"
        let ha = try #require(TextFingerprint.simHash(a)), hb = try #require(TextFingerprint.simHash(b))
        let hc = try #require(TextFingerprint.simHash(c))
        #expect(TextFingerprint.distance(ha, hb) <= 3)
        #expect(TextFingerprint.distance(ha, hc) > 10)
        #expect(TextFingerprint.simHash("短") == nil)
        #expect(TextFingerprint.loaded(TextFingerprint.stored(ha)) == ha)
        let groups = TextFingerprint.nearDuplicates([(1, ha), (2, hc), (3, hb)])
        #expect(groups == [[1, 3]])
        #expect(TextFingerprint.nearDuplicates([(1, ha), (2, hc)]).isEmpty)
    }

    @Test("The integrity thresholds flag a near-100% rate and same-day settlements only over enough disputes")
    func thresholds() {
        let t = IntegrityThresholds()
        #expect(IntegrityRules.rateNearHundred(received: 100, settled: 99, t))
        #expect(!IntegrityRules.rateNearHundred(received: 100, settled: 97, t))
        #expect(!IntegrityRules.rateNearHundred(received: 5, settled: 5, t))
        #expect(IntegrityRules.sameDayFlagged(settled: 40, sameDay: 20, t))
        #expect(!IntegrityRules.sameDayFlagged(settled: 40, sameDay: 5, t))
        // 23:30 and 00:30 China time are different days even though UTC puts both on one.
        #expect(!IntegrityRules.sameDay(F.at(2026, 3, 2, 23, 30), F.at(2026, 3, 3, 0, 30)))
        #expect(IntegrityRules.sameDay(F.at(2026, 3, 2, 8), F.at(2026, 3, 2, 20)))
    }
}

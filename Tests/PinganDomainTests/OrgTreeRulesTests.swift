import Foundation
import PinganDomain
import Testing

@Suite("Org tree rules")
struct OrgTreeRulesTests {
    @Test("Every unit of the demo plan passes the rules")
    func demoPlanPasses() throws {
        let plan = try OrgPlanTests.plan()
        #expect(OrgTreeRules.problems(inPlan: plan).isEmpty, "\(OrgTreeRules.problems(inPlan: plan).prefix(5))")
        #expect(plan.allSatisfy { OrgTreeRules.isValidCode($0.code) && OrgTreeRules.isValidName($0.name) })
    }

    @Test("Codes: 12 digits, then upper-case suffixes of 2–8")
    func codes() {
        for ok in ["130427100201", "130427000000-GAJ-PCS01-WG", "130427000000-BM01-TJS", "130427000000-ZY-JT", "130427100201\n"] {
            #expect(OrgTreeRules.isValidCode(ok), "\(ok)")
        }
        for bad in ["£", "", "13042710020", "1304271002011", "130427100201-", "130427100201-A", "130427100201-abc",
                    "130427100201-ABCDEFGHI", " 130427100201", "130427100201--AB", "\u{E000}\u{E001}", "130427100201\n\n",
                    "１３０４２７１００２０１"] {
            #expect(!OrgTreeRules.isValidCode(bad), "\(bad)")
        }
    }

    @Test("Names: 1–100 scalars, not blank, no control or private-use characters")
    func names() {
        for ok in ["磁州镇", "A", String(repeating: "长", count: 100), " 东片区 "] { #expect(OrgTreeRules.isValidName(ok), "\(ok)") }
        for bad in ["", "   ", String(repeating: "长", count: 101), "\u{E000}\u{E001}\u{F8FF}", "名\u{7}称", "名\u{85}称", "\n"] {
            #expect(!OrgTreeRules.isValidName(bad), "\(bad.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("Kinds sit under their parents; one county and one justice bureau; an office serves a township")
    func kinds() {
        func v(_ kind: OrgUnitKind, under parent: OrgUnitKind?, jurisdiction: OrgUnitKind? = nil, others: Int = 0,
               children: Set<OrgUnitKind> = []) -> [OrgTreeRules.Violation] {
            OrgTreeRules.violations(.init(code: "130427000000-XX", name: "单位", kind: kind, parentKind: parent, jurisdictionKind: jurisdiction,
                                          othersOfKind: others, childKinds: children))
        }
        #expect(v(.village, under: .township).isEmpty)
        #expect(v(.village, under: .county) == [.parent(.village, parent: .county)])
        #expect(v(.county, under: nil, others: 1) == [.secondSingleton(.county)])
        #expect(v(.county, under: .county) == [.parent(.county, parent: .county)])
        #expect(v(.justiceBureau, under: .county, others: 1) == [.secondSingleton(.justiceBureau)])
        #expect(v(.judicialOffice, under: .justiceBureau, jurisdiction: .township).isEmpty)
        #expect(v(.judicialOffice, under: .justiceBureau, jurisdiction: .department) == [.jurisdiction(.judicialOffice, target: .department)])
        #expect(v(.judicialOffice, under: .justiceBureau) == [.missingJurisdiction(.judicialOffice)])
        #expect(v(.mediationRoom, under: .department, jurisdiction: .department) == [.jurisdiction(.mediationRoom, target: .department)])
        // A department turned into a county would leave its mediation room under a county.
        #expect(v(.county, under: .county, children: [.mediationRoom]).contains(.child(.mediationRoom, under: .county)))
        #expect(!OrgTreeRules.Violation.parent(.village, parent: .county).description.isEmpty)
    }

    @Test("An import is checked against what is stored")
    func importAgainstStored() {
        let stored: [String: OrgTreeRules.Stored] = [
            "130427000000": .init(kind: .county, parentCode: nil),
            "130427100000": .init(kind: .township, parentCode: "130427000000"),
            "130427000000-SFJ": .init(kind: .justiceBureau, parentCode: "130427000000"),
        ]
        let good = [PlannedUnit(code: "130427100299", name: "新村", kind: .village, parentCode: "130427100000")]
        #expect(OrgTreeRules.problems(inPlan: good, stored: stored).isEmpty)
        let bad = [
            PlannedUnit(code: "130427999000", name: "第二个县", kind: .county, parentCode: nil),
            PlannedUnit(code: "130427100298", name: "县下的村", kind: .village, parentCode: "130427000000"),
            PlannedUnit(code: "130427100000", name: "改类型", kind: .village, parentCode: "130427000000"),
            PlannedUnit(code: "130427000000-SFS9", name: "司法所", kind: .judicialOffice, parentCode: "130427000000-SFJ",
                        jurisdictionCode: "130427000000-SFJ"),
        ]
        let problems = OrgTreeRules.problems(inPlan: bad, stored: stored)
        #expect(problems.count == 4, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("第 1 行") && $0.contains("只能有一个") })
        #expect(problems.contains { $0.hasPrefix("第 2 行") })
        #expect(problems.contains { $0.hasPrefix("第 3 行") && $0.contains("类型") })
        #expect(problems.contains { $0.hasPrefix("第 4 行") && $0.contains("管辖") })
    }
}

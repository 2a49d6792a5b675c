import Foundation
import MediationDomain
import Testing

/// X1's matching rule: a police call is about a dispute's party when the names agree as people
/// write them and a phone or an ID number agrees too.
@Suite("Matching a police call's people to a dispute's parties")
struct PartyMatchTests {
    typealias Key = PartyMatch.Key

    @Test("Spaces, full-width letters, the middle dot and +86 are folded; the ID number's x is upper-cased")
    func folding() {
        #expect(PartyMatch.name(" 张 三 ") == "张三")
        #expect(PartyMatch.name("阿依·买买提") == PartyMatch.name("阿依买买提"))
        #expect(PartyMatch.name("ＷＡＮＧ Ｌｅｉ") == "wanglei")
        #expect(PartyMatch.phone("+86 138-1234-5678") == "13812345678")
        #expect(PartyMatch.phone("0086 13812345678") == "13812345678")
        #expect(PartyMatch.phone("１３８１２３４５６７８") == "13812345678")
        #expect(PartyMatch.phone("12345") == nil, "too short to tell anyone apart")
        #expect(PartyMatch.idNumber(" 13042719850202002x ") == "13042719850202002X")
        #expect(PartyMatch.idNumber("  ") == nil)
    }

    @Test("Same name and same phone, or same name and same ID number: a match; a name alone, or the phone under another name: none")
    func rule() {
        let party = Key(name: "李四", phone: "13987654321", idNumber: "13042719850202002X")
        #expect(Key(name: "李 四", phone: "139 8765 4321", idNumber: nil).matches(party))
        #expect(Key(name: "李四", phone: nil, idNumber: "13042719850202002x").matches(party))
        #expect(!Key(name: "李四", phone: nil, idNumber: nil).matches(party), "王军 is common: a name alone is not enough")
        #expect(!Key(name: "李四", phone: "13900000000", idNumber: nil).matches(party))
        #expect(!Key(name: "李五", phone: "13987654321", idNumber: nil).matches(party), "a shared family phone is not the same person")
        #expect(!Key(name: "", phone: "13987654321", idNumber: nil).matches(Key(name: "", phone: "13987654321", idNumber: nil)))
    }

    @Test("The stored keys are equal exactly when the rule matches, over every pair of a mixed set")
    func storedKeys() {
        let keys = [Key(name: "李四", phone: "13987654321", idNumber: "13042719850202002X"), Key(name: "李 四", phone: "139 8765 4321", idNumber: nil),
                    Key(name: "李四", phone: nil, idNumber: "13042719850202002x"), Key(name: "李四", phone: nil, idNumber: nil),
                    Key(name: "李五", phone: "13987654321", idNumber: nil), Key(name: "", phone: "13987654321", idNumber: "X1"),
                    Key(name: "ＷＡＮＧ Ｌｅｉ", phone: "+86 138-1234-5678", idNumber: nil), Key(name: "wanglei", phone: "13812345678", idNumber: "Y")]
        for a in keys {
            for b in keys {
                let stored = (a.phoneKey != nil && a.phoneKey == b.phoneKey) || (a.idKey != nil && a.idKey == b.idKey)
                #expect(stored == a.matches(b), "\(a) / \(b)")
            }
        }
        #expect(keys[0].phoneKey == "李四|13987654321" && keys[5].phoneKey == nil)
    }
}

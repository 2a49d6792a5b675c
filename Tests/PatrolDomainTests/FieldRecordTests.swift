import Foundation
@testable import PatrolDomain
import PinganDomain
import Testing

/// The rules of field records (P10, P11): each kind's required fields, the ID number's check
/// character, the plate pattern, the ranges, the logistics "三个100%", and that nothing of another
/// kind is kept.
@Suite("Field record rules")
struct FieldRecordTests {
    /// A valid ID number from its first 17 digits.
    static func id(_ first17: String) -> String { first17 + String(ChineseIDNumber.checkCharacter(for: first17)) }

    func code(_ kind: FieldRecordKind, _ d: FieldRecordDetails) -> String? {
        do { _ = try d.validated(for: kind); return nil } catch { return error.code }
    }

    @Test("Plates: ordinary, trailer, learner, police, both new-energy forms pass; I and O, lower case, spaces, wrong province or length fail")
    func plates() {
        for ok in ["冀D12345", "冀DA123B", "京A1234挂", "冀D1234学", "冀D1234警", "粤B12345", "冀DD12345", "冀D12345F", "冀DFA1234", "新A0000港"] {
            #expect(LicencePlate.isValid(ok), "\(ok)")
        }
        for bad in ["冀d12345", "冀D 12345", "冀I12345", "冀D1O345", "台A12345", "冀D1234", "冀D1234567", "D12345", "冀DD1234A", "冀D12345D1", ""] {
            #expect(!LicencePlate.isValid(bad), "\(bad)")
        }
    }

    @Test("A person check needs a name and a valid ID number (check character, birth date, length); lower-case x is upper-cased")
    func personCheck() throws {
        let good = Self.id("13042719850615231")
        let d = try FieldRecordDetails(personName: " 张三 ", idNumber: good, plate: "冀D12345", reason: "ignored").validated(for: .personCheck)
        #expect(d == FieldRecordDetails(personName: "张三", idNumber: good), "other kinds' fields are dropped")
        #expect(code(.personCheck, FieldRecordDetails(idNumber: good)) == "missing_field")
        #expect(code(.personCheck, FieldRecordDetails(personName: "张三")) == "missing_field")
        #expect(code(.personCheck, FieldRecordDetails(personName: "张三", idNumber: "   ")) == "missing_field")
        let wrongCheck = String(good.dropLast()) + (good.last == "1" ? "2" : "1")
        #expect(code(.personCheck, FieldRecordDetails(personName: "张三", idNumber: wrongCheck)) == "invalid_id_number")
        #expect(code(.personCheck, FieldRecordDetails(personName: "张三", idNumber: "1304271985061523")) == "invalid_id_number")
        #expect(code(.personCheck, FieldRecordDetails(personName: "张三", idNumber: Self.id("13042719851315231"))) == "invalid_id_number", "month 13")
        let x = Self.id("11010519491231002")
        #expect(x.hasSuffix("X"))
        #expect(try FieldRecordDetails(personName: "李四", idNumber: x.lowercased()).validated(for: .personCheck).idNumber == x)
    }

    @Test("A vehicle check needs a valid plate")
    func vehicleCheck() throws {
        #expect(try FieldRecordDetails(plate: "冀D12345").validated(for: .vehicleCheck).plate == "冀D12345")
        #expect(code(.vehicleCheck, FieldRecordDetails()) == "missing_field")
        #expect(code(.vehicleCheck, FieldRecordDetails(plate: "ABC123")) == "invalid_plate")
    }

    @Test("Custody kinds need a name and a reason; the ID number is optional but checked; detention has 1–20 days")
    func custody() throws {
        for kind in FieldRecordKind.custody where kind != .administrativeDetention {
            #expect(try FieldRecordDetails(personName: "王五", reason: "盗窃").validated(for: kind).idNumber == nil)
            #expect(code(kind, FieldRecordDetails(personName: "王五")) == "missing_field")
            #expect(code(kind, FieldRecordDetails(reason: "盗窃")) == "missing_field")
            #expect(code(kind, FieldRecordDetails(personName: "王五", idNumber: "123", reason: "盗窃")) == "invalid_id_number")
        }
        #expect(code(.administrativeDetention, FieldRecordDetails(personName: "王五", reason: "殴打他人")) == "missing_field")
        #expect(code(.administrativeDetention, FieldRecordDetails(personName: "王五", reason: "殴打他人", detentionDays: 0)) == "invalid_detention_days")
        #expect(code(.administrativeDetention, FieldRecordDetails(personName: "王五", reason: "殴打他人", detentionDays: 21)) == "invalid_detention_days")
        let d = try FieldRecordDetails(personName: "王五", reason: "殴打他人", detentionDays: 10).validated(for: .administrativeDetention)
        #expect(d.detentionDays == 10)
        #expect(d.summary(for: .administrativeDetention) == "王五，拘留 10 日，案由：殴打他人")
    }

    @Test("Assistance needs its kind and 1–999 people")
    func assistance() throws {
        #expect(code(.publicAssistance, FieldRecordDetails(peopleHelped: 2)) == "missing_field")
        #expect(code(.publicAssistance, FieldRecordDetails(assistance: .lostPerson)) == "missing_field")
        #expect(code(.publicAssistance, FieldRecordDetails(assistance: .lostPerson, peopleHelped: 0)) == "invalid_people_helped")
        #expect(code(.publicAssistance, FieldRecordDetails(assistance: .lostPerson, peopleHelped: 1000)) == "invalid_people_helped")
        let d = try FieldRecordDetails(assistance: .lostPerson, peopleHelped: 2).validated(for: .publicAssistance)
        #expect(d.subkind == "lost_person" && d.summary(for: .publicAssistance) == "走失人员 2 人")
    }

    @Test("Traffic: the violation is required, the plate optional but checked; drunk driving needs a reading of 20–500, and 80 up is 醉酒驾驶")
    func traffic() throws {
        #expect(code(.trafficViolation, FieldRecordDetails(plate: "冀D12345")) == "missing_field")
        #expect(code(.trafficViolation, FieldRecordDetails(plate: "冀D 12345", violation: .speeding)) == "invalid_plate")
        let speeding = try FieldRecordDetails(violation: .speeding, bloodAlcohol: 50).validated(for: .trafficViolation)
        #expect(speeding.bloodAlcohol == nil && speeding.plate == nil, "a reading means nothing for speeding")
        #expect(code(.trafficViolation, FieldRecordDetails(violation: .drunkDriving)) == "missing_field")
        #expect(code(.trafficViolation, FieldRecordDetails(violation: .drunkDriving, bloodAlcohol: 19.9)) == "invalid_blood_alcohol")
        #expect(code(.trafficViolation, FieldRecordDetails(violation: .drunkDriving, bloodAlcohol: 501)) == "invalid_blood_alcohol")
        #expect(code(.trafficViolation, FieldRecordDetails(violation: .drunkDriving, bloodAlcohol: .nan)) == "invalid_blood_alcohol")
        let drunk = try FieldRecordDetails(plate: "冀D12345", violation: .drunkDriving, bloodAlcohol: 92).validated(for: .trafficViolation)
        #expect(drunk.summary(for: .trafficViolation) == "酒后驾驶（醉酒驾驶，92 mg/100mL） 冀D12345")
        #expect(TrafficViolationKind.drinkLabel(bloodAlcohol: 79.9) == "饮酒驾驶")
    }

    @Test("Venues need a kind and a name; logistics also each of the three 100% items, and only logistics keeps them")
    func venues() throws {
        let all = LogisticsChecks(inspectBeforeSealing: true, realNameRegistration: false, xRayScreening: true)
        #expect(code(.venueInspection, FieldRecordDetails(venueName: "如家")) == "missing_field")
        #expect(code(.venueInspection, FieldRecordDetails(venueKind: .hotel)) == "missing_field")
        #expect(try FieldRecordDetails(venueKind: .hotel, venueName: "如家", logistics: all).validated(for: .venueInspection).logistics == nil)
        #expect(code(.venueInspection, FieldRecordDetails(venueKind: .logistics, venueName: "中通快递磁县网点")) == "missing_logistics_checks")
        let d = try FieldRecordDetails(venueKind: .logistics, venueName: "中通快递磁县网点", logistics: all).validated(for: .venueInspection)
        #expect(d.logistics == all && !all.allMet)
        #expect(d.summary(for: .venueInspection) == "物流寄递：中通快递磁县网点；三个100%：先验视后封箱已落实、寄递实名制未落实、X光机安检已落实")
    }

    @Test("Masked everywhere: the summary and the masked copy show 6 + 4 of the ID number")
    func masking() throws {
        let number = Self.id("13042719850615231")
        let d = try FieldRecordDetails(personName: "张三", idNumber: number).validated(for: .personCheck)
        #expect(d.masked.idNumber == "130427********" + number.suffix(4))
        #expect(d.summary(for: .personCheck) == "张三（130427********\(number.suffix(4))）")
        #expect(!d.summary(for: .personCheck).contains(number))
    }
}

import Foundation
import Testing
@testable import MediationDomain
import PinganDomain

@Suite struct MaskingTests {
    @Test func idNumberKeepsFirstSixAndLastFour() {
        #expect(Masking.idNumber("13042719800101123X") == "130427********123X")
    }
    @Test func phoneKeepsThreeAndFour() {
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.phone("12") == "**")
        #expect(Masking.phone("0310-1234567") == "031*****4567")
    }
    @Test func nameKeepsSurname() { #expect(Masking.name("张三丰") == "张**") }
    @Test func partyMaskedForLists() {
        let p = Party(name: "张三", idNumber: F.validID, phone: "13812345678", role: .applicant).masked
        #expect(p.idNumber == "110105********002X")
        #expect(p.phone == "138****5678")
    }
}

@Suite struct ChineseIDNumberTests {
    @Test func validNumberWithX() throws {
        let id = try ChineseIDNumber("11010519491231002x")
        #expect(id.value == "11010519491231002X")
        #expect(id.sex == .female)
        #expect(id.birthDate.year == 1949)
        #expect(id.regionCode == "110105")
    }
    @Test func checksumMismatchIsClear() {
        #expect(throws: ChineseIDNumber.ValidationError.checksumMismatch(expected: "X", found: "1")) {
            try ChineseIDNumber("110105194912310021")
        }
        let e = ChineseIDNumber.ValidationError.checksumMismatch(expected: "X", found: "1").domainError
        #expect(e.code == "invalid_id_number")
        #expect(e.messageZh.contains("校验位"))
    }
    @Test func wrongLengthAndCharacters() {
        #expect(throws: ChineseIDNumber.ValidationError.wrongLength(17)) { try ChineseIDNumber("11010519491231002") }
        #expect(throws: ChineseIDNumber.ValidationError.invalidCharacter(position: 1)) { try ChineseIDNumber("A1010519491231002X") }
        #expect(throws: ChineseIDNumber.ValidationError.invalidBirthDate("19490231")) { try ChineseIDNumber("110105194902310025") }
    }
    @Test func checkCharacterComputation() {
        #expect(ChineseIDNumber.checkCharacter(for: "11010519491231002") == "X")
        let first17 = "13042719800101123"
        #expect(ChineseIDNumber.isValid(first17 + String(ChineseIDNumber.checkCharacter(for: first17))))
    }
    @Test func partyValidationRejectsBadID() {
        let p = Party(name: "张三", idNumber: "110105194912310021", role: .applicant)
        #expect(throws: DomainError.self) { try p.validate() }
    }
}

@Suite struct CaseNumberTests {
    @Test func formatsWithFullWidthParentheses() {
        #expect(CaseNumber(year: 2026, sequence: 12).description == "（2026）磁人调字第 12 号")
    }
    @Test func roundTrip() throws {
        let n = CaseNumber(year: 2026, sequence: 1234)
        #expect(CaseNumber(n.description) == n)
        #expect(CaseNumber("(2025)磁人调字第3号") == CaseNumber(year: 2025, sequence: 3))
        let json = try JSONEncoder().encode(n)
        #expect(String(decoding: json, as: UTF8.self) == "\"（2026）磁人调字第 1234 号\"")
        #expect(try JSONDecoder().decode(CaseNumber.self, from: json) == n)
    }
    @Test func rejectsGarbage() {
        #expect(CaseNumber("2026磁人调字第 1 号") == nil)
        #expect(CaseNumber("（2026）磁人调字第 0 号") == nil)
        #expect(CaseNumber("（26）磁人调字第 1 号") == nil)
        #expect(CaseNumber("（2026）磁人调字第 x 号") == nil)
    }
    @Test func nextNumber() {
        let existing = [CaseNumber(year: 2026, sequence: 4), CaseNumber(year: 2025, sequence: 90)]
        #expect(CaseNumber.next(year: 2026, existing: existing).sequence == 5)
        #expect(CaseNumber.next(year: 2027, existing: existing).sequence == 1)
    }
}

@Suite struct DateTests {
    @Test func localDateArithmetic() {
        let d = LocalDate(year: 2026, month: 1, day: 31)
        #expect(d.adding(months: 1) == LocalDate(year: 2026, month: 2, day: 28))
        #expect(d.adding(days: 1) == LocalDate(year: 2026, month: 2, day: 1))
        #expect(LocalDate(year: 2024, month: 2, day: 28).adding(days: 1).day == 29)
        #expect(LocalDate(year: 2026, month: 11, day: 28).isoWeekday == 6)
        #expect(LocalDate(daysSinceEpoch: d.daysSinceEpoch) == d)
        #expect(LocalDate("2026-13-01") == nil)
    }
    @Test func shanghaiDayBoundary() {
        // 2026-03-01 16:30 UTC is 2026-03-02 00:30 in Shanghai.
        let date = Date(timeIntervalSince1970: 1_772_382_600)
        #expect(LocalDate(date, in: F.cal) == LocalDate(year: 2026, month: 3, day: 2))
    }
    /// A month typed as 0000-01 (valid by the API's pattern) and its previous three months: the
    /// arithmetic crosses year 0 by floor division (it trapped the server under Schemathesis).
    @Test func monthArithmeticBelowYearZero() {
        #expect(YearMonth(year: 0, month: 1).adding(months: -3) == YearMonth(year: -1, month: 10))
        #expect(YearMonth(year: 0, month: 1).previous == YearMonth(year: -1, month: 12))
        #expect(YearMonth(year: -1, month: 12).adding(months: 1) == YearMonth(year: 0, month: 1))
        #expect(YearMonth(year: 2026, month: 1).adding(months: -25) == YearMonth(year: 2023, month: 12))
        #expect(LocalDate(year: 0, month: 3, day: 31).adding(months: -4) == LocalDate(year: -1, month: 11, day: 30))
    }
    @Test func yearMonthCoding() throws {
        let m = YearMonth(year: 2026, month: 1)
        #expect(m.previous.description == "2025-12")
        #expect(try JSONDecoder().decode(YearMonth.self, from: JSONEncoder().encode(m)) == m)
    }
    @Test func splitMixIsDeterministic() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        #expect(a.uuid() == b.uuid())
    }
}

import Foundation
@testable import PinganDomain
import Testing

/// The password rule, one case per clause, and its API-document pattern agreeing with it.
@Suite("Password rule")
struct PasswordRuleTests {
    @Test("Each clause refuses what it should, with a Chinese and an English reason")
    func clauses() throws {
        let short = try #require(PasswordRule.problem("Ab1-Ab1-", username: "huang"))
        #expect(short.messageZh.contains("至少 10 个字符") && short.message.contains("at least 10"))
        #expect(PasswordRule.problem(String(repeating: "a1", count: 37), username: nil)?.message.contains("longer than 72") == true)
        for oneClass in ["abcdefghijkl", "ABCDEFGHIJKL", "123456789012", "!@#$%^&*()_+", "平安平安平安平安平安"] {
            let p = try #require(PasswordRule.problem(oneClass, username: nil), "\(oneClass)")
            #expect(p.messageZh.contains("至少两类") && p.message.contains("two of"), "\(oneClass)")
        }
        let same = try #require(PasswordRule.problem("Huang.2026x", username: " huang.2026X "))
        #expect(same.messageZh.contains("用户名") && same.message.contains("username"))
        for common in ["password123", "Qwerty1234", "1qaz2wsx3edc", "woaini1314", "Admin@1234"] {
            let p = try #require(PasswordRule.problem(common, username: "huang"), "\(common)")
            #expect(p.messageZh.contains("过于常见") && p.message.contains("common"), "\(common)")
        }
        #expect(Set([short, same].map(\.code)) == ["weak_password"])
    }

    @Test("Passwords a person would choose pass, the demo's documented one included")
    func accepted() {
        for good in ["pingan-demo", "Fuzz-pass-2026", "new-password-1", "磁州镇三里屯调解2026", "Zhang San 1980", "correcthorse9"] {
            #expect(PasswordRule.problem(good, username: "huang") == nil, "\(good)")
        }
        // Exactly ten characters is enough; 72 is the most.
        #expect(PasswordRule.problem("abcdefghi1", username: nil) == nil)
        #expect(PasswordRule.problem(String(repeating: "a1", count: 36), username: nil) == nil)
    }

    /// The API document states the class clause as a pattern without look-arounds; it must say
    /// the same as the rule for every string, or the fuzzer's valid inputs would be refused.
    @Test("The document's pattern and the rule's class clause agree")
    func patternAgrees() throws {
        let regex = try NSRegularExpression(pattern: PasswordRule.mixedClassesPattern)
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("aZ9-bY8.平")
        var samples = ["aaaa", "aaaA", "Aaaa", "1111", "111a", "----", "--a-", "平平平", "平1", "a", "", "zA", "9-"]
        for _ in 0..<2_000 {
            let n = Int.random(in: 1...8, using: &rng)
            samples.append(String((0..<n).map { _ in alphabet.randomElement(using: &rng)! }))
        }
        for s in samples {
            let matches = regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
            let mixed = Set(s.unicodeScalars.map(PasswordRule.CharacterClass.init)).count >= 2
            #expect(matches == mixed, "\(s): pattern \(matches), rule \(mixed)")
        }
    }
}

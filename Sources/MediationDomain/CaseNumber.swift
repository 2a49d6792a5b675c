import Foundation
import PinganDomain

/// An archive case number such as `（2026）磁人调字第 12 号` (full-width parentheses, spaces around N).
///
/// Encoded in JSON as that string.
public struct CaseNumber: Hashable, Comparable, Sendable, StringCodable {
    public var year: Int
    /// The word before 字, e.g. `"磁人调"` (磁县 people's mediation).
    public var prefix: String
    /// Serial number within the year, from 1.
    public var sequence: Int

    /// The county's default prefix.
    public static let defaultPrefix = "磁人调"

    public init(year: Int, prefix: String = CaseNumber.defaultPrefix, sequence: Int) {
        self.year = year
        self.prefix = prefix
        self.sequence = sequence
    }

    /// Formats as `（2026）磁人调字第 12 号`.
    public var description: String { "（\(year)）\(prefix)字第 \(sequence) 号" }

    /// Parses the formatted form. Also accepts ASCII parentheses and missing spaces.
    public init?(_ string: String) {
        var s = Substring(string.trimmingCharacters(in: .whitespaces))
        guard let open = s.first, open == "（" || open == "(" else { return nil }
        s = s.dropFirst()
        guard let close = s.firstIndex(where: { $0 == "）" || $0 == ")" }),
              let year = Int(s[s.startIndex..<close]), s[s.startIndex..<close].count == 4 else { return nil }
        s = s[s.index(after: close)...]
        guard let zi = s.range(of: "字第") else { return nil }
        let prefix = String(s[s.startIndex..<zi.lowerBound])
        s = s[zi.upperBound...]
        guard s.hasSuffix("号") else { return nil }
        let number = s.dropLast().trimmingCharacters(in: .whitespaces)
        guard !prefix.isEmpty, let seq = Int(number), seq > 0, !number.hasPrefix("+") else { return nil }
        self.init(year: year, prefix: prefix, sequence: seq)
    }

    public static func < (a: CaseNumber, b: CaseNumber) -> Bool {
        (a.year, a.prefix, a.sequence) < (b.year, b.prefix, b.sequence)
    }

    /// The next number in the same year: one more than the highest of `existing` for `year`
    /// and `prefix`, or 1.
    public static func next(year: Int, prefix: String = defaultPrefix, existing: [CaseNumber]) -> CaseNumber {
        let top = existing.filter { $0.year == year && $0.prefix == prefix }.map(\.sequence).max() ?? 0
        return CaseNumber(year: year, prefix: prefix, sequence: top + 1)
    }

    public static let stringFormat = "（yyyy）磁人调字第 N 号"
}

import Foundation

/// A validated 18-character resident ID number (GB 11643-1999), e.g. `13042719800101123X`.
public struct ChineseIDNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Why a string is not a valid ID number.
    public enum ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
        /// Not 18 characters long.
        case wrongLength(Int)
        /// A character other than a digit (or a final `X`).
        case invalidCharacter(position: Int)
        /// The birth date (characters 7–14) is not a real date.
        case invalidBirthDate(String)
        /// The check character does not match; `expected` is the right one.
        case checksumMismatch(expected: Character, found: Character)

        public var description: String { domainError.description }

        /// The same error as a bilingual `DomainError` (code `invalid_id_number`).
        public var domainError: DomainError {
            switch self {
            case .wrongLength(let n):
                return .invalid("invalid_id_number", "ID number must have 18 characters, got \(n)", "身份证号码应为 18 位，当前为 \(n) 位")
            case .invalidCharacter(let p):
                return .invalid("invalid_id_number", "invalid character at position \(p)", "身份证号码第 \(p) 位字符无效")
            case .invalidBirthDate(let d):
                return .invalid("invalid_id_number", "invalid birth date \(d)", "身份证号码中的出生日期 \(d) 无效")
            case .checksumMismatch(let e, let f):
                return .invalid("invalid_id_number", "check character is \(f), expected \(e)", "身份证号码校验位错误（应为 \(e)，实为 \(f)）")
            }
        }
    }

    /// The normalised number (upper-case `X`).
    public let value: String

    /// Validates and normalises `string` (trims spaces, lower-case `x` accepted).
    public init(_ string: String) throws(ValidationError) {
        let normalised = string.trimmingCharacters(in: .whitespaces).uppercased()
        try Self.validate(normalised)
        value = normalised
    }

    public var description: String { value }

    /// Masked form for lists: `130427********123X`.
    public var masked: String { Masking.idNumber(value) }

    /// The six-digit administrative division code (e.g. `130427` for 磁县).
    public var regionCode: String { String(value.prefix(6)) }

    /// Birth date components (year, month, day).
    public var birthDate: (year: Int, month: Int, day: Int) {
        let d = Array(value)
        return (Int(String(d[6..<10]))!, Int(String(d[10..<12]))!, Int(String(d[12..<14]))!)
    }

    /// Sex from the 17th digit (odd: male, even: female).
    public var sex: Sex { Int(String(Array(value)[16]))! % 2 == 1 ? .male : .female }

    /// Whether `string` is a valid ID number.
    public static func isValid(_ string: String) -> Bool { (try? ChineseIDNumber(string)) != nil }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The check character for the first 17 digits (which must all be ASCII digits).
    public static func checkCharacter(for first17: String) -> Character {
        let digits = first17.compactMap { $0.wholeNumberValue }
        precondition(digits.count == 17, "need 17 digits")
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    private static func validate(_ s: String) throws(ValidationError) {
        let chars = Array(s)
        guard chars.count == 18 else { throw .wrongLength(chars.count) }
        for (i, c) in chars.enumerated() {
            let ok = c.isASCII && (c.isNumber || (i == 17 && c == "X"))
            if !ok { throw .invalidCharacter(position: i + 1) }
        }
        let dateText = String(chars[6..<14])
        let y = Int(String(chars[6..<10]))!, m = Int(String(chars[10..<12]))!, d = Int(String(chars[12..<14]))!
        guard LocalDate.isValid(year: y, month: m, day: d), y >= 1900 else { throw .invalidBirthDate(dateText) }
        let expected = checkCharacter(for: String(chars[0..<17]))
        guard expected == chars[17] else { throw .checksumMismatch(expected: expected, found: chars[17]) }
    }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(raw) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// Sex of a person, as an ID number encodes it.
public enum Sex: String, Codable, CaseIterable, Sendable, Labelled {
    case male
    case female

    public var label: String { self == .male ? "男" : "女" }
}

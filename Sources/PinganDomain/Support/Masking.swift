/// Masking of personal data for lists and exports (M3: ID numbers and phones masked in lists).
public enum Masking {
    /// Masks a Chinese ID number: first 6 + `********` + last 4, e.g. `130427********1234`.
    /// Shorter or odd values keep at most the first and last character.
    public static func idNumber(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count >= 12 else { return keepEnds(chars, head: 1, tail: 1) }
        return keepEnds(chars, head: 6, tail: 4)
    }

    /// Masks a phone number: `13812345678` → `138****5678`. Short numbers keep the last 2 digits.
    public static func phone(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count >= 7 else { return keepEnds(chars, head: 0, tail: min(2, chars.count)) }
        let masked = String(chars.prefix(3)) + "****" + String(chars.suffix(4))
        return chars.count == 11 ? masked : keepEnds(chars, head: 3, tail: 4)
    }

    /// Masks a person's name, keeping the surname: `张三丰` → `张**`.
    public static func name(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count > 1 else { return value }
        return String(chars[0]) + String(repeating: "*", count: chars.count - 1)
    }

    private static func keepEnds(_ chars: [Character], head: Int, tail: Int) -> String {
        guard chars.count > head + tail else { return String(repeating: "*", count: chars.count) }
        let middle = chars.count - head - tail
        return String(chars.prefix(head)) + String(repeating: "*", count: middle) + String(chars.suffix(tail))
    }
}

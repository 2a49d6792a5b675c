import Foundation

/// When a police call is about the same people as a dispute (X1): the same name, written the
/// way people write it (spaces, full-width letters and the middle dot of minority names vary),
/// plus the same phone number or the same ID number. A name alone is not enough: 王军 is common.
public enum PartyMatch {
    /// Written forms of one person's details, normalised once.
    public struct Key: Hashable, Sendable {
        public var name: String
        public var phone: String?
        public var idNumber: String?
        public init(name: String, phone: String?, idNumber: String?) {
            self.name = PartyMatch.name(name)
            self.phone = PartyMatch.phone(phone)
            self.idNumber = PartyMatch.idNumber(idNumber)
        }
        /// Same person: the names agree and so does a phone or an ID number.
        public func matches(_ other: Key) -> Bool {
            guard !name.isEmpty, name == other.name else { return false }
            if let a = phone, let b = other.phone, a == b { return true }
            if let a = idNumber, let b = other.idNumber, a == b { return true }
            return false
        }

        /// The stored forms of `matches`: name and phone, name and ID number (nil when either part
        /// is missing). Two keys match exactly when one of these is equal, so they are kept on the
        /// party's row at write time and indexed, and recurrences are found by an equality join.
        public var phoneKey: String? { name.isEmpty ? nil : phone.map { name + "|" + $0 } }
        public var idKey: String? { name.isEmpty ? nil : idNumber.map { name + "|" + $0 } }
    }

    /// The name without spaces or middle dots, full-width letters made half-width, Latin lower-cased.
    public static func name(_ s: String) -> String {
        let halfWidth = halfWidth(s)
        return String(halfWidth.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && !"·•．.・".unicodeScalars.contains($0) }
            .map(Character.init)).lowercased()
    }

    /// The digits of a phone number, without a leading +86 / 0086; nil when fewer than 7 digits remain.
    public static func phone(_ s: String?) -> String? {
        guard let s else { return nil }
        var digits = String(halfWidth(s).filter(\.isASCII).filter(\.isNumber))
        for prefix in ["0086", "86"] where digits.count > 11 && digits.hasPrefix(prefix) { digits.removeFirst(prefix.count) }
        return digits.count >= 7 ? digits : nil
    }

    /// Full-width forms made half-width. The ICU transform costs about 9 µs a string, which the
    /// county report's recurrence check paid for some 40,000 parties (most of its time at 100,000
    /// disputes, BENCHMARKS.md): a string of ASCII and CJK ideographs alone, which is nearly every
    /// name and phone, has nothing it would change and is returned as it is.
    static func halfWidth(_ s: String) -> String {
        let plain = s.unicodeScalars.allSatisfy { $0.value < 0x80 || (0x3400...0x9FFF).contains($0.value) }
        return plain ? s : s.applyingTransform(.fullwidthToHalfwidth, reverse: false) ?? s
    }

    /// The ID number upper-cased (the check character X), without spaces; nil when empty.
    public static func idNumber(_ s: String?) -> String? {
        guard let s else { return nil }
        let t = String(s.filter { !$0.isWhitespace }).uppercased()
        return t.isEmpty ? nil : t
    }
}

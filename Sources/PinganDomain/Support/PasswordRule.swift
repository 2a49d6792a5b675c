/// What a password set by a person must be (README "Passwords"): at least `minimumLength` characters
/// (Unicode scalars, as the API document counts), at most `maximumLength`, not all of one character
/// class (lower-case letters, upper-case letters, digits, everything else), not the account's own
/// username, and not one of the passwords every guessing list starts with. The demo's accounts are
/// seeded directly and keep their documented password; the rule applies to passwords people set.
public enum PasswordRule {
    public static let minimumLength = 10
    public static let maximumLength = 72

    /// The same "two classes at least" test as a JSON-Schema pattern without look-arounds (so API
    /// fuzzers can generate matching strings): a run of one class followed by a character of another.
    public static let mixedClassesPattern = "^([a-z]+[^a-z]|[A-Z]+[^A-Z]|[0-9]+[^0-9]|[^A-Za-z0-9]+[A-Za-z0-9])"

    /// Why `password` is refused for `username`, or nil when it is acceptable.
    public static func problem(_ password: String, username: String?) -> DomainError? {
        let n = password.unicodeScalars.count
        if n < minimumLength {
            return invalid("password needs at least \(minimumLength) characters", "密码至少 \(minimumLength) 个字符")
        }
        if n > maximumLength {
            return invalid("password longer than \(maximumLength) characters", "密码不能超过 \(maximumLength) 个字符")
        }
        if Set(password.unicodeScalars.map(CharacterClass.init)).count < 2 {
            return invalid("password must mix at least two of lower-case letters, upper-case letters, digits and symbols",
                           "密码须包含小写字母、大写字母、数字、符号中的至少两类")
        }
        let lowered = password.lowercased()
        if let username, lowered == username.trimmingCharacters(in: .whitespaces).lowercased() {
            return invalid("password must not be the username", "密码不能与用户名相同")
        }
        if commonPasswords.contains(lowered) {
            return invalid("password is on the list of common passwords", "密码过于常见，请换一个")
        }
        return nil
    }

    static func invalid(_ message: String, _ messageZh: String) -> DomainError {
        DomainError(code: "weak_password", message: message, messageZh: messageZh)
    }

    /// Lower-case, upper-case, digit, other: every scalar is in exactly one.
    enum CharacterClass: Hashable {
        case lower, upper, digit, other
        init(_ s: Unicode.Scalar) {
            switch s {
            case "a"..."z": self = .lower
            case "A"..."Z": self = .upper
            case "0"..."9": self = .digit
            default: self = .other
            }
        }
    }

    /// Common passwords of ten or more characters that mix classes (shorter or single-class ones
    /// fail the rules above anyway), compared in lower case: the heads of the leaked-password lists
    /// most used in China and abroad (keyboard walks, 我爱你 5201314, birthdays, product names).
    static let commonPasswords: Set<String> = [
        "password1!", "password12", "password123", "password1234", "passw0rd12", "p@ssw0rd12", "p@ssword123",
        "qwerty1234", "qwerty123456", "qwertyuiop1", "1qaz2wsx3edc", "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4t5",
        "qazwsx1234", "zxcvbnm123", "asdfghjkl1", "abc1234567", "abcd123456", "abc123456789", "a123456789",
        "a1234567890", "aa123456789", "woaini1314", "woaini5201314", "5201314woaini", "iloveyou12", "iloveyou123",
        "admin12345", "admin123456", "admin@1234", "administrator1", "root123456", "test123456", "welcome123",
        "letmein123", "changeme123", "huawei12345", "huawei@123", "pingan12345", "pingan123456", "123456789a",
        "1234567890a", "123456abcd", "123456qwerty", "123qweasdzxc", "qweasdzxc123", "zaq12wsxcde",
    ]
}

import Foundation

/// Field checks shared by every write: each failure names the field and the rule.
package enum Check {
    package static func text(_ value: String, _ field: String, min: Int = 1, max: Int) throws -> String {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard v.count >= min else { throw APIError.validation("\(field) 不能为空 / \(field) is required") }
        guard v.count <= max else { throw APIError.validation("\(field) 不能超过 \(max) 个字符 / \(field) longer than \(max) characters") }
        return v
    }

    package static func optionalText(_ value: String?, _ field: String, max: Int) throws -> String? {
        guard let value else { return nil }
        let v = try text(value, field, min: 0, max: max)
        return v.isEmpty ? nil : v
    }

    package static func username(_ value: String) throws -> String {
        let v = value.trimmingCharacters(in: .whitespaces).lowercased()
        let ok = (3...32).contains(v.count) && v.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        guard ok else { throw APIError.validation("username 须为 3–32 位字母、数字或 ._- / username must be 3–32 of a-z 0-9 . _ -") }
        return v
    }

    /// Bcrypt reads at most 72 bytes, so longer passwords would silently be cut: refuse them.
    package static func password(_ value: String) throws -> String {
        guard value.count >= 8 else { throw APIError.validation("password 至少 8 个字符 / password needs at least 8 characters") }
        guard value.utf8.count <= 72 else { throw APIError.validation("password 不能超过 72 字节 / password longer than 72 bytes") }
        return value
    }
}

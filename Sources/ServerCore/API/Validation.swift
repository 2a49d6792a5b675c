import Foundation
import Vapor

/// Field checks shared by every write: each failure names the field and the rule.
/// Lengths count Unicode scalars before trimming, as JSON Schema's `maxLength` does, so a value
/// the API document allows is never refused for its length and one it forbids never passes.
package enum Check {
    /// White space as the document's `\S` pattern reads it (Python's and PCRE's), trimmed off.
    static let blank = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{1C}\u{1D}\u{1E}\u{1F}"))

    package static func text(_ value: String, _ field: String, min: Int = 1, max: Int) throws -> String {
        guard value.unicodeScalars.count <= max else {
            throw APIError.validation("\(field) 不能超过 \(max) 个字符 / \(field) longer than \(max) characters")
        }
        let v = value.trimmingCharacters(in: blank)
        guard v.unicodeScalars.count >= min else { throw APIError.validation("\(field) 不能为空 / \(field) is required") }
        return v
    }

    package static func optionalText(_ value: String?, _ field: String, max: Int) throws -> String? {
        guard let value else { return nil }
        let v = try text(value, field, min: 0, max: max)
        return v.isEmpty ? nil : v
    }

    /// 3–32 of a-z 0-9 . _ - (upper case is read as lower case), white space around trimmed: the
    /// document's `usernamePattern`.
    package static func username(_ value: String) throws -> String {
        let v = value.trimmingCharacters(in: blank).lowercased()
        let ok = (3...32).contains(v.unicodeScalars.count) && v.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
        guard ok else { throw APIError.validation("username 须为 3–32 位字母、数字或 ._- / username must be 3–32 of a-z 0-9 . _ -") }
        return v
    }
    package static let usernamePattern = "^\\s*[A-Za-z0-9._-]{3,32}\\s*$"
    package static let passwordMinLength = 8
    package static let passwordMaxLength = 72

    /// 8–72 characters (Unicode scalars, as the document counts). Bcrypt reads at most 72 bytes,
    /// so the text it is given is `bcryptInput`, which stays within them for any such password.
    package static func password(_ value: String) throws -> String {
        let n = value.unicodeScalars.count
        guard n >= passwordMinLength else { throw APIError.validation("password 至少 8 个字符 / password needs at least 8 characters") }
        guard n <= passwordMaxLength else { throw APIError.validation("password 不能超过 72 个字符 / password longer than 72 characters") }
        return bcryptInput(value)
    }

    /// The text given to bcrypt for a password: the password itself when it fits bcrypt's 72 bytes
    /// (every password stored before this rule), else its SHA-256 in base64, so no part of a long
    /// password is silently cut off. Login uses the same mapping.
    package static func bcryptInput(_ password: String) -> String {
        guard password.utf8.count > 72 else { return password }
        return "sha256:" + Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}

/// Query-string values, checked: a malformed one is a 400 `invalid_query` naming the parameter and
/// what it accepts, never silently read as absent or false. Absent or empty is nil.
extension Check {
    static func raw(_ req: Request, _ name: String) -> String? {
        guard let v = req.query[String.self, at: name], !v.isEmpty else { return nil }
        return v
    }

    static func invalid(_ name: String, _ value: String, _ expected: String) -> APIError {
        let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
        return APIError.badRequest("\(name)=\(shown) 无效，应为\(expected) / \(name) must be \(expected)", code: "invalid_query")
    }

    /// `true` or `false` (the API document declares a boolean; nothing else is read).
    package static func bool(_ req: Request, _ name: String) throws -> Bool? {
        guard let v = raw(req, name) else { return nil }
        switch v {
        case "true": return true
        case "false": return false
        default: throw invalid(name, v, " true 或 false / true or false")
        }
    }

    /// A decimal integer within `range`.
    package static func int(_ req: Request, _ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let v = raw(req, name) else { return nil }
        guard let n = Int(v), range.contains(n) else {
            throw invalid(name, v, " \(range.lowerBound)…\(range.upperBound) 之间的整数 / an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return n
    }

    /// An RFC 3339 date-time (fractional seconds allowed) or a full date (`2026-03-01`).
    package static func date(_ req: Request, _ name: String) throws -> Date? {
        guard let v = raw(req, name) else { return nil }
        guard let d = parseDate(v) else { throw invalid(name, v, " ISO 8601 日期 / an ISO 8601 date or date-time") }
        return d
    }

    package static func parseDate(_ v: String) -> Date? {
        let iso = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate]] {
            iso.formatOptions = options
            if let d = iso.date(from: v) { return d }
        }
        // RFC 3339 allows a lower-case t and z, and any number of fractional digits.
        let upper = v.uppercased()
        if upper != v, let d = parseDate(upper) { return d }
        if let dot = v.firstIndex(of: "."), let end = v[dot...].firstIndex(where: { !$0.isNumber && $0 != "." }) {
            let digits = v[v.index(after: dot)..<end]
            if digits.count > 3, digits.allSatisfy(\.isNumber) {
                return parseDate(String(v[..<dot]) + "." + digits.prefix(3) + String(v[end...]))
            }
        }
        return nil
    }

    /// A UUID.
    package static func uuid(_ req: Request, _ name: String) throws -> UUID? {
        guard let v = raw(req, name) else { return nil }
        guard let id = UUID(uuidString: v) else { throw invalid(name, v, "有效的编号（UUID）/ a UUID") }
        return id
    }

    /// One of the enumeration's raw values.
    package static func choice<E: RawRepresentable & CaseIterable>(_ req: Request, _ name: String, _: E.Type) throws -> E?
    where E.RawValue == String {
        guard let v = raw(req, name) else { return nil }
        guard let e = E(rawValue: v) else {
            throw invalid(name, v, "：\(E.allCases.map(\.rawValue).joined(separator: ", ")) / one of these")
        }
        return e
    }
}

/// Under `/api/`, a query parameter given without a value (`?to=`, `?dueSoon`) is a 400
/// `invalid_query`: the document declares no parameter that takes an empty value (leave it out
/// instead). Pages are not checked: an HTML form sends its unused fields empty.
package struct EmptyQueryValueMiddleware: AsyncMiddleware {
    package init() {}

    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if req.url.path.hasPrefix("/api/"), let query = req.url.query, !query.isEmpty {
            for item in query.split(separator: "&", omittingEmptySubsequences: false) {
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count < 2 || parts[1].isEmpty {
                    let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                    throw APIError.badRequest("\(name) 的值为空：不用时请省略该参数 / \(name) has no value; leave the parameter out instead",
                                              code: "invalid_query")
                }
            }
        }
        return try await next.respond(to: req)
    }
}

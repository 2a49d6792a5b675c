import Foundation
import PinganDomain
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
    package static let passwordMinLength = PasswordRule.minimumLength
    package static let passwordMaxLength = PasswordRule.maximumLength

    /// A password a person sets for `username`'s account, by `PasswordRule` (10–72 characters counted
    /// as Unicode scalars like the document, two character classes, not the username, not a common
    /// one): a 422 saying which rule failed. Bcrypt reads at most 72 bytes, so the text it is given
    /// is `bcryptInput`, which stays within them for any such password.
    package static func password(_ value: String, username: String?) throws -> String {
        if let problem = PasswordRule.problem(value, username: username) {
            throw APIError.validation("\(problem.messageZh) / \(problem.message)")
        }
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

    package static func parseDate(_ v: String) -> Date? { RFC3339.date(v) }

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

    /// `a,b` of an enum's values (the document's `style: form, explode: false` lists), or nil when absent.
    package static func choices<E: RawRepresentable & CaseIterable>(_ req: Request, _ name: String, _: E.Type) throws -> [E]?
    where E.RawValue == String {
        guard let raw = req.query[String.self, at: name], !raw.isEmpty else { return nil }
        return try raw.split(separator: ",", omittingEmptySubsequences: false).map { v in
            guard let e = E(rawValue: String(v)) else {
                throw APIError.badRequest("\(name)=\(v) 无效，可选：\(E.allCases.map(\.rawValue).joined(separator: ", ")) / invalid \(name)", code: "invalid_query")
            }
            return e
        }
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

/// RFC 3339 dates as JSON Schema's `date-time` and `date` formats define them: `2026-03-01`,
/// `2026-03-01T08:00:00Z`, any fraction of a second, `t`/`z` in lower case, offsets up to ±23:59
/// and a leap second (read as :59). Years 0000–9999, proleptic Gregorian, without a formatter.
package enum RFC3339 {
    package static func date(_ text: String, allowDay: Bool = true) -> Date? {
        Array(text.utf8).withUnsafeBytes { date(utf8: $0, allowDay: allowDay) }
    }

    /// The same, read from UTF-8 bytes (a request body's, without making a string first). Not
    /// generic on purpose: a generic reader called from another module ran unspecialised, slower
    /// than the string it saves (profiled).
    package static func date(utf8 b: UnsafeRawBufferPointer, allowDay: Bool = true) -> Date? {
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for c in b[from..<(from + count)] {
                guard (48...57).contains(c) else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        func at(_ i: Int, _ c: Unicode.Scalar) -> Bool { i < b.count && b[i] == UInt8(c.value) }
        guard let y = num(0, 4), at(4, "-"), let mo = num(5, 2), at(7, "-"), let d = num(8, 2),
              (1...12).contains(mo), (1...daysIn(month: mo, year: y)).contains(d) else { return nil }
        var seconds = Double(daysFromCivil(y, mo, d)) * 86_400
        if b.count == 10 { return allowDay ? Date(timeIntervalSince1970: seconds) : nil }
        guard at(10, "T") || at(10, "t"), let h = num(11, 2), at(13, ":"), let mi = num(14, 2), at(16, ":"), let sec = num(17, 2),
              h <= 23, mi <= 59, sec <= 60 else { return nil }
        seconds += Double(h * 3600 + mi * 60 + min(sec, 59))
        var i = 19
        if at(i, ".") {
            var frac = 0.0, scale = 0.1, digits = 0
            i += 1
            while i < b.count, (48...57).contains(b[i]) { frac += Double(b[i] - 48) * scale; scale /= 10; i += 1; digits += 1 }
            guard digits > 0 else { return nil }
            seconds += frac
        }
        if at(i, "Z") || at(i, "z") {
            i += 1
        } else if at(i, "+") || at(i, "-") {
            let sign: Double = at(i, "+") ? 1 : -1
            guard let oh = num(i + 1, 2), at(i + 3, ":"), let om = num(i + 4, 2), oh <= 23, om <= 59 else { return nil }
            seconds -= sign * Double(oh * 3600 + om * 60)
            i += 6
        } else {
            return nil
        }
        return i == b.count ? Date(timeIntervalSince1970: seconds) : nil
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's civil-from-days inverse).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The JSON decoder of request bodies: dates read as above, so every date the document allows decodes.
    package static var jsonDecoder: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = RFC3339.date(text, allowDay: false) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(text) is not an RFC 3339 date-time")
            }
            return date
        }
        return d
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PatrolDomain
import ServerCore

/// A fast reader for the one body every device sends many times a second: `{"unitId": …, "fixes":
/// [{"lat": …, "lon": …, "at": …, "speed": …, "heading": …, "accuracy": …}, …]}`. Foundation's
/// `JSONDecoder` spent more time on a batch of 200 fixes than the database did storing it
/// (profiled: BENCHMARKS.md). This reader takes the JSON grammar strictly but only this shape: any
/// body it does not fully understand (another key, an escape in a string, a wrong type, a missing
/// field, a time RFC 3339 does not allow) gives nil, and the caller decodes it with `JSONDecoder`,
/// which accepts or refuses it with its usual message. So a body reads the same either way.
enum FixBatchJSON {
    static func decode(_ bytes: UnsafeRawBufferPointer) -> FixBatchRequest? {
        var r = Reader(bytes: bytes)
        guard let batch = r.batch(), r.atEnd else { return nil }
        return batch
    }

    private struct Reader {
        /// Whether C's strtod reads "." as the decimal point here (the process has the C locale's
        /// numbers, as it does unless something calls setlocale); if not, numbers go through Double(String).
        static let strtodReadsPoint: Bool = localeconv().map { String(cString: $0.pointee.decimal_point) == "." } ?? false

        let bytes: UnsafeRawBufferPointer
        var i = 0

        var atEnd: Bool { mutating get { skipSpace(); return i == bytes.count } }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func take(_ c: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == c else { return false }
            i += 1
            return true
        }

        /// An object's members: `member` reads the value of each key and returns the key's number
        /// (0–63), nil for a key it does not know or a value it cannot read. A key given twice is left
        /// to JSONDecoder.
        mutating func object(_ member: (inout Reader, UnsafeRawBufferPointer) -> Int?) -> Bool {
            guard take(UInt8(ascii: "{")) else { return false }
            if take(UInt8(ascii: "}")) { return true }
            var seen: UInt64 = 0
            repeat {
                guard let key = stringBytes(), take(UInt8(ascii: ":")), let k = member(&self, key), seen & (1 << k) == 0 else { return false }
                seen |= 1 << k
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}"))
        }

        static func named(_ key: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
            key.count == name.utf8CodeUnitCount && (key.isEmpty || memcmp(key.baseAddress!, name.utf8Start, key.count) == 0)
        }

        mutating func batch() -> FixBatchRequest? {
            var unit: UUID?, fixes: [Fix]?
            let ok = object { r, key in
                if Self.named(key, "unitId") { unit = r.string().flatMap(UUID.init(uuidString:)); return unit == nil ? nil : 0 }
                if Self.named(key, "fixes") { fixes = r.fixes(); return fixes == nil ? nil : 1 }
                return nil
            }
            guard ok, let unit, let fixes else { return nil }
            return FixBatchRequest(unitId: unit, fixes: fixes)
        }

        mutating func fixes() -> [Fix]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var out: [Fix] = []
            if take(UInt8(ascii: "]")) { return out }
            out.reserveCapacity(256)
            repeat {
                guard let f = fix() else { return nil }
                out.append(f)
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? out : nil
        }

        mutating func fix() -> Fix? {
            var lat: Double?, lon: Double?, at: Date?
            var speed: Double?, heading: Double?, accuracy: Double?
            let ok = object { r, key in
                if Self.named(key, "lat") { lat = r.number(); return lat == nil ? nil : 0 }
                if Self.named(key, "lon") { lon = r.number(); return lon == nil ? nil : 1 }
                if Self.named(key, "at") { at = r.stringBytes().flatMap { RFC3339.date(utf8: $0, allowDay: false) }; return at == nil ? nil : 2 }
                if Self.named(key, "speed") { return r.optionalNumber(&speed) ? 3 : nil }
                if Self.named(key, "heading") { return r.optionalNumber(&heading) ? 4 : nil }
                if Self.named(key, "accuracy") { return r.optionalNumber(&accuracy) ? 5 : nil }
                return nil
            }
            guard ok, let lat, let lon, let at else { return nil }
            return Fix(lat: lat, lon: lon, at: at, speed: speed, heading: heading, accuracy: accuracy)
        }

        /// A number or `null`.
        mutating func optionalNumber(_ value: inout Double?) -> Bool {
            skipSpace()
            if bytes.count - i >= 4, bytes[i] == UInt8(ascii: "n"), bytes[i + 1] == UInt8(ascii: "u"),
               bytes[i + 2] == UInt8(ascii: "l"), bytes[i + 3] == UInt8(ascii: "l") {
                i += 4
                value = nil
                return true
            }
            value = number()
            return value != nil
        }

        /// A string without escapes (a device's key, time or UUID has none; anything else is left to JSONDecoder).
        mutating func string() -> String? {
            stringBytes().map { String(decoding: $0, as: UTF8.self) }
        }

        /// The bytes of such a string, without its quotes.
        mutating func stringBytes() -> UnsafeRawBufferPointer? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                guard bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 else { return nil }
                i += 1
            }
            guard i < bytes.count else { return nil }
            let text = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
            i += 1
            return text
        }

        /// A JSON number, by its grammar (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`), finite.
        mutating func number() -> Double? {
            skipSpace()
            let start = i
            func digits(_ r: inout Reader) -> Int {
                let s = r.i
                while r.i < r.bytes.count, (0x30...0x39).contains(r.bytes[r.i]) { r.i += 1 }
                return r.i - s
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else if digits(&self) == 0 { return nil }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits(&self) > 0 else { return nil }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits(&self) > 0 else { return nil }
            }
            let count = i - start
            guard Self.strtodReadsPoint else {
                let value = Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                return value.flatMap { $0.isFinite ? $0 : nil }
            }
            // The digits, NUL-ended on the stack, read by C's strtod (correctly rounded, as Swift's
            // own Double(String) reads them), without a string made per number.
            let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Double in
                for k in 0..<count { buffer[k] = CChar(bitPattern: bytes[start + k]) }
                buffer[count] = 0
                return strtod(buffer.baseAddress!, nil)
            }
            return value.isFinite ? value : nil
        }
    }
}

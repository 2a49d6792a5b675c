import Foundation

/// How the county's messaging gateway and Pingan sign what they send each other (P8): an
/// HMAC-SHA256, keyed with a shared secret, over the Unix timestamp, a dot and the raw body, sent
/// as `X-Pingan-Timestamp: 1733390000` and `X-Pingan-Signature: sha256=<64 hex digits>`. Signing
/// the timestamp with the body means a captured request cannot be replayed later under a new
/// time; the receiver refuses one whose time is too far from its own. The MAC itself is computed
/// by the caller (the server has a crypto library; the domain stays free of one).
public enum WebhookSignature {
    public static let timestampHeader = "X-Pingan-Timestamp"
    public static let signatureHeader = "X-Pingan-Signature"
    /// The id a receiver de-duplicates on: the same for every attempt of one delivery.
    public static let deliveryHeader = "X-Pingan-Delivery"
    public static let scheme = "sha256="
    /// How far a signed time may be from the receiver's clock, either way.
    public static let defaultTolerance: TimeInterval = 300

    /// The bytes the MAC is computed over: `"<timestamp>." + body`.
    public static func message(timestamp: Int, body: [UInt8]) -> [UInt8] {
        Array("\(timestamp).".utf8) + body
    }

    /// `sha256=<hex>` for a MAC.
    public static func header(mac: [UInt8]) -> String {
        scheme + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The MAC a `sha256=<hex>` header carries, or nil when it is not one (any other scheme,
    /// odd or non-hex digits, not 32 bytes).
    public static func mac(fromHeader value: String) -> [UInt8]? {
        let v = value.trimmingCharacters(in: .whitespaces)
        guard v.lowercased().hasPrefix(scheme) else { return nil }
        let hex = Array(v.dropFirst(scheme.count).utf8)
        guard hex.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        var i = 0
        while i < hex.count {
            guard let hi = nibble(hex[i]), let lo = nibble(hex[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// The timestamp header as whole seconds, or nil (empty, signed, fractional, absurdly long).
    public static func timestamp(fromHeader value: String) -> Int? {
        let v = value.trimmingCharacters(in: .whitespaces)
        guard !v.isEmpty, v.count <= 12, v.allSatisfy(\.isASCII), v.allSatisfy(\.isNumber) else { return nil }
        return Int(v)
    }

    /// Whether a signed time is close enough to `now`: older than `tolerance` is stale (a replay
    /// of an old capture), further ahead than `tolerance` is from a clock that cannot be trusted.
    public static func isFresh(timestamp: Int, now: Date, tolerance: TimeInterval = defaultTolerance) -> Bool {
        abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance
    }

    /// Compares two MACs in time that does not depend on where they first differ, so a forger
    /// cannot find the right one byte by byte from response times.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

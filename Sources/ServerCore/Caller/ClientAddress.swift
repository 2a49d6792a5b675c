import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One IPv4 or IPv6 address as its bytes (4 or 16); an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`)
/// is read as the IPv4 address it carries, so a dual-stack listener's peers match IPv4 ranges.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        var s = text.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("["), let end = s.firstIndex(of: "]") { s = String(s[s.index(after: s.startIndex)..<end]) }  // [v6]:port
        if let pct = s.firstIndex(of: "%") { s = String(s[..<pct]) }  // zone id
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, s, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, s, &v6) == 1 {
            let b = withUnsafeBytes(of: &v6) { Array($0) }
            bytes = b.prefix(10).allSatisfy { $0 == 0 } && b[10] == 0xFF && b[11] == 0xFF ? Array(b.suffix(4)) : b
        } else {
            return nil
        }
    }

    public var description: String {
        var out = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &out, socklen_t(out.count)) }
        return String(cString: out)
    }
}

/// An address block: `10.0.0.0/8`, `fd00::/8`, or one address (all its bits).
public struct IPRange: Hashable, Sendable, CustomStringConvertible {
    public let base: IPAddress
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let base = IPAddress(String(parts[0])) else { return nil }
        let bits = base.bytes.count * 8
        let prefix = parts.count == 2 ? Int(parts[1]) : bits
        guard let prefix, (0...bits).contains(prefix) else { return nil }
        self.base = base
        self.prefix = prefix
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == base.bytes.count else { return false }
        var left = prefix
        for (a, b) in zip(address.bytes, base.bytes) where left > 0 {
            let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
            if a & mask != b & mask { return false }
            left -= 8
        }
        return true
    }

    public var description: String { "\(base)/\(prefix)" }

    /// A setting's list of addresses and blocks, separated by commas (blanks ignored): nil when an
    /// entry is neither. Every address-list setting reads through this one parser.
    public static func list(parsing text: String) -> [IPRange]? {
        var ranges: [IPRange] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let r = IPRange(entry) else { return nil }
            ranges.append(r)
        }
        return ranges
    }
}

/// The proxies whose `X-Forwarded-For` the server believes (`PINGAN_TRUSTED_PROXIES`, addresses
/// or CIDR blocks separated by commas; none by default).
public struct TrustedProxies: Hashable, Sendable {
    public var ranges: [IPRange]

    public init(_ ranges: [IPRange] = []) { self.ranges = ranges }

    /// Parses the setting: nil when an entry is neither an address nor a block.
    public init?(parsing text: String) {
        guard let ranges = IPRange.list(parsing: text) else { return nil }
        self.ranges = ranges
    }

    public func contains(_ address: String) -> Bool {
        guard let ip = IPAddress(address) else { return false }
        return ranges.contains { $0.contains(ip) }
    }
}

/// The address of the person at the other end, for the login throttle, audit and metrics.
///
/// It is the TCP peer, unless the peer is a trusted proxy: then `X-Forwarded-For` is read from the
/// right (each proxy appends the address it saw) and the first address that is not itself a
/// trusted proxy is the client. Anything left of that was written by the client and may be forged,
/// so it is never used; from an untrusted peer the header is ignored altogether.
package enum ClientAddress {
    package static func resolve(peer: String?, forwardedFor: [String], trusted: TrustedProxies) -> String? {
        guard let peer, trusted.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard let ip = IPAddress(hop) else { return peer }  // garbage from a proxy: stop at what we know
            if !trusted.ranges.contains(where: { $0.contains(ip) }) { return ip.description }
        }
        return hops.first.flatMap(IPAddress.init)?.description ?? peer  // every hop trusted: the left-most
    }
}

extension Request {
    /// The client's address as `ClientAddress` resolves it with the configured trusted proxies.
    package var clientAddress: String? {
        ClientAddress.resolve(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor],
                              trusted: application.settings.trustedProxies)
    }
}

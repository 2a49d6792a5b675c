import Foundation

/// Addresses and networks allowed to scrape `/metrics` (`PINGAN_METRICS_ALLOW`): IPv4 and IPv6
/// addresses and CIDR blocks, comma-separated (`127.0.0.1,::1,10.20.0.0/16`), read as
/// `PINGAN_TRUSTED_PROXIES` is read (`ClientAddress`). An empty list allows no one.
public struct AddressAllowList: Sendable, Equatable, CustomStringConvertible {
    public let ranges: [IPRange]

    public static let loopback = AddressAllowList(parsing: "127.0.0.1,::1")!

    /// Parses the setting: nil when an entry is neither an address nor a block.
    public init?(parsing text: String) {
        guard let list = TrustedProxies(parsing: text) else { return nil }  // the same list, read the same way
        ranges = list.ranges
    }

    /// Whether `address` (as `SocketAddress.ipAddress` or a proxy header writes it) lies in a block.
    public func allows(_ address: String?) -> Bool {
        guard let address else { return false }
        return TrustedProxies(ranges).contains(address)
    }

    public var description: String { ranges.isEmpty ? "(none)" : ranges.map(\.description).joined(separator: ",") }
}

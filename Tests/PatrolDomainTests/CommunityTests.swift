import Foundation
import PatrolDomain
import Testing

/// The pure rules of P8's webhooks: what is signed and how the header reads, the freshness
/// window, the constant-time comparison, and the backoff's doubling, cap and jitter.
@Suite("Community webhook rules")
struct CommunityTests {
    @Test("The signed message is the timestamp, a dot and the body; the header is sha256= and 64 hex digits")
    func message() {
        #expect(WebhookSignature.message(timestamp: 1_700_000_000, body: Array("{}".utf8)) == Array("1700000000.{}".utf8))
        let mac: [UInt8] = (0..<32).map { UInt8($0 * 7 & 0xff) }
        let header = WebhookSignature.header(mac: mac)
        #expect(header.hasPrefix("sha256=") && header.count == 7 + 64)
        #expect(WebhookSignature.mac(fromHeader: header) == mac)
        #expect(WebhookSignature.mac(fromHeader: header.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256=")) == mac)
    }

    @Test("Headers that are not a sha256 MAC or a whole-second time are refused", arguments: [
        "", "sha256=", "sha1=" + String(repeating: "ab", count: 20), "sha256=" + String(repeating: "zz", count: 32),
        "sha256=" + String(repeating: "ab", count: 31), "sha256=" + String(repeating: "ab", count: 33), String(repeating: "ab", count: 32),
    ])
    func badMAC(_ header: String) {
        #expect(WebhookSignature.mac(fromHeader: header) == nil)
    }

    @Test("Timestamps: whole seconds only")
    func timestamps() {
        #expect(WebhookSignature.timestamp(fromHeader: "1700000000") == 1_700_000_000)
        for bad in ["", "-5", "1.5", "1e9", "abc", "１２３", "9999999999999"] { #expect(WebhookSignature.timestamp(fromHeader: bad) == nil, "\(bad)") }
    }

    @Test("Fresh within 5 minutes either way; stale or future beyond")
    func freshness() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(WebhookSignature.isFresh(timestamp: 1_700_000_000 - 300, now: now))
        #expect(WebhookSignature.isFresh(timestamp: 1_700_000_000 + 300, now: now))
        #expect(!WebhookSignature.isFresh(timestamp: 1_700_000_000 - 301, now: now))
        #expect(!WebhookSignature.isFresh(timestamp: 1_700_000_000 + 301, now: now))
    }

    @Test("MACs compare equal only when every byte is")
    func equal() {
        let a: [UInt8] = [1, 2, 3, 4]
        #expect(WebhookSignature.equal(a, a))
        #expect(!WebhookSignature.equal(a, [1, 2, 3, 5]))
        #expect(!WebhookSignature.equal(a, [9, 2, 3, 4]))
        #expect(!WebhookSignature.equal(a, [1, 2, 3]))
    }

    @Test("Backoff doubles from the base up to the cap, and the jitter keeps it in the upper half")
    func backoff() {
        let b = DeliveryBackoff(base: 10, cap: 300)
        #expect((1...7).map { b.ceiling(afterAttempts: $0) } == [10, 20, 40, 80, 160, 300, 300])
        #expect(b.ceiling(afterAttempts: 10_000) == 300, "no overflow however long the gateway is down")
        #expect(b.delay(afterAttempts: 3, unit: 0) == 20)
        #expect(b.delay(afterAttempts: 3, unit: 1) == 40)
        #expect(b.delay(afterAttempts: 3, unit: 0.5) == 30)
        #expect(b.delay(afterAttempts: 3, unit: 7) == 40, "a draw outside 0…1 is clamped")
        var seen = Set<Double>()
        for _ in 0..<200 {
            let d = b.delay(afterAttempts: 2, unit: Double.random(in: 0...1))
            #expect((10...20).contains(d))
            seen.insert(d)
        }
        #expect(seen.count > 50, "the jitter spreads the retries")
    }
}

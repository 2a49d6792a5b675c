import Foundation

/// When a failed webhook delivery is tried again (P8): exponential backoff with jitter, capped.
/// The n-th retry waits `min(cap, base × 2^(n−1))`, of which the upper half is drawn at random,
/// so after a gateway outage the queued notices of several instances do not all come back in the
/// same second. There is no last attempt: a notice is kept until the gateway takes it.
public struct DeliveryBackoff: Sendable, Equatable {
    public var base: TimeInterval
    public var cap: TimeInterval

    public init(base: TimeInterval = 10, cap: TimeInterval = 1800) {
        precondition(base > 0 && cap >= base, "backoff needs 0 < base ≤ cap")
        self.base = base; self.cap = cap
    }

    /// The ceiling of the wait after `attempts` failed attempts (1 after the first failure).
    public func ceiling(afterAttempts attempts: Int) -> TimeInterval {
        let n = max(1, attempts)
        // 2^(n−1) overflows a Double only far past any cap; stop doubling once the cap is reached.
        var d = base
        var i = 1
        while i < n && d < cap { d *= 2; i += 1 }
        return min(cap, d)
    }

    /// The wait after `attempts` failed attempts, `unit` a random draw in 0…1 (injected so a
    /// test can pin it): between half the ceiling and the ceiling.
    public func delay(afterAttempts attempts: Int, unit: Double) -> TimeInterval {
        let c = ceiling(afterAttempts: attempts)
        return c / 2 + c / 2 * min(1, max(0, unit))
    }
}

import Foundation

/// Counts failed logins per username and address; after `limit` failures within the lock window
/// further attempts are refused until it passes. In memory: a restart forgives, which is fine for
/// slowing password guessing on one county server.
package actor LoginThrottle {
    package let limit: Int
    package let lockSeconds: Int
    private var failures: [String: [Date]] = [:]

    package init(limit: Int, lockSeconds: Int) {
        self.limit = limit
        self.lockSeconds = lockSeconds
    }

    package static func key(username: String, address: String?) -> String {
        username.lowercased() + "|" + (address ?? "-")
    }

    /// Seconds to wait before another try, or nil when a try is allowed now.
    package func retryAfter(_ key: String, now: Date) -> Int? {
        let window = now.addingTimeInterval(-Double(lockSeconds))
        let recent = (failures[key] ?? []).filter { $0 > window }
        failures[key] = recent.isEmpty ? nil : recent
        guard recent.count >= limit, let oldest = recent.suffix(limit).first else { return nil }
        return max(1, Int(oldest.addingTimeInterval(Double(lockSeconds)).timeIntervalSince(now).rounded(.up)))
    }

    package func recordFailure(_ key: String, now: Date) {
        failures[key, default: []].append(now)
    }

    package func recordSuccess(_ key: String) {
        failures[key] = nil
    }
}

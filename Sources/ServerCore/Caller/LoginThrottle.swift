import Fluent
import Foundation
import SQLKit

/// Counts failed logins per username and client address; after `limit` failures within the lock
/// window further attempts are refused until it passes. The failures live in the database
/// (`login_failures`), so every instance behind a proxy sees the same count: guessing on one
/// instance locks the login on all of them, and a restart forgives nothing.
package struct LoginThrottle: Sendable {
    package let limit: Int
    package let lockSeconds: Int

    package init(limit: Int, lockSeconds: Int) {
        self.limit = limit
        self.lockSeconds = lockSeconds
    }

    /// The address is the client's as `ClientAddress` resolves it (never a forged header).
    package static func key(username: String, address: String?) -> String {
        username.lowercased() + "|" + (address ?? "-")
    }

    /// Seconds to wait before another try, or nil when a try is allowed now.
    package func retryAfter(_ key: String, now: Date, on db: any Database) async throws -> Int? {
        let window = now.addingTimeInterval(-Double(lockSeconds))
        let recent = try await LoginFailureModel.query(on: db).filter(\.$key == key).filter(\.$at > window)
            .sort(\.$at, .descending).limit(limit).all().map(\.at)
        guard recent.count >= limit, let oldest = recent.last else { return nil }
        return max(1, Int(oldest.addingTimeInterval(Double(lockSeconds)).timeIntervalSince(now).rounded(.up)))
    }

    /// Records one failure and forgets every failure older than the window (of any key), so the
    /// table holds only what can still lock someone out.
    package func recordFailure(_ key: String, now: Date, on db: any Database) async throws {
        try await LoginFailureModel.query(on: db).filter(\.$at <= now.addingTimeInterval(-Double(lockSeconds))).delete()
        try await LoginFailureModel(key: key, at: now).create(on: db)
    }

    package func recordSuccess(_ key: String, on db: any Database) async throws {
        try await LoginFailureModel.query(on: db).filter(\.$key == key).delete()
    }
}

/// One failed login: who tried (username and client address, `LoginThrottle.key`) and when.
package final class LoginFailureModel: Model, @unchecked Sendable {
    package static let schema = "login_failures"
    @ID(key: .id) package var id: UUID?
    @Field(key: "throttle_key") package var key: String
    @Field(key: "at") package var at: Date

    package init() {}

    package init(key: String, at: Date) {
        self.key = key
        self.at = at
    }
}

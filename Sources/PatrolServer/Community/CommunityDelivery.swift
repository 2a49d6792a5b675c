import Crypto
import Fluent
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PatrolDomain
import ServerCore
import SQLKit
import Vapor

/// Sends the outbox's due deliveries to the messaging gateway (P8): each as a POST of its frozen
/// body, signed (`WebhookSignature`) and carrying its delivery id, through `app.client` with a
/// short timeout. A 2xx delivers it; anything else (a refused connection, a timeout, a 500) is an
/// attempt recorded with its error, and the delivery is tried again after `DeliveryBackoff`.
///
/// Rows are claimed one at a time with a lease (`lease_until`) by a single UPDATE: on PostgreSQL
/// its subquery takes the row `FOR UPDATE SKIP LOCKED`, so instances sending at once never take
/// the same row; on SQLite the one writer does the same. A crashed sender's lease runs out and
/// the row is taken again — the gateway de-duplicates on the delivery id.
package struct CommunityDelivery: Sendable {
    /// How deliveries are timed; tests shorten and pin them.
    package struct Config: Sendable {
        package var backoff = DeliveryBackoff()
        package var timeout: TimeAmount = .seconds(5)
        /// How long a claimed row is held before another sender may take it: well past `timeout`.
        package var lease: TimeInterval = 60
        /// At most this many deliveries per run.
        package var batch = 50
        /// Seconds between runs while the app serves.
        package var pollSeconds: Int64 = 5
        /// The jitter's random draw in 0…1.
        package var jitter: @Sendable () -> Double = { Double.random(in: 0...1) }
        package init() {}
    }

    /// What one run did.
    package struct Report: Sendable, Equatable {
        package var delivered = 0
        package var failed = 0
    }

    let app: Application
    package init(app: Application) { self.app = app }

    /// Sends every delivery due at `now` (up to the batch). Does nothing while no gateway is
    /// configured: the notices wait, shown as such. One run at a time per instance.
    @discardableResult
    package func run(now: Date) async throws -> Report {
        guard let url = app.settings.gatewayURL, let secret = app.settings.gatewaySecret else { return Report() }
        guard app.communityDelivery.begin() else { return Report() }
        defer { app.communityDelivery.end() }
        let config = app.communityDelivery.config
        var report = Report()
        for _ in 0..<config.batch {
            guard let row = try await claim(now: now, lease: config.lease) else { break }
            let outcome = await send(row, to: url, secret: secret, timeout: config.timeout)
            try await record(outcome, of: row, now: now, config: config)
            if outcome.delivered { report.delivered += 1 } else { report.failed += 1 }
        }
        return report
    }

    // MARK: Claim

    /// Takes the next due row for this sender: its lease set in the same statement that finds it.
    func claim(now: Date, lease: TimeInterval) async throws -> CommunityDeliveryModel? {
        guard let sql = app.db as? any SQLDatabase else { return nil }
        let lock: SQLQueryString = app.db is any SQLiteDatabase ? "" : " FOR UPDATE SKIP LOCKED"
        let rows = try await sql.raw("""
            UPDATE \(ident: CommunityDeliveryModel.schema) SET "lease_until" = \(bind: now.addingTimeInterval(lease))
            WHERE "id" = (SELECT "id" FROM \(ident: CommunityDeliveryModel.schema)
                          WHERE "status" <> \(bind: DeliveryStatus.delivered.rawValue) AND "next_attempt_at" <= \(bind: now)
                            AND ("lease_until" IS NULL OR "lease_until" <= \(bind: now))
                          ORDER BY "next_attempt_at", "id" LIMIT 1\(lock))
            RETURNING "id"
            """).all()
        guard let id = try rows.first?.decode(column: "id", as: UUID.self) else { return nil }
        return try await CommunityDeliveryModel.find(id, on: app.db)
    }

    // MARK: Send

    struct Outcome: Sendable { var delivered: Bool; var httpStatus: Int?; var error: String? }

    /// One POST of the row's body. Never throws: every way it can fail is an outcome to record.
    func send(_ row: CommunityDeliveryModel, to url: String, secret: String, timeout: TimeAmount) async -> Outcome {
        let body = Array(row.body.utf8)
        let timestamp = Int(app.clock.now().timeIntervalSince1970)
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: WebhookSignature.timestampHeader, value: String(timestamp))
        headers.replaceOrAdd(name: WebhookSignature.signatureHeader, value: Self.signature(secret: secret, timestamp: timestamp, body: body))
        headers.replaceOrAdd(name: WebhookSignature.deliveryHeader, value: row.id?.uuidString ?? "")
        var request = ClientRequest(method: .POST, url: URI(string: url), headers: headers, body: ByteBuffer(bytes: body), timeout: timeout)
        request.headers.replaceOrAdd(name: HTTPHeaders.Name.userAgent, value: "Pingan-Webhook/1")
        do {
            let res = try await app.client.send(request)
            if (200..<300).contains(res.status.code) { return Outcome(delivered: true, httpStatus: Int(res.status.code)) }
            return Outcome(delivered: false, httpStatus: Int(res.status.code), error: "网关应答 HTTP \(res.status.code)")
        } catch {
            return Outcome(delivered: false, error: String("\(error)".prefix(300)))
        }
    }

    /// `sha256=<hex>` of HMAC-SHA256(secret, timestamp + "." + body).
    package static func signature(secret: String, timestamp: Int, body: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: WebhookSignature.message(timestamp: timestamp, body: body), using: SymmetricKey(data: Array(secret.utf8)))
        return WebhookSignature.header(mac: Array(mac))
    }

    // MARK: Record

    /// The attempt and the row's new state, in one transaction; the lease is given back.
    func record(_ outcome: Outcome, of row: CommunityDeliveryModel, now: Date, config: Config) async throws {
        let id = try row.requireID()
        let attempt = CommunityDeliveryAttemptModel()
        attempt.deliveryID = id
        attempt.attempt = row.attempts + 1
        attempt.at = now
        attempt.delivered = outcome.delivered
        attempt.httpStatus = outcome.httpStatus
        attempt.error = outcome.error
        row.attempts += 1
        row.lastAttemptAt = now
        row.leaseUntil = nil
        if outcome.delivered {
            row.status = DeliveryStatus.delivered.rawValue
            row.deliveredAt = now
            row.lastError = nil
        } else {
            row.status = DeliveryStatus.retrying.rawValue
            row.lastError = outcome.error
            row.nextAttemptAt = now.addingTimeInterval(config.backoff.delay(afterAttempts: row.attempts, unit: config.jitter()))
        }
        let logged: [String: String] = ["status": row.status, "attempt": String(row.attempts), "http": outcome.httpStatus.map(String.init) ?? "",
                                        "error": outcome.error ?? "", "next": outcome.delivered ? "" : ISO8601DateFormatter().string(from: row.nextAttemptAt)]
        try await app.db.writeTransaction { tx in
            try await attempt.create(on: tx)
            try await row.save(on: tx)
            try await AuditLog.record(on: tx, at: now, actor: nil, actorName: "gateway delivery",
                                      action: outcome.delivered ? "community.delivery.delivered" : "community.delivery.failed",
                                      entityType: "community_notice", entityID: row.noticeID, before: Nothing?.none, after: logged)
        }
    }

    /// The status a page shows: a queued notice while no gateway is configured says so.
    static func shownStatus(_ row: CommunityDeliveryModel, configured: Bool) -> DeliveryStatus {
        let stored = DeliveryStatus(rawValue: row.status) ?? .pending
        return stored != .delivered && !configured ? .unconfigured : stored
    }
}

/// Each application's delivery settings and its one-run-at-a-time flag.
package final class CommunityDeliveryState: Sendable {
    private let box = NIOLockedValueBox<(config: CommunityDelivery.Config, busy: Bool)>((CommunityDelivery.Config(), false))
    package var config: CommunityDelivery.Config {
        get { box.withLockedValue { $0.config } }
        set { box.withLockedValue { $0.config = newValue } }
    }
    func begin() -> Bool { box.withLockedValue { if $0.busy { return false }; $0.busy = true; return true } }
    func end() { box.withLockedValue { $0.busy = false } }
}

extension Application {
    private struct CommunityDeliveryKey: StorageKey { typealias Value = CommunityDeliveryState }
    package var communityDelivery: CommunityDeliveryState {
        sharedService(CommunityDeliveryKey.self) { CommunityDeliveryState() }
    }
}

import Foundation
import Logging
import FluentPostgresDriver
import ServerCore
import SQLKit
import Vapor

/// Where live updates go: this instance's subscribers at once, and on PostgreSQL every other
/// instance through `NOTIFY` (each instance listens on one channel and replays what others sent
/// to its own subscribers and its book of live positions). A failed NOTIFY is logged, never
/// failing the write it reports: the fix is already committed.
package final class LiveFeed: Sendable {
    package let hub = LiveHub()
    /// This instance's name in the events it sends.
    package let origin = UUID().uuidString
    /// The NOTIFY channel, nil on SQLite (one instance per file).
    package let channel: String?

    init(settings: Settings) {
        if case .postgres = settings.database {
            // One channel per schema: tests share a database, each in a schema of its own.
            let schema = (settings.postgresSchema ?? "public").lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }
            channel = "pingan_live_" + schema
        } else {
            channel = nil
        }
    }

    /// Publishes `event` here and to the other instances.
    /// The JSON is made once, for the subscribers and the NOTIFY alike.
    package func publish(_ event: LiveEvent, db: any Database, logger: Logger) async {
        guard let data = try? LiveJSON.encoder.encode(event) else { return }
        let json = String(decoding: data, as: UTF8.self)
        await hub.publish(event, json: json)
        guard let channel, let sql = db as? any SQLDatabase else { return }
        do {
            try await sql.raw("SELECT pg_notify(\(bind: channel), \(bind: json))").run()
        } catch {
            logger.warning("live NOTIFY failed: \(error)")
        }
    }
}

/// The live stream's JSON: times to the millisecond, so a subscriber can measure its delay.
package enum LiveJSON {
    static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    package static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(date.formatted(style))
        }
        return e
    }()

    package static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = try? style.parse(text) ?? Date.ISO8601FormatStyle().parse(text) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time: \(text)"))
        }
        return d
    }()
}

extension Application {
    private struct LiveFeedKey: StorageKey { typealias Value = LiveFeed }

    /// The app's one live feed.
    package var liveFeed: LiveFeed {
        sharedService(LiveFeedKey.self) { LiveFeed(settings: settings) }
    }
}

extension Request {
    /// Publishes `event` on the app's live feed.
    package func publishLive(_ event: LiveEvent) async {
        await application.liveFeed.publish(event, db: db, logger: logger)
    }
}

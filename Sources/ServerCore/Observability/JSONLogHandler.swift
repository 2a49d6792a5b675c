import Foundation
import Logging
import NIOConcurrencyHelpers

/// One JSON object per line — `timestamp` (UTC, milliseconds), `level`, `label`, `message`,
/// `metadata` (the request's `request-id` among it), `source`, and `error` when one was logged —
/// for a log collector that reads structured lines (`PINGAN_LOG_FORMAT=json`).
package struct JSONLogHandler: LogHandler {
    /// Where finished lines go: standard output by default, a buffer in the tests.
    package typealias Sink = @Sendable (String) -> Void

    package let label: String
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    private let sink: Sink

    package init(label: String, level: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil,
                 sink: @escaping Sink = JSONLogHandler.standardOutput) {
        self.label = label; self.logLevel = level; self.metadataProvider = metadataProvider; self.sink = sink
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        // The handler's own, then the provider's (task-local context), then the call's: the nearer wins.
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var object: [String: Any] = [
            "timestamp": Self.timestamp(Date()),
            "level": event.level.rawValue,
            "label": label,
            "message": event.message.description,
            "source": event.source,
        ]
        if !merged.isEmpty { object["metadata"] = merged.mapValues(Self.json) }
        if let error = event.error { object["error"] = String(describing: error) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        sink(String(decoding: data, as: UTF8.self))
    }

    /// A metadata value as JSON: strings and string-convertibles as strings, arrays and
    /// dictionaries as such.
    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        case .array(let a): a.map(json)
        case .dictionary(let d): d.mapValues(json)
        }
    }

    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static func timestamp(_ date: Date) -> String { date.formatted(style) }

    /// One line at a time to standard output, whole: lines from two threads never interleave.
    package static let standardOutput: Sink = { line in
        outputLock.withLock { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }
    private static let outputLock = NIOLock()
}

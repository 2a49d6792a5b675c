import Foundation
import Logging
import NIOConcurrencyHelpers
@testable import ServerCore
import Testing

/// `PINGAN_LOG_FORMAT=json`: every line the handler writes is one JSON object with the fields a
/// collector reads, the request id among the metadata.
@Suite("JSON log lines")
struct JSONLogHandlerTests {
    /// A logger writing into `lines` instead of standard output.
    static func logger(_ lines: NIOLockedValueBox<[String]>, level: Logger.Level = .info) -> Logger {
        Logger(label: "pingan.test") { label in
            JSONLogHandler(label: label, level: level) { line in lines.withLockedValue { $0.append(line) } }
        }
    }

    @Test("A line is one JSON object: timestamp, level, label, message, source and metadata with the request id")
    func fields() throws {
        let lines = NIOLockedValueBox<[String]>([])
        var log = Self.logger(lines)
        log[metadataKey: "request-id"] = "req-42"
        log.info("已受理 \"纠纷\"\n第二行", metadata: ["count": .stringConvertible(3), "tags": .array(["a", "b"]), "request-id": "req-43"])
        log.debug("below the level")
        log.error("failed", metadata: ["where": .dictionary(["table": "disputes"])])

        let written = lines.withLockedValue { $0 }
        #expect(written.count == 2, "the debug line is below the level")
        #expect(written.allSatisfy { !$0.contains("\n") }, "one object per line, newlines escaped")
        let first = try #require(try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: Any])
        #expect(first["level"] as? String == "info")
        #expect(first["label"] as? String == "pingan.test")
        #expect(first["message"] as? String == "已受理 \"纠纷\"\n第二行")
        #expect(first["source"] as? String == "PinganServerTests")
        let metadata = try #require(first["metadata"] as? [String: Any])
        #expect(metadata["request-id"] as? String == "req-43", "the call's metadata wins over the logger's")
        #expect(metadata["count"] as? String == "3")
        #expect(metadata["tags"] as? [String] == ["a", "b"])
        let stamp = try #require(first["timestamp"] as? String)
        let parsed = try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(stamp)
        #expect(abs(parsed.timeIntervalSinceNow) < 60 && stamp.hasSuffix("Z"))

        let second = try #require(try JSONSerialization.jsonObject(with: Data(written[1].utf8)) as? [String: Any])
        #expect(second["level"] as? String == "error")
        let where_ = (second["metadata"] as? [String: Any])?["where"] as? [String: String]
        #expect(where_ == ["table": "disputes"])
        #expect((second["metadata"] as? [String: Any])?["request-id"] as? String == "req-42", "the logger's own metadata")
    }
}

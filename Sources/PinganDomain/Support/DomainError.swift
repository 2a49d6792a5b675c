import Foundation

/// An error raised by the domain rules, with a stable machine code and a bilingual message.
///
/// `code` is stable and meant for API clients (e.g. `"invalid_transition"`, `"version_conflict"`);
/// `messageZh` is shown to users, `message` is the English form for logs.
public struct DomainError: Error, Equatable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// Stable snake_case code, e.g. `"invalid_transition"`.
    public var code: String
    /// English message.
    public var message: String
    /// Chinese message for display.
    public var messageZh: String

    /// The kind when the code alone does not say it (see `kind`).
    public var declaredKind: Kind?

    public init(code: String, message: String, messageZh: String, kind: Kind? = nil) {
        self.code = code
        self.message = message
        self.messageZh = messageZh
        self.declaredKind = kind
    }

    public var description: String { "\(code): \(messageZh) / \(message)" }
}

extension DomainError {
    /// A stage transition that the workflow does not allow.
    public static func invalidTransition(event: String, eventZh: String, stage: String, stageZh: String) -> DomainError {
        DomainError(
            code: "invalid_transition",
            message: "cannot apply '\(event)' while the dispute is '\(stage)'",
            messageZh: "纠纷处于「\(stageZh)」阶段，不能进行「\(eventZh)」")
    }

    /// The edit was based on a version that is no longer current.
    public static func versionConflict(expected: Int, actual: Int) -> DomainError {
        DomainError(
            code: "version_conflict",
            message: "edit was based on version \(expected) but the dispute is at version \(actual)",
            messageZh: "该纠纷已被他人更新（基于第 \(expected) 版，当前为第 \(actual) 版），请刷新后重试")
    }

    /// A value that fails validation.
    public static func invalid(_ code: String, _ message: String, _ messageZh: String) -> DomainError {
        DomainError(code: code, message: message, messageZh: messageZh)
    }
}

extension DomainError {
    /// A record that does not exist, or is outside the caller's reach (the same answer for both).
    public static func notFound(_ whatZh: String = "记录") -> DomainError {
        DomainError(code: "not_found", message: "not found", messageZh: "\(whatZh)不存在")
    }

    /// An event id already used by a different event (or a dispute id by another dispute).
    public static func duplicateEvent(_ id: UUID) -> DomainError {
        DomainError(code: "duplicate_event", message: "id \(id) is already used by a different event",
                    messageZh: "编号 \(id) 已用于另一事件")
    }

    /// What kind of refusal this is; the API's error middleware maps it to a status, so the
    /// domain and the stores never speak HTTP.
    public enum Kind: String, Codable, Hashable, Sendable {
        /// Someone else's write came first, or an id is taken (HTTP 409).
        case conflict
        /// No such record in reach (HTTP 404).
        case notFound
        /// The rules refuse the request as it stands (HTTP 422).
        case refused
    }

    public var kind: Kind {
        if let declaredKind { return declaredKind }
        return switch code {
        case "version_conflict", "duplicate_event", "duplicate_id", "conflict": .conflict
        case "not_found": .notFound
        default: .refused
        }
    }
}

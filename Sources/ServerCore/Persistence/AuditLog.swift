import Fluent
import Foundation

/// Writes audit records (X3). Called inside the same transaction as the change it describes, so
/// a change and its record are stored together or not at all.
package enum AuditLog {
    /// `actorName` names the command (demo, import, users) when no signed-in user acts.
    package static func record<B: Encodable, A: Encodable>(
        on db: Database, at: Date, actor: Caller?, actorName: String = "system", action: String, entityType: String,
        entityID: UUID?, before: B?, after: A?
    ) async throws {
        try await AuditRecordModel(
            at: at, actorID: actor?.userID, actorUsername: actor?.username ?? actorName, action: action,
            entityType: entityType, entityID: entityID?.uuidString, before: json(before), after: json(after)
        ).create(on: db)
    }

    package static func json<T: Encodable>(_ value: T?) -> String? {
        guard let value else { return nil }
        return (try? StoredJSON.encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) }
    }
}

/// Placeholder type for "no value" on one side of an audit record.
package struct Nothing: Encodable {}

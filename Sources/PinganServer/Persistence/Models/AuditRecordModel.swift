import Fluent
import Foundation

/// One append-only audit record (X3): who, when, which record, what changed. No route or store
/// updates or deletes these rows.
final class AuditRecordModel: Model, @unchecked Sendable {
    static let schema = "audit_records"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_username") var actorUsername: String
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @OptionalField(key: "entity_id") var entityID: String?
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?

    init() {}

    init(at: Date, actorID: UUID?, actorUsername: String, action: String, entityType: String, entityID: String?,
         before: String?, after: String?) {
        self.at = at
        self.actorID = actorID
        self.actorUsername = actorUsername
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.before = before
        self.after = after
    }
}

import Fluent
import Foundation

/// One append-only audit record (X3): who, when, which record, what changed. No route or store
/// updates or deletes these rows.
package final class AuditRecordModel: Model, @unchecked Sendable {
    package static let schema = "audit_records"

    @ID(key: .id) package var id: UUID?
    @Field(key: "at") package var at: Date
    @OptionalField(key: "actor_id") package var actorID: UUID?
    @Field(key: "actor_username") package var actorUsername: String
    @Field(key: "action") package var action: String
    @Field(key: "entity_type") package var entityType: String
    @OptionalField(key: "entity_id") package var entityID: String?
    @OptionalField(key: "before") package var before: String?
    @OptionalField(key: "after") package var after: String?

    package init() {}

    package init(at: Date, actorID: UUID?, actorUsername: String, action: String, entityType: String, entityID: String?,
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

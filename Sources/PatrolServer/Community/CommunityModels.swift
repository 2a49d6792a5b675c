import Fluent
import Foundation
import ServerCore

/// A community group of 四进四联 (P8): one kind of people (`CommunityGroupKind`) in one area (a
/// grid, township or village), kept at the area's org path so "groups a station sees" is one
/// prefix test. Archived rather than deleted: notices sent to it keep naming it.
package final class CommunityGroupModel: Model, @unchecked Sendable {
    package static let schema = "community_groups"

    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String
    @Field(key: "kind") package var kind: String
    @Field(key: "area_org_unit_id") package var areaOrgUnitID: UUID
    @Field(key: "scope_path") package var scopePath: String
    @Field(key: "note") package var note: String
    @OptionalField(key: "archived_at") package var archivedAt: Date?
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

/// A member of a group: a name, a phone (masked wherever lists show it) and their role in it.
package final class CommunityMemberModel: Model, @unchecked Sendable {
    package static let schema = "community_members"

    @ID(key: .id) package var id: UUID?
    @Field(key: "group_id") package var groupID: UUID
    @Field(key: "name") package var name: String
    @Field(key: "phone") package var phone: String
    @Field(key: "role") package var role: String
    /// The order the group's form lists them in.
    @Field(key: "position") package var position: Int

    package init() {}
}

/// A notice to one or more groups (P8), as it was sent: its text and the groups it went to. Its
/// delivery to the messaging gateway is the outbox row written in the same transaction.
package final class CommunityNoticeModel: Model, @unchecked Sendable {
    package static let schema = "community_notices"

    @ID(key: .id) package var id: UUID?
    @Field(key: "text") package var text: String
    /// The groups' ids, as a JSON array.
    @Field(key: "group_ids") package var groupIDs: String
    @Field(key: "group_names") package var groupNames: String
    @Field(key: "recipients") package var recipients: Int
    /// The deepest org path holding every group's area: who sees the notice.
    @Field(key: "scope_path") package var scopePath: String
    @Field(key: "sent_by") package var sentBy: UUID
    @Field(key: "sent_name") package var sentName: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// The outbox: one delivery of a notice to the gateway. Its id is the delivery id the gateway
/// de-duplicates on; its body is frozen when the notice is written, so every attempt sends the
/// same bytes. `lease_until` is how an instance claims it while sending (another skips it; a
/// crashed instance's claim runs out).
package final class CommunityDeliveryModel: Model, @unchecked Sendable {
    package static let schema = "community_deliveries"

    @ID(key: .id) package var id: UUID?
    @Field(key: "notice_id") package var noticeID: UUID
    @Field(key: "scope_path") package var scopePath: String
    @Field(key: "body") package var body: String
    /// pending, retrying or delivered (`DeliveryStatus`).
    @Field(key: "status") package var status: String
    @Field(key: "attempts") package var attempts: Int
    @Field(key: "next_attempt_at") package var nextAttemptAt: Date
    @OptionalField(key: "last_attempt_at") package var lastAttemptAt: Date?
    @OptionalField(key: "last_error") package var lastError: String?
    @OptionalField(key: "delivered_at") package var deliveredAt: Date?
    @OptionalField(key: "lease_until") package var leaseUntil: Date?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// One attempt at a delivery, as it ended: the gateway's status code, or why there was none.
package final class CommunityDeliveryAttemptModel: Model, @unchecked Sendable {
    package static let schema = "community_delivery_attempts"

    @ID(key: .id) package var id: UUID?
    @Field(key: "delivery_id") package var deliveryID: UUID
    @Field(key: "attempt") package var attempt: Int
    @Field(key: "at") package var at: Date
    @Field(key: "delivered") package var delivered: Bool
    @OptionalField(key: "http_status") package var httpStatus: Int?
    @OptionalField(key: "error") package var error: String?

    package init() {}
}

/// A lead (线索) from a tip the gateway passed on: stored once per tip id, placed in the area of
/// its place, group or sender, until a dispatcher makes it an incident or dismisses it.
package final class CommunityLeadModel: Model, @unchecked Sendable {
    package static let schema = "community_leads"

    @ID(key: .id) package var id: UUID?
    /// The gateway's id of the tip: unique, so a replay is stored once.
    @Field(key: "tip_id") package var tipID: String
    @OptionalField(key: "group_id") package var groupID: UUID?
    @Field(key: "sender_name") package var senderName: String
    @Field(key: "sender_phone") package var senderPhone: String
    @Field(key: "text") package var text: String
    @OptionalField(key: "lat") package var lat: Double?
    @OptionalField(key: "lon") package var lon: Double?
    @Field(key: "place_label") package var placeLabel: String
    @OptionalField(key: "area_org_unit_id") package var areaOrgUnitID: UUID?
    @Field(key: "scope_path") package var scopePath: String
    /// open, incident or dismissed (`CommunityLeadStatus`).
    @Field(key: "status") package var status: String
    @OptionalField(key: "incident_id") package var incidentID: UUID?
    @OptionalField(key: "reason") package var reason: String?
    @OptionalField(key: "decided_by") package var decidedBy: UUID?
    @OptionalField(key: "decided_name") package var decidedName: String?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    /// The tip's signed time, and when it came in.
    @Field(key: "signed_at") package var signedAt: Date
    @Field(key: "received_at") package var receivedAt: Date

    package init() {}
}

import Fluent
import Foundation

/// A police call matched to a dispute (X1): which incident, when and where. The count of these in
/// 30 days, and whether one reported violence, feed the dispute's risk rules. The justice side sees
/// this much of the police record and no more.
package final class DisputePoliceCallModel: Model, @unchecked Sendable {
    package static let schema = "dispute_police_calls"
    @ID(key: .id) package var id: UUID?
    @Field(key: "dispute_id") package var disputeID: UUID
    @Field(key: "incident_id") package var incidentID: UUID
    @Field(key: "incident_number") package var incidentNumber: String
    @Field(key: "called_at") package var calledAt: Date
    @Field(key: "place_label") package var placeLabel: String
    @Field(key: "lat") package var lat: Double
    @Field(key: "lon") package var lon: Double
    @Field(key: "reports_violence") package var reportsViolence: Bool
    @Field(key: "created_at") package var createdAt: Date
    package init() {}
}

/// A follow-up task (跟进任务) for the committee handling a dispute that drew a second police call
/// or a report of violence: it shows on the committee's home page and the township board until
/// it is acknowledged and closed with a note. One per dispute and incident.
package final class FollowUpTaskModel: Model, @unchecked Sendable {
    package static let schema = "follow_up_tasks"
    @ID(key: .id) package var id: UUID?
    @Field(key: "dispute_id") package var disputeID: UUID
    @Field(key: "incident_id") package var incidentID: UUID
    @Field(key: "committee_org_unit_id") package var committeeOrgUnitID: UUID
    /// The handling unit's path: who sees the task (the committee and everyone above it).
    @Field(key: "committee_path") package var committeePath: String
    @OptionalField(key: "township_id") package var townshipID: UUID?
    @Field(key: "reason") package var reason: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "acknowledged_at") package var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") package var acknowledgedBy: UUID?
    @OptionalField(key: "closed_at") package var closedAt: Date?
    @OptionalField(key: "closed_by") package var closedBy: UUID?
    @OptionalField(key: "close_note") package var closeNote: String?
    package init() {}
}

/// 警调对接: an incident the police handed over to mediation, and the dispute it became. It waits
/// on the township board until the township acknowledges receipt; the police see that it was received.
package final class PoliceHandoverModel: Model, @unchecked Sendable {
    package static let schema = "police_handovers"
    @ID(key: .id) package var id: UUID?
    @Field(key: "incident_id") package var incidentID: UUID
    @Field(key: "incident_number") package var incidentNumber: String
    @Field(key: "dispute_id") package var disputeID: UUID
    /// The village's path: who sees the handover.
    @Field(key: "scope_path") package var scopePath: String
    @OptionalField(key: "township_id") package var townshipID: UUID?
    @Field(key: "note") package var note: String
    @Field(key: "handed_over_by") package var handedOverBy: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "acknowledged_at") package var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") package var acknowledgedBy: UUID?
    @OptionalField(key: "acknowledged_name") package var acknowledgedName: String?
    package init() {}
}

import MediationDomain
import ServerCore
import Fluent
import Foundation

/// 责任追究: a supervision order missed its deadline; names the unit that missed it. Written
/// once per order by the sweep (unique on the order), whichever server instance gets there first.
package final class AccountabilityRecordModel: Model, @unchecked Sendable {
    package static let schema = "accountability_records"

    @ID(key: .id) package var id: UUID?
    @Field(key: "supervision_order_id") package var supervisionOrderID: UUID
    @OptionalField(key: "dispute_id") package var disputeID: UUID?
    @Field(key: "responsible_org_unit_id") package var responsibleOrgUnitID: UUID
    @Field(key: "responsible_path") package var responsiblePath: String
    @Field(key: "issued_by_org_unit_id") package var issuedByOrgUnitID: UUID
    @Field(key: "deadline") package var deadline: Date
    @Field(key: "detected_at") package var detectedAt: Date
    @Field(key: "reason") package var reason: String

    package init() {}
}

/// A deadline warning (yellow, before) or overdue notice (red, after) raised by the sweep for
/// one deadline of one dispute; unique per (dispute, deadline kind, deadline, level) so it is
/// raised exactly once however many instances sweep.
package final class DeadlineNoticeModel: Model, @unchecked Sendable {
    package static let schema = "deadline_notices"

    @ID(key: .id) package var id: UUID?
    @Field(key: "dispute_id") package var disputeID: UUID
    @Field(key: "deadline_kind") package var deadlineKind: String
    @Field(key: "passes_at") package var passesAt: Date
    /// "warning" or "overdue".
    @Field(key: "level") package var level: String
    @Field(key: "handling_path") package var handlingPath: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "read_at") package var readAt: Date?

    package init() {}
}

import Fluent
import Foundation

/// 责任追究: a supervision order missed its deadline; names the unit that missed it. Written
/// once per order by the sweep (unique on the order), whichever server instance gets there first.
final class AccountabilityRecordModel: Model, @unchecked Sendable {
    static let schema = "accountability_records"

    @ID(key: .id) var id: UUID?
    @Field(key: "supervision_order_id") var supervisionOrderID: UUID
    @OptionalField(key: "dispute_id") var disputeID: UUID?
    @Field(key: "responsible_org_unit_id") var responsibleOrgUnitID: UUID
    @Field(key: "responsible_path") var responsiblePath: String
    @Field(key: "issued_by_org_unit_id") var issuedByOrgUnitID: UUID
    @Field(key: "deadline") var deadline: Date
    @Field(key: "detected_at") var detectedAt: Date
    @Field(key: "reason") var reason: String

    init() {}
}

/// A deadline warning (yellow, before) or overdue notice (red, after) raised by the sweep for
/// one deadline of one dispute; unique per (dispute, deadline kind, deadline, level) so it is
/// raised exactly once however many instances sweep.
final class DeadlineNoticeModel: Model, @unchecked Sendable {
    static let schema = "deadline_notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "dispute_id") var disputeID: UUID
    @Field(key: "deadline_kind") var deadlineKind: String
    @Field(key: "passes_at") var passesAt: Date
    /// "warning" or "overdue".
    @Field(key: "level") var level: String
    @Field(key: "handling_path") var handlingPath: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}
}

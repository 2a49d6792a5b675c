import Fluent
import Foundation

/// 工作指令 (M8): an instruction from the county (or a township) to chosen units. Each recipient
/// unit has its own row in `instruction_recipients` with its acknowledgement and reply.
final class InstructionModel: Model, @unchecked Sendable {
    static let schema = "instructions"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "issued_by_user_id") var issuedByUserID: UUID
    @Field(key: "issued_by_org_unit_id") var issuedByOrgUnitID: UUID
    @Field(key: "issued_at") var issuedAt: Date
    @OptionalField(key: "due_at") var dueAt: Date?
    @OptionalField(key: "dispute_id") var disputeID: UUID?

    init() {}
}

/// One recipient unit of an instruction. `org_unit_path` lets a scope see the instructions sent
/// into its subtree with one prefix filter.
final class InstructionRecipientModel: Model, @unchecked Sendable {
    static let schema = "instruction_recipients"

    @ID(key: .id) var id: UUID?
    @Field(key: "instruction_id") var instructionID: UUID
    @Field(key: "org_unit_id") var orgUnitID: UUID
    @Field(key: "org_unit_path") var orgUnitPath: String
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: UUID?
    @OptionalField(key: "reply") var reply: String?
    @OptionalField(key: "replied_at") var repliedAt: Date?
    @OptionalField(key: "replied_by") var repliedBy: UUID?

    init() {}
}

/// 督办 (M8) as a listable row. The dispute's history holds the same order as a
/// `supervision_ordered` event (same id) and the reply as `supervision_answered`; the sweep reads
/// the dispute state, this table serves lists and the assignee's inbox.
final class SupervisionOrderModel: Model, @unchecked Sendable {
    static let schema = "supervision_orders"

    @ID(key: .id) var id: UUID?
    @Field(key: "dispute_id") var disputeID: UUID
    @Field(key: "issued_by_org_unit_id") var issuedByOrgUnitID: UUID
    @Field(key: "issued_by_user_id") var issuedByUserID: UUID
    @Field(key: "assignee_org_unit_id") var assigneeOrgUnitID: UUID
    @Field(key: "assignee_path") var assigneePath: String
    @Field(key: "instruction") var instruction: String
    @Field(key: "issued_at") var issuedAt: Date
    @Field(key: "deadline") var deadline: Date
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "answered_by") var answeredBy: UUID?
    @OptionalField(key: "reply") var reply: String?

    init() {}
}

/// 重大疑难纠纷集体讨论 (M9): a scheduled meeting on one dispute; minutes when held, and a decision
/// that is also attached to the dispute as a comment.
final class DiscussionModel: Model, @unchecked Sendable {
    static let schema = "discussions"

    @ID(key: .id) var id: UUID?
    @Field(key: "dispute_id") var disputeID: UUID
    @Field(key: "scheduled_at") var scheduledAt: Date
    @Field(key: "place") var place: String
    /// JSON array of names.
    @Field(key: "participants") var participants: String
    @OptionalField(key: "minutes") var minutes: String?
    @OptionalField(key: "decision") var decision: String?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_by_org_unit_id") var createdByOrgUnitID: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "held_at") var heldAt: Date?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    /// "scheduled" or "held".
    @Field(key: "status") var status: String

    init() {}
}

/// Which lawyer is the contact (分包对口联系) for which county department (M11). Unique on the
/// department: each department has exactly one lawyer.
final class LawyerAssignmentModel: Model, @unchecked Sendable {
    static let schema = "lawyer_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "lawyer_user_id") var lawyerUserID: UUID
    @Field(key: "department_org_unit_id") var departmentOrgUnitID: UUID
    @Field(key: "assigned_at") var assignedAt: Date

    init() {}
}

/// A village's monthly screening report (每月矛盾排查, M9); unique per (village, month).
final class ScreeningReportModel: Model, @unchecked Sendable {
    static let schema = "screening_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "village_id") var villageID: UUID
    @Field(key: "village_path") var villagePath: String
    /// "YYYY-MM".
    @Field(key: "month") var month: String
    @Field(key: "found_count") var foundCount: Int
    @Field(key: "nil_report") var nilReport: Bool
    @OptionalField(key: "note") var note: String?
    @Field(key: "submitted_by") var submittedBy: UUID
    @Field(key: "submitted_at") var submittedAt: Date
    @OptionalField(key: "corrected_at") var correctedAt: Date?
    @OptionalField(key: "corrected_by") var correctedBy: UUID?

    init() {}
}

import MediationDomain
import ServerCore
import Fluent
import Foundation

/// 工作指令 (M8): an instruction from the county (or a township) to chosen units. Each recipient
/// unit has its own row in `instruction_recipients` with its acknowledgement and reply.
package final class InstructionModel: Model, @unchecked Sendable {
    package static let schema = "instructions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "title") package var title: String
    @Field(key: "body") package var body: String
    @Field(key: "issued_by_user_id") package var issuedByUserID: UUID
    @Field(key: "issued_by_org_unit_id") package var issuedByOrgUnitID: UUID
    @Field(key: "issued_at") package var issuedAt: Date
    @OptionalField(key: "due_at") package var dueAt: Date?
    @OptionalField(key: "dispute_id") package var disputeID: UUID?

    package init() {}
}

/// One recipient unit of an instruction. `org_unit_path` lets a scope see the instructions sent
/// into its subtree with one prefix filter.
package final class InstructionRecipientModel: Model, @unchecked Sendable {
    package static let schema = "instruction_recipients"

    @ID(key: .id) package var id: UUID?
    @Field(key: "instruction_id") package var instructionID: UUID
    @Field(key: "org_unit_id") package var orgUnitID: UUID
    @Field(key: "org_unit_path") package var orgUnitPath: String
    @OptionalField(key: "acknowledged_at") package var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") package var acknowledgedBy: UUID?
    @OptionalField(key: "reply") package var reply: String?
    @OptionalField(key: "replied_at") package var repliedAt: Date?
    @OptionalField(key: "replied_by") package var repliedBy: UUID?

    package init() {}
}

/// 督办 (M8) as a listable row. The dispute's history holds the same order as a
/// `supervision_ordered` event (same id) and the reply as `supervision_answered`; the sweep reads
/// the dispute state, this table serves lists and the assignee's inbox.
package final class SupervisionOrderModel: Model, @unchecked Sendable {
    package static let schema = "supervision_orders"

    @ID(key: .id) package var id: UUID?
    @Field(key: "dispute_id") package var disputeID: UUID
    @Field(key: "issued_by_org_unit_id") package var issuedByOrgUnitID: UUID
    @Field(key: "issued_by_user_id") package var issuedByUserID: UUID
    @Field(key: "assignee_org_unit_id") package var assigneeOrgUnitID: UUID
    @Field(key: "assignee_path") package var assigneePath: String
    @Field(key: "instruction") package var instruction: String
    @Field(key: "issued_at") package var issuedAt: Date
    @Field(key: "deadline") package var deadline: Date
    @OptionalField(key: "answered_at") package var answeredAt: Date?
    @OptionalField(key: "answered_by") package var answeredBy: UUID?
    @OptionalField(key: "reply") package var reply: String?

    package init() {}
}

/// 重大疑难纠纷集体讨论 (M9): a scheduled meeting on one dispute; minutes when held, and a decision
/// that is also attached to the dispute as a comment.
package final class DiscussionModel: Model, @unchecked Sendable {
    package static let schema = "discussions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "dispute_id") package var disputeID: UUID
    @Field(key: "scheduled_at") package var scheduledAt: Date
    @Field(key: "place") package var place: String
    /// JSON array of names.
    @Field(key: "participants") package var participants: String
    @OptionalField(key: "minutes") package var minutes: String?
    @OptionalField(key: "decision") package var decision: String?
    @Field(key: "created_by") package var createdBy: UUID
    @Field(key: "created_by_org_unit_id") package var createdByOrgUnitID: UUID
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "held_at") package var heldAt: Date?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    /// "scheduled" or "held".
    @Field(key: "status") package var status: String

    package init() {}
}

/// Which lawyer is the contact (分包对口联系) for which county department (M11). Unique on the
/// department: each department has exactly one lawyer.
package final class LawyerAssignmentModel: Model, @unchecked Sendable {
    package static let schema = "lawyer_assignments"

    @ID(key: .id) package var id: UUID?
    @Field(key: "lawyer_user_id") package var lawyerUserID: UUID
    @Field(key: "department_org_unit_id") package var departmentOrgUnitID: UUID
    @Field(key: "assigned_at") package var assignedAt: Date

    package init() {}
}

/// A village's monthly screening report (每月矛盾排查, M9); unique per (village, month).
package final class ScreeningReportModel: Model, @unchecked Sendable {
    package static let schema = "screening_reports"

    @ID(key: .id) package var id: UUID?
    @Field(key: "village_id") package var villageID: UUID
    @Field(key: "village_path") package var villagePath: String
    /// "YYYY-MM".
    @Field(key: "month") package var month: String
    @Field(key: "found_count") package var foundCount: Int
    @Field(key: "nil_report") package var nilReport: Bool
    @OptionalField(key: "note") package var note: String?
    @Field(key: "submitted_by") package var submittedBy: UUID
    @Field(key: "submitted_at") package var submittedAt: Date
    @OptionalField(key: "corrected_at") package var correctedAt: Date?
    @OptionalField(key: "corrected_by") package var correctedBy: UUID?

    package init() {}
}

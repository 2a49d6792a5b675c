import Fluent
import Foundation

/// An enterprise named on enterprise-related (涉企) disputes (M14). It is seen by the subtree of
/// the unit that first named it (`scope_path`) and by the bureau, like the disputes themselves.
package final class EnterpriseModel: Model, @unchecked Sendable {
    package static let schema = "enterprises"

    @ID(key: .id) package var id: UUID?
    /// Unique within the county: one enterprise, one record, however many disputes name it.
    @Field(key: "name") package var name: String
    @Field(key: "scope_path") package var scopePath: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// The 涉企 flag of one dispute: its row exists while the dispute is flagged. Keyed by the
/// dispute, so a dispute names one enterprise.
package final class EnterpriseDisputeModel: Model, @unchecked Sendable {
    package static let schema = "enterprise_disputes"

    /// The dispute's id.
    @ID(key: .id) package var id: UUID?
    @Field(key: "enterprise_id") package var enterpriseID: UUID
    @Field(key: "flagged_at") package var flaggedAt: Date
    @Field(key: "flagged_by") package var flaggedBy: UUID

    package init() {}
}

/// A 法律进企业 follow-up visit to an enterprise. The client makes the id, so a resent visit is
/// stored once.
package final class EnterpriseVisitModel: Model, @unchecked Sendable {
    package static let schema = "enterprise_visits"

    @ID(key: .id) package var id: UUID?
    @Field(key: "enterprise_id") package var enterpriseID: UUID
    @Field(key: "visited_at") package var visitedAt: Date
    /// Who went (names, free text: lawyers and mediators of several units go together).
    @Field(key: "visitors") package var visitors: String
    /// What was done: the legal talk, the risks checked.
    @Field(key: "content") package var content: String
    @Field(key: "result") package var result: String
    @Field(key: "recorded_by") package var recordedBy: UUID
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}

import Fluent
import Foundation
import PatrolDomain
import ServerCore

/// One officer's shift on one unit (P2): signed on at the start, off at the end. The id is made by
/// the phone, so a sign-on queued offline and sent twice is one shift. 参巡人数 and patrol
/// person-times are counted from these rows.
package final class PatrolShiftModel: Model, @unchecked Sendable {
    package static let schema = "patrol_shifts"

    @ID(key: .id) package var id: UUID?
    @Field(key: "unit_id") package var unitID: UUID
    @Field(key: "officer_id") package var officerID: UUID
    @Field(key: "signed_on_at") package var signedOnAt: Date
    @OptionalField(key: "signed_off_at") package var signedOffAt: Date?

    package init() {}

    package var record: ShiftRecord {
        ShiftRecord(unitId: unitID, officerId: officerID, signedOnAt: signedOnAt, signedOffAt: signedOffAt)
    }
}

/// A unit's status change (P2), with the time it was tapped and the time the server got it. The
/// id is the phone's, so a tap resent from the queue is one change.
package final class PatrolStatusChangeModel: Model, @unchecked Sendable {
    package static let schema = "patrol_status_changes"

    @ID(key: .id) package var id: UUID?
    @Field(key: "unit_id") package var unitID: UUID
    @Field(key: "from_status") package var fromStatus: String
    @Field(key: "to_status") package var toStatus: String
    @Field(key: "at") package var at: Date
    /// The user who tapped or signed; nil for the server's own changes.
    @OptionalField(key: "by_user_id") package var byUserID: UUID?
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}

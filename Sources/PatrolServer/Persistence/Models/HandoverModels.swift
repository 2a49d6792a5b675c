import Fluent
import Foundation
import ServerCore

/// A shift handover (交接班) in the command centre: the dispatcher going off shift hands over the
/// open incidents of their scope with a note; the one coming on acknowledges them. The incidents
/// are the ones open when it was written, kept as they were, so the record shows what was handed on.
package final class DispatchHandoverModel: Model, @unchecked Sendable {
    package static let schema = "dispatch_handovers"

    @ID(key: .id) package var id: UUID?
    @Field(key: "scope_path") package var scopePath: String
    @Field(key: "from_user_id") package var fromUserID: UUID
    @Field(key: "from_name") package var fromName: String
    @Field(key: "note") package var note: String
    /// The incidents handed over, comma-separated ids.
    @Field(key: "incident_ids") package var incidentIDs: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "acknowledged_by") package var acknowledgedBy: UUID?
    @OptionalField(key: "acknowledged_name") package var acknowledgedName: String?
    @OptionalField(key: "acknowledged_at") package var acknowledgedAt: Date?

    package init() {}

    package var incidents: [UUID] { incidentIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
}

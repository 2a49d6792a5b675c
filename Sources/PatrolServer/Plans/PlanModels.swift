import Fluent
import Foundation
import ServerCore

/// A plan (预案, P9): its layout (key sites, patrol routes, posts) as JSON, owned by an org unit
/// whose subtree may edit and activate it. `activeActivationID` is set while it is activated: the
/// one guarded update that makes a second activation a conflict.
package final class PlanModel: Model, @unchecked Sendable {
    package static let schema = "plans"

    @ID(key: .id) package var id: UUID?
    @Field(key: "org_unit_id") package var orgUnitID: UUID
    @Field(key: "scope_path") package var scopePath: String
    @Field(key: "name") package var name: String
    @Field(key: "kind") package var kind: String
    @OptionalField(key: "description") package var details: String?
    @OptionalField(key: "window_start") package var windowStart: Date?
    @OptionalField(key: "window_end") package var windowEnd: Date?
    /// `PlanLayout`, JSON.
    @Field(key: "layout") package var layout: String
    @Field(key: "version") package var version: Int
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date
    @OptionalField(key: "retired_at") package var retiredAt: Date?
    @OptionalField(key: "active_activation_id") package var activeActivationID: UUID?

    package init() {}
}

/// One activation of a plan (启动预案 … 解除预案). The outcome of the assignment (who took each post,
/// who was skipped and why) is kept as it was made, like a containment order's plan.
package final class PlanActivationModel: Model, @unchecked Sendable {
    package static let schema = "plan_activations"

    @ID(key: .id) package var id: UUID?
    @Field(key: "plan_id") package var planID: UUID
    @Field(key: "scope_path") package var scopePath: String
    @Field(key: "started_at") package var startedAt: Date
    @OptionalField(key: "started_by") package var startedBy: UUID?
    @OptionalField(key: "ended_at") package var endedAt: Date?
    @OptionalField(key: "ended_by") package var endedBy: UUID?
    /// The plan's layout at activation (`PlanLayout`, JSON): a later edit does not move its posts.
    @Field(key: "layout") package var layout: String
    /// `[PlanAssignment.Outcome]`, JSON, one per post.
    @Field(key: "outcomes") package var outcomes: String

    package init() {}
}

/// A unit's task in an activation: to its post, by the planned drive time, within the post's
/// target. So the phone finds it and an officer's scope is a plain query; the arrival is read from
/// the unit's track, not stored (late fixes from a phone's queue still count).
package final class PlanTaskModel: Model, @unchecked Sendable {
    package static let schema = "plan_tasks"

    @ID(key: .id) package var id: UUID?
    @Field(key: "activation_id") package var activationID: UUID
    @Field(key: "post_index") package var postIndex: Int
    @Field(key: "post_name") package var postName: String
    @Field(key: "lat") package var lat: Double
    @Field(key: "lon") package var lon: Double
    @Field(key: "unit_id") package var unitID: UUID
    @Field(key: "station_path") package var stationPath: String
    @Field(key: "target_seconds") package var targetSeconds: Double
    @Field(key: "planned_seconds") package var plannedSeconds: Double
    /// The drive route at activation, [[lon, lat]] JSON: the phone draws it, the simulator drives it.
    @Field(key: "route") package var route: String

    package init() {}
}

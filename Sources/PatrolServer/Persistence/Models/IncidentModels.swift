import Fluent
import Foundation
import ServerCore

/// An incident (P4) as the list reads it: a projection of its timeline (`IncidentState`, kept
/// whole in `state`), with the columns lists filter and sort on. `scopePath` is the org path of
/// the patrol grid the place lies in (the command centre's when it lies in none), so "a station's
/// incidents" is one prefix test, as for every scoped record.
package final class IncidentModel: Model, @unchecked Sendable {
    package static let schema = "incidents"

    @ID(key: .id) package var id: UUID?
    /// 警情编号: JQ, the day, a number within the day (JQ20261202-0007).
    @Field(key: "number") package var number: String
    @Field(key: "type") package var type: String
    @Field(key: "priority") package var priority: Int
    @Field(key: "status") package var status: String
    @Field(key: "lat") package var lat: Double
    @Field(key: "lon") package var lon: Double
    @OptionalField(key: "grid_org_unit_id") package var gridOrgUnitID: UUID?
    @Field(key: "scope_path") package var scopePath: String
    @Field(key: "reported_at") package var reportedAt: Date
    @OptionalField(key: "first_dispatched_at") package var firstDispatchedAt: Date?
    @OptionalField(key: "first_on_scene_at") package var firstOnSceneAt: Date?
    @OptionalField(key: "closed_at") package var closedAt: Date?
    @Field(key: "call_count") package var callCount: Int
    @Field(key: "version") package var version: Int
    @Field(key: "state") package var state: String
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

/// One event of an incident's timeline, append only. The unique (incident_id, seq) lets one writer
/// of a version through; the id is the client's, so a resend finds its row.
package final class IncidentEventModel: Model, @unchecked Sendable {
    package static let schema = "incident_events"

    @ID(key: .id) package var id: UUID?
    @Field(key: "incident_id") package var incidentID: UUID
    @Field(key: "seq") package var seq: Int
    @Field(key: "type") package var type: String
    @Field(key: "at") package var at: Date
    @Field(key: "recorded_at") package var recordedAt: Date
    @OptionalField(key: "actor_user_id") package var actorUserID: UUID?
    @OptionalField(key: "unit_id") package var unitID: UUID?
    @Field(key: "body") package var body: String

    package init() {}
}

/// A unit's task on an incident, one row per dispatch, so that "the officer's tasks" and "the
/// station's open tasks" are plain queries. Its state follows the timeline in the same transaction.
package final class IncidentTaskModel: Model, @unchecked Sendable {
    package static let schema = "incident_tasks"

    /// The dispatch event's id.
    @ID(key: .id) package var id: UUID?
    @Field(key: "incident_id") package var incidentID: UUID
    @Field(key: "unit_id") package var unitID: UUID
    @Field(key: "station_path") package var stationPath: String
    @Field(key: "state") package var state: String
    @Field(key: "assigned_at") package var assignedAt: Date
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

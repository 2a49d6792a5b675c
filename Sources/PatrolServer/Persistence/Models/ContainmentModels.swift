import Fluent
import Foundation
import ServerCore

/// A containment order (P5, 启动封控), real or a drill (实战演练): built once from the positions at
/// its start; the plan is kept as it was made, so a drill's report compares the plan with what the
/// units then did.
package final class ContainmentOrderModel: Model, @unchecked Sendable {
    package static let schema = "containment_orders"

    @ID(key: .id) package var id: UUID?
    @OptionalField(key: "incident_id") package var incidentID: UUID?
    @Field(key: "drill") package var drill: Bool
    @Field(key: "scope_path") package var scopePath: String
    @Field(key: "scene_lat") package var sceneLat: Double
    @Field(key: "scene_lon") package var sceneLon: Double
    @Field(key: "started_at") package var startedAt: Date
    @OptionalField(key: "lifted_at") package var liftedAt: Date?
    @OptionalField(key: "started_by") package var startedBy: UUID?
    /// The plan as it was made (`ContainmentPlan`, JSON): the report is read against it.
    @Field(key: "plan") package var plan: String
    /// The 3/5/10-minute isochrones from the scene (GeoJSON), drawn on the map as the rings.
    @Field(key: "rings") package var rings: String

    package init() {}
}

/// One unit's task in an order: to the scene (ring 1), a gate (ring 2) or an exit (ring 3), so the
/// phone finds its task and the officer's scope is a plain query. Arrival is read from the unit's
/// track against the plan, not stored: late fixes from a phone's queue then still count.
package final class ContainmentTaskModel: Model, @unchecked Sendable {
    package static let schema = "containment_tasks"

    @ID(key: .id) package var id: UUID?
    @Field(key: "order_id") package var orderID: UUID
    /// scene, gate or exit.
    @Field(key: "ring") package var ring: String
    @Field(key: "site_name") package var siteName: String
    @Field(key: "lat") package var lat: Double
    @Field(key: "lon") package var lon: Double
    @Field(key: "unit_id") package var unitID: UUID
    @Field(key: "station_path") package var stationPath: String
    @Field(key: "target_seconds") package var targetSeconds: Double
    @Field(key: "planned_seconds") package var plannedSeconds: Double

    package init() {}
}

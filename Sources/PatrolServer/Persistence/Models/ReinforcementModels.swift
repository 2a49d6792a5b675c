import Fluent
import Foundation
import ServerCore

/// One patrol grid's spike watch between hours (P6): the CUSUM state (`SpikeWatch.State`, JSON),
/// keyed by the grid's org unit, so a restart or a second instance carries on where it stopped.
package final class SpikeWatchModel: Model, @unchecked Sendable {
    package static let schema = "spike_watches"

    /// The grid's org unit id.
    @ID(key: .id) package var id: UUID?
    @Field(key: "state") package var state: String
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

/// A spike alert (P6, 发案大幅上升): raised once when a grid's watch goes into alarm, with the
/// proposal made at that moment (which units to move in, from which donor grids). The dispatcher
/// accepts it (the moves become tasks) or rejects it with a reason; it clears when the watch
/// returns to the usual level. The unique (grid, raised hour) keeps it one alert however many
/// instances watch.
package final class ReinforcementAlertModel: Model, @unchecked Sendable {
    package static let schema = "reinforcement_alerts"

    @ID(key: .id) package var id: UUID?
    @Field(key: "grid_org_unit_id") package var gridOrgUnitID: UUID
    /// The grid's org path: "alerts a station sees" is one prefix test.
    @Field(key: "scope_path") package var scopePath: String
    /// The start of the hour that raised it.
    @Field(key: "raised_hour") package var raisedHour: Date
    /// Incidents in that hour, and how many were expected.
    @Field(key: "count") package var count: Int
    @Field(key: "expected") package var expected: Double
    /// `ReinforcementProposal` as JSON; nil when no road network was loaded to make one.
    @OptionalField(key: "proposal") package var proposal: String?
    /// open, accepted or rejected (`ReinforcementDecision`).
    @Field(key: "status") package var status: String
    @OptionalField(key: "decided_by") package var decidedBy: UUID?
    @OptionalField(key: "decided_name") package var decidedName: String?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    @OptionalField(key: "note") package var note: String?
    @OptionalField(key: "cleared_at") package var clearedAt: Date?

    package init() {}
}

/// A move accepted from a proposal: the unit is to go to the spiking grid's point and patrol there.
package final class ReinforcementTaskModel: Model, @unchecked Sendable {
    package static let schema = "reinforcement_tasks"

    @ID(key: .id) package var id: UUID?
    @Field(key: "alert_id") package var alertID: UUID
    @Field(key: "unit_id") package var unitID: UUID
    @Field(key: "from_grid_org_unit_id") package var fromGridOrgUnitID: UUID
    @Field(key: "station_path") package var stationPath: String
    @Field(key: "lat") package var lat: Double
    @Field(key: "lon") package var lon: Double
    @Field(key: "planned_seconds") package var plannedSeconds: Double
    @Field(key: "assigned_at") package var assignedAt: Date

    package init() {}
}

import Foundation
import PatrolDomain
import PinganDomain
import Vapor

/// What the dispatcher sends at intake. The id is made by the client, so a resend is one incident.
package struct IncidentIntakeRequest: Content {
    package var id: UUID
    package var type: IncidentType
    package var priority: IncidentPriority
    package var place: IncidentPlace
    package var description: String?
    package var callerName: String?
    package var callerPhone: String?
    /// When the call came in; now when absent.
    package var calledAt: Date?
    /// A dispute call's people (X1), matched against mediation's parties.
    package var parties: [IncidentParty]?
    /// The call reports violence or threats.
    package var threatOfViolence: Bool?
}

/// One step on an incident's timeline sent by a dispatcher or an officer's phone (queued offline,
/// so `at` is when it was tapped). Which fields count depends on `type`.
package struct IncidentEventRequest: Content {
    package var id: UUID
    package var type: IncidentEventType
    package var baseVersion: Int?
    package var at: Date?
    package var unitId: UUID?
    package var disposition: String?
    package var callerName: String?
    package var callerPhone: String?
    package var note: String?
    package var incidentType: IncidentType?
    package var priority: IncidentPriority?
    package var intoIncidentId: UUID?
}

package struct DispatchRequest: Content {
    package struct Assignment: Content {
        /// The dispatch event's id, made by the client: a resend sends the unit once.
        package var id: UUID
        package var unitId: UUID
        /// Required to take a unit off another task (or out of service).
        package var reason: String?
    }
    package var assignments: [Assignment]
    package var baseVersion: Int?
}

/// A unit's task as the incident, the phone and the station see it.
package struct IncidentTaskDTO: Content {
    package var unitId: UUID
    package var callSign: String
    package var state: String
    package var stateLabel: String
    package var etaSeconds: Double?
    package var assignedAt: Date
    package var acknowledgedAt: Date?
    package var enRouteAt: Date?
    package var onSceneAt: Date?
    package var clearedAt: Date?
    package var disposition: String?
    package var interruptedAt: Date?
    package var interruptedReason: String?

    init(_ t: IncidentTask, callSigns: [UUID: String]) {
        unitId = t.unitId; callSign = callSigns[t.unitId] ?? ""; state = t.state.rawValue; stateLabel = t.state.label
        etaSeconds = t.etaSeconds; assignedAt = t.assignedAt; acknowledgedAt = t.acknowledgedAt; enRouteAt = t.enRouteAt
        onSceneAt = t.onSceneAt; clearedAt = t.clearedAt; disposition = t.disposition
        interruptedAt = t.interruptedAt; interruptedReason = t.interruptedReason
    }
}

/// An incident. Lists mask the callers (`masked`); the record itself shows them to whoever may
/// open it, since the dispatcher and the unit sent may need to call back.
package struct IncidentDTO: Content {
    package var id: UUID
    package var number: String
    package var type: String
    package var typeLabel: String
    package var priority: Int
    package var priorityLabel: String
    package var status: String
    package var statusLabel: String
    package var place: IncidentPlace
    package var gridOrgUnitId: UUID?
    package var gridName: String?
    package var description: String
    package var calls: [IncidentCall]
    package var reportedAt: Date
    package var firstDispatchedAt: Date?
    package var firstOnSceneAt: Date?
    package var closedAt: Date?
    package var disposition: String?
    package var mergedInto: UUID?
    package var tasks: [IncidentTaskDTO]
    package var version: Int

    init(_ m: IncidentModel, state s: IncidentState, callSigns: [UUID: String], gridName: String?, masked: Bool) {
        id = m.id!; number = m.number; type = s.type.rawValue; typeLabel = s.type.label
        priority = s.priority.rawValue; priorityLabel = s.priority.label; status = s.status.rawValue; statusLabel = s.status.label
        place = s.place; gridOrgUnitId = m.gridOrgUnitID; self.gridName = gridName; description = s.description
        calls = masked ? s.calls.map(\.masked) : s.calls
        reportedAt = s.reportedAt; firstDispatchedAt = s.firstDispatchedAt; firstOnSceneAt = s.firstOnSceneAt
        closedAt = s.closedAt; disposition = s.disposition; mergedInto = s.mergedInto
        tasks = s.tasks.map { IncidentTaskDTO($0, callSigns: callSigns) }
        version = s.version
    }
}

/// One event of the timeline, with when it happened and when the server stored it.
package struct IncidentEventDTO: Content {
    package var id: UUID
    package var seq: Int
    package var type: String
    package var typeLabel: String
    package var at: Date
    package var recordedAt: Date
    package var actorUserId: UUID?
    package var unitId: UUID?
    package var callSign: String?
    package var detail: IncidentEventKind
}

/// The recommendation: the nearest dispatchable units by drive time, and why the others are not.
package struct RecommendationDTO: Content {
    package struct Unit: Content {
        package var unitId: UUID
        package var callSign: String
        package var kind: String
        package var seconds: Double
        package var meters: Double
        /// [lon, lat] pairs from the unit to the scene.
        package var route: [[Double]]
    }
    package struct Excluded: Content {
        package var unitId: UUID
        package var callSign: String
        package var reason: String
    }
    package var incidentId: UUID
    package var units: [Unit]
    package var excluded: [Excluded]
    /// Why there is no list at all (no road graph loaded, the scene off the roads).
    package var note: String?
}

/// A unit's drive to the scene, for its task card.
package struct IncidentRouteDTO: Content {
    package var incidentId: UUID
    package var unitId: UUID
    package var scene: IncidentPlace
    package var seconds: Double?
    package var meters: Double?
    /// [lon, lat] pairs from the unit to the scene.
    package var route: [[Double]]
    package var note: String?
}

import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// 网格化巡控's side of X1. `PatrolSideOfBridge` answers the justice side (an incident's number,
/// kind, time and place); `IncidentBridge` hands dispute calls to the mediation side and asks it
/// what the dispatch card shows.
package struct PatrolSideOfBridge: PatrolBridge {
    package init() {}

    package func incidents(_ ids: [UUID], on db: any Database) async throws -> [BridgedIncident] {
        guard !ids.isEmpty else { return [] }
        return try await IncidentModel.query(on: db).filter(\.$id ~~ ids).all().map { m in
            let s = try IncidentStore.state(of: m)
            return BridgedIncident(incidentId: try m.requireID(), number: m.number, typeLabel: s.type.label, reportedAt: s.reportedAt,
                                   placeLabel: s.place.label, lat: s.place.lat, lon: s.place.lon)
        }
    }
}

enum IncidentBridge {
    /// What the mediation side is told of an incident: only a dispute call with its people.
    static func facts(of model: IncidentModel, state: IncidentState) -> PoliceCallFacts? {
        guard state.type == .dispute, let parties = state.parties, !parties.isEmpty, let id = model.id else { return nil }
        return PoliceCallFacts(incidentID: id, incidentNumber: model.number, calledAt: state.reportedAt,
                               place: GeoPoint(lat: state.place.lat, lon: state.place.lon), placeLabel: state.place.label,
                               parties: parties.map { BridgedParty(name: $0.name, phone: $0.phone, idNumber: $0.idNumber) },
                               reportsViolence: state.reportsViolence ?? false, summary: state.description)
    }

    /// Records a dispute call against the disputes of the same parties (a second call within 30
    /// days, or one reporting violence, raises the risk, the report and a follow-up task).
    static func tellMediation(about model: IncidentModel, state: IncidentState, by caller: Caller, req: Request) async throws {
        guard let bridge = req.application.mediationBridge, let call = facts(of: model, state: state) else { return }
        try await bridge.recordPoliceCall(call, by: caller, on: req.db, at: req.now)
    }
}

import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// The police side's integrity warning (#12): of the incidents of the table's first row with a
/// time to the scene, those whose first arrival has no GPS evidence (`ArrivalEvidence`). One
/// indexed track read per arrival (the unit's fixes in a 10-minute window), so it is its own
/// request, not part of the dashboard's.
enum ArrivalEvidenceCheck {
    static func compute(_ s: PoliceScope, rule: ArrivalEvidence = ArrivalEvidence()) async throws -> ArrivalEvidenceDTO {
        let incidents = try await IncidentModel.query(on: s.db).filter(\.$scopePath =~ s.org.path)
            .filter(\.$reportedAt >= s.from).filter(\.$reportedAt < s.to).filter(\.$status != IncidentStatus.merged.rawValue)
            .filter(\.$firstOnSceneAt != nil).sort(\.$reportedAt).all()
        // The first on-scene event of each: which unit reported arriving.
        var arriving: [UUID: (unit: UUID, at: Date)] = [:]
        let ids = incidents.compactMap(\.id)
        for chunk in ids.chunked(500) {
            let events = try await IncidentEventModel.query(on: s.db).filter(\.$incidentID ~~ chunk)
                .filter(\.$type == IncidentEventType.onScene.rawValue).sort(\.$at).all()
            for e in events where arriving[e.incidentID] == nil {
                if let unit = e.unitID { arriving[e.incidentID] = (unit, e.at) }
            }
        }
        let store = FixStore(db: s.db)
        var unsupported: [ArrivalEvidenceDTO.Item] = []
        var checked = 0
        for m in incidents {
            guard let id = m.id, let arrival = arriving[id] else { continue }
            checked += 1
            let track = try await store.track(unit: arrival.unit, from: arrival.at.addingTimeInterval(-rule.windowSeconds),
                                              to: arrival.at.addingTimeInterval(rule.windowSeconds)).map(\.fix)
            let scene = Fix(lat: m.lat, lon: m.lon, at: arrival.at)
            if !rule.supports(arrivedAt: arrival.at, scene: scene, fixes: track) {
                unsupported.append(.init(incidentId: id, number: m.number, reportedAt: m.reportedAt, arrivedAt: arrival.at,
                                         unitId: arrival.unit, fixesInWindow: track.count))
            }
        }
        return ArrivalEvidenceDTO(orgUnitId: try s.org.requireID(), from: s.from, to: s.to, windowSeconds: rule.windowSeconds,
                                  radiusMeters: rule.radiusMeters, checked: checked, unsupportedCount: unsupported.count,
                                  unsupported: Array(unsupported.prefix(ArrivalEvidenceDTO.listed)))
    }
}

/// The warning as the API gives it: how many arrivals were checked, how many lack evidence, and
/// the first `listed` of those by report time (each named, with how many fixes its window held).
package struct ArrivalEvidenceDTO: Content {
    static let listed = 200
    package struct Item: Content {
        package var incidentId: UUID
        package var number: String
        package var reportedAt: Date
        package var arrivedAt: Date
        package var unitId: UUID
        /// Fixes of the unit in the window: 0 means no track at all, more means a track elsewhere.
        package var fixesInWindow: Int
    }
    package var orgUnitId: UUID
    package var from: Date
    package var to: Date
    package var windowSeconds: Double
    package var radiusMeters: Double
    package var checked: Int
    package var unsupportedCount: Int
    package var unsupported: [Item]
}

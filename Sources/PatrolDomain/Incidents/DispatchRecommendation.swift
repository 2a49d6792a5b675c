import Foundation
import Routing

/// A unit as dispatch sees it: what it is, what it is doing, and where it last reported.
public struct DispatchCandidate: Sendable, Hashable {
    public var id: String
    public var kind: PatrolUnitKind
    public var status: PatrolUnitStatus
    public var capabilities: Set<PatrolCapability>
    /// The unit's live position (nil if it never reported).
    public var position: LivePosition?

    public init(id: String, kind: PatrolUnitKind, status: PatrolUnitStatus, capabilities: Set<PatrolCapability>, position: LivePosition?) {
        self.id = id; self.kind = kind; self.status = status; self.capabilities = capabilities; self.position = position
    }
}

/// Why a unit is not recommended: shown beside the list, so a dispatcher sees why the unit that
/// looks nearest on the map is not offered.
public enum DispatchExclusion: String, Codable, CaseIterable, Sendable, Hashable {
    case offDuty = "off_duty"                   // nobody signed on to it
    case notDispatchable = "not_dispatchable"   // busy or out of service
    case stationary                             // a post: it stands where it is
    case noPosition = "no_position"
    case stale                                  // no fix for `LivePosition.staleAfter`
    case wrongKind = "wrong_kind"
    case missingCapability = "missing_capability"
    case offRoad = "off_road"                   // no road near its position
}

/// The recommendation for an incident (P4): the dispatchable units nearest by drive time on the
/// road network, best first, and every other unit with the reason it was left out.
public struct DispatchRecommendation: Sendable {
    public struct Recommended: Sendable {
        public let id: String
        public let seconds: Double
        public let meters: Double
        public let route: [GeoPoint]
    }

    public let units: [Recommended]
    public let excluded: [String: DispatchExclusion]

    /// Ranks `candidates` for an incident at `incident` by drive time over `router`'s graph. Only a
    /// unit that is dispatchable, moves, has a fresh position on a road, and has the kind and
    /// capabilities `needs` asks for is ranked; at most `limit` are returned.
    public static func rank(_ candidates: [DispatchCandidate], for needs: DispatchNeeds, at incident: RoadPosition,
                            router: Router, now: Date, staleAfter: TimeInterval = LivePosition.staleAfter,
                            limit: Int = 5, maxSnapMeters: Double = 500) throws -> DispatchRecommendation {
        var excluded: [String: DispatchExclusion] = [:]
        var ranked: [(id: String, position: RoadPosition)] = []
        for c in candidates {
            let reason: DispatchExclusion? =
                if c.status == .offDuty { .offDuty }
                else if !c.status.isDispatchable { .notDispatchable }
                else if !c.kind.moves { .stationary }
                else if !needs.kinds.contains(c.kind) { .wrongKind }
                else if !needs.capabilities.isSubset(of: c.capabilities) { .missingCapability }
                else if c.position == nil { .noPosition }
                else if c.position!.isStale(at: now, after: staleAfter) { .stale }
                else { nil }
            if let reason { excluded[c.id] = reason; continue }
            let fix = c.position!.fix
            guard let snapped = try? router.graph.snap(GeoPoint(lat: fix.lat, lon: fix.lon), maxMeters: maxSnapMeters) else {
                excluded[c.id] = .offRoad
                continue
            }
            ranked.append((c.id, snapped))
        }
        guard !ranked.isEmpty, limit > 0 else { return DispatchRecommendation(units: [], excluded: excluded) }
        let placed = PlacedUnits(graph: router.graph, ids: ranked.map(\.id), positions: ranked.map(\.position))
        let best = try router.nearestUnits(to: incident, units: placed, k: limit)
        return DispatchRecommendation(units: best.map { Recommended(id: $0.id, seconds: $0.seconds, meters: $0.meters, route: $0.route) },
                                      excluded: excluded)
    }
}

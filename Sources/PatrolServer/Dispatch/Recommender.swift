import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import Routing
import ServerCore
import Vapor

/// The units a caller may send, as dispatch sees them (kind, status, capabilities, live position),
/// and the recommendation for an incident over the loaded road graph (`DispatchRecommendation`).
package struct Recommender {
    let req: Request
    let caller: Caller

    /// Every unit in the caller's scope, with its live position.
    func candidates() async throws -> (units: [UUID: DispatchUnitRow], candidates: [DispatchCandidate]) {
        let units = try await DispatchUnitRow.rows(try await UnitStore(db: req.db).visible(to: caller))
        let positions = try await req.application.livePositions.positions(of: units.map(\.id), loadingFrom: FixStore(db: req.db))
        var byID: [UUID: DispatchUnitRow] = [:]
        var out: [DispatchCandidate] = []
        for u in units {
            let id = u.id
            guard let kind = PatrolUnitKind(rawValue: u.kind) else { continue }
            byID[id] = u
            out.append(DispatchCandidate(id: id.uuidString, kind: kind, status: PatrolUnitStatus(rawValue: u.status) ?? .offDuty,
                                         capabilities: Set(u.capabilities.split(separator: ",").compactMap { PatrolCapability(rawValue: String($0)) }),
                                         position: positions[id]))
        }
        return (byID, out)
    }

    func recommend(_ m: IncidentModel, limit: Int) async throws -> RecommendationDTO {
        let state = try IncidentStore.state(of: m)
        let incidentID = try m.requireID()
        var (units, candidates) = try await candidates()
        // A unit already on this incident is not offered again.
        let onIt = Set(state.activeUnits.map(\.uuidString))
        candidates.removeAll { onIt.contains($0.id) }
        let network = req.application.roadNetwork
        let now = req.now
        let ranked: DispatchRecommendation? = try network.withRouter { router in
            guard let scene = try? router.graph.snap(GeoPoint(lat: state.place.lat, lon: state.place.lon), maxMeters: 1000) else { return nil }
            return try DispatchRecommendation.rank(candidates, for: state.type.needs, at: scene, router: router, now: now, limit: limit)
        } ?? nil
        func sign(_ id: String) -> String { UUID(uuidString: id).flatMap { units[$0]?.callSign } ?? "" }
        guard let ranked else {
            return RecommendationDTO(incidentId: incidentID, units: [], excluded: [],
                                     note: network.graph == nil ? RoadNetwork.straightLineNote : "警情地点 1 公里内没有道路")
        }
        let list = ranked.units.compactMap { r -> RecommendationDTO.Unit? in
            guard let id = UUID(uuidString: r.id), let u = units[id] else { return nil }
            return RecommendationDTO.Unit(unitId: id, callSign: u.callSign, kind: u.kind, seconds: (r.seconds * 10).rounded() / 10,
                                          meters: r.meters.rounded(), route: r.route.map { [$0.lon, $0.lat] })
        }
        let excluded = ranked.excluded.sorted { sign($0.key) < sign($1.key) }.compactMap { id, why in
            UUID(uuidString: id).map { RecommendationDTO.Excluded(unitId: $0, callSign: sign(id), reason: why.rawValue) }
        }
        return RecommendationDTO(incidentId: incidentID, units: list, excluded: excluded, note: nil)
    }

    /// The drive times of `units` to the incident now, of those with a fresh position near a road:
    /// kept on the dispatch so the response report can compare the estimate with the arrival.
    func etas(of units: [PatrolUnitModel], to m: IncidentModel) async throws -> [UUID: Double] {
        try await drives(of: units, to: try IncidentStore.state(of: m).place, routes: false).mapValues(\.seconds)
    }

    /// The drive of `unit` from its fresh live position to `place`, with the route when asked.
    func drive(of unit: PatrolUnitModel, to place: IncidentPlace, routes: Bool = true) async throws -> Drive? {
        guard let id = unit.id else { return nil }
        return try await drives(of: [unit], to: place, routes: routes)[id]
    }

    typealias Drive = (seconds: Double, meters: Double, route: [GeoPoint])

    /// The drives of `units` to `place`, from one read of their positions and one search.
    func drives(of units: [PatrolUnitModel], to place: IncidentPlace, routes: Bool) async throws -> [UUID: Drive] {
        let positions = try await req.application.livePositions.positions(of: units.compactMap(\.id), loadingFrom: FixStore(db: req.db))
        let fresh = positions.filter { !$0.value.isStale(at: req.now, after: LivePosition.staleAfter) }
        guard !fresh.isEmpty else { return [:] }
        return req.application.roadNetwork.withRouter { router -> [UUID: Drive] in
            guard let scene = try? router.graph.snap(GeoPoint(lat: place.lat, lon: place.lon), maxMeters: 1000) else { return [:] }
            // A unit more than 500 m from any road has no drive time.
            let snapped = fresh.compactMap { id, p in
                (try? router.graph.snap(GeoPoint(lat: p.fix.lat, lon: p.fix.lon), maxMeters: 500)).map { (id, $0) }
            }
            guard !snapped.isEmpty else { return [:] }
            let ids = snapped.map(\.0)
            let placed = PlacedUnits(graph: router.graph, ids: ids.map(\.uuidString), positions: snapped.map(\.1))
            let found = (try? router.nearestUnits(to: scene, units: placed, k: ids.count, routes: routes)) ?? []
            return Dictionary(found.map { (ids[$0.unitIndex], ($0.seconds, $0.meters, $0.route)) }, uniquingKeysWith: { a, _ in a })
        } ?? [:]
    }
}

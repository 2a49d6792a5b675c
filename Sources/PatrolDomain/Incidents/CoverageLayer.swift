import Foundation
import PinganDomain
import Routing

/// Standing coverage (覆盖, P5 and #10): the roads within a drive time (3 minutes by default) of any
/// unit standing by, each stretch coloured by the unit that reaches it first (a network Voronoi
/// cut at the limit), the share of the county's road length that is covered, and the grids whose
/// covered share is below a set share, so the command centre sees where a patrol should move.
///
/// Road length is counted as the map shows it: a two-way road once, the part reached from either
/// end (or from a unit standing on it) counted once. That differs from `Router.coverage`, which
/// counts each direction of travel, and so is the figure a county reads as "km of road covered".
public struct CoverageLayer: Sendable, Codable {
    /// What one unit covers first.
    public struct UnitRoads: Sendable, Codable, Hashable {
        public let unitID: String
        /// Road metres this unit reaches within the limit before any other unit.
        public let meters: Double
        /// Those roads as polylines (WGS84), a stretch owned end to end drawn as one line.
        public let lines: [[GeoPoint]]
    }

    /// Coverage of one grid: the road pieces whose midpoint lies in it.
    public struct GridCoverage: Sendable, Codable, Hashable {
        public let gridID: String
        public let coveredMeters: Double
        public let totalMeters: Double
        /// coveredMeters / totalMeters; nil for a grid without roads (there is nothing to cover).
        public let share: Double?
    }

    /// The limit actually searched (to the millisecond).
    public let limitSeconds: Double
    public let coveredMeters: Double
    public let totalMeters: Double
    /// coveredMeters / totalMeters (0 for a network without roads).
    public let share: Double
    /// One entry per placed unit, in the order placed; a unit that covers nothing has 0 m and no lines.
    public let units: [UnitRoads]
    /// One entry per grid of the index, in its order.
    public let grids: [GridCoverage]
    /// The share below which a grid is listed in `gridsBelow`.
    public let belowShare: Double
    /// Grids with roads whose share is below `belowShare`, the least covered first.
    public let gridsBelow: [String]

    /// The coverage of `units` over `router`'s graph, added up per unit and per grid of `grids`
    /// (prepared for the same graph). Every placed unit counts, available or not: place only the
    /// units standing by (``build(router:candidates:now:staleAfter:maxSnapMeters:limitSeconds:grids:belowShare:lines:)``
    /// does that from the live units). `lines: false` leaves out the geometry when only the figures are wanted.
    public static func build(router: Router, units: PlacedUnits, limitSeconds: Double = 180, grids: GridIndex,
                             belowShare: Double = 0.5, lines withLines: Bool = true) throws -> CoverageLayer {
        let graph = router.graph
        guard grids.graph === graph else { throw RoutingError.invalidArgument("the grid index was prepared for a different graph") }
        guard belowShare.isFinite else { throw RoutingError.invalidArgument("belowShare must be a number") }
        // The multi-source search: afterwards each vertex's drive time and first unit are read back.
        let coverage = try router.coverage(units: units, limitSeconds: limitSeconds)
        let limit = coverage.limitSeconds * 1000
        let n = graph.nodeCount
        var dist = [Double](repeating: .infinity, count: n)
        var owner = [Int32](repeating: -1, count: n)
        for v in 0..<n {
            guard let d = router.lastDistance(v), Double(d) <= limit, let o = router.coverageOwner(ofVertex: v, limitSeconds: coverage.limitSeconds) else { continue }
            dist[v] = Double(d); owner[v] = Int32(o)
        }
        // Units standing on a road piece reach along it from where they stand, not only from its ends.
        var standing: [Int32: [Origin]] = [:]
        for (u, p) in units.positions.enumerated() {
            guard let p else { continue }
            var e = p.edge, at = p.fraction
            if let t = mutualTwin(graph, e), t < e { e = t; at = 1 - at }
            let twoWay = mutualTwin(graph, e) != nil
            standing[Int32(e), default: []].append(Origin(at: at, ms: 0, owner: Int32(u), rises: true, falls: twoWay))
        }

        var parts: [Part] = []
        var unitMeters = [Double](repeating: 0, count: units.count)
        var gridCovered = [Double](repeating: 0, count: grids.gridIDs.count)
        var covered = 0.0
        for i in 0..<grids.pieceCount {
            let e = grids.pieceEdge[i], t = grids.pieceTwin[i]
            let u = graph.edgeSource(Int(e)), v = graph.edgeTarget(Int(e))
            let du = dist[u], dv = t >= 0 ? dist[v] : .infinity
            let here = standing[e]
            if du == .infinity && dv == .infinity && here == nil { continue }
            let we = Double(graph.edgeMilliseconds(Int(e))), wt = t >= 0 ? Double(graph.edgeMilliseconds(Int(t))) : 0
            let first = parts.count
            if var origins = here {
                if du <= limit { origins.append(Origin(at: 0, ms: du, owner: owner[u], rises: true, falls: false)) }
                if dv <= limit { origins.append(Origin(at: 1, ms: dv, owner: owner[v], rises: false, falls: true)) }
                reach(piece: e, twin: t, we: we, wt: wt, origins: origins, limit: limit, into: &parts)
            } else {
                reach(piece: e, twin: t, we: we, wt: wt, du: du <= limit ? du : nil, ownerU: owner[u],
                      dv: dv <= limit ? dv : nil, ownerV: owner[v], limit: limit, into: &parts)
            }
            let meters = graph.edgeMeters(Int(e))
            for p in parts[first...] {
                let m = (p.to - p.from) * meters
                unitMeters[Int(p.owner)] += m
                covered += m
                if grids.pieceGrid[i] >= 0 { gridCovered[Int(grids.pieceGrid[i])] += m }
            }
        }

        let drawn = withLines ? lines(parts, graph: graph, owners: units.count) : []
        let unitRoads = units.ids.indices.map { u in
            UnitRoads(unitID: units.ids[u], meters: unitMeters[u], lines: withLines ? drawn[u] : [])
        }
        let gridRows = grids.gridIDs.indices.map { k in
            GridCoverage(gridID: grids.gridIDs[k], coveredMeters: gridCovered[k], totalMeters: grids.gridMeters[k],
                         share: grids.gridMeters[k] > 0 ? gridCovered[k] / grids.gridMeters[k] : nil)
        }
        let below = gridRows.enumerated()
            .compactMap { k, row in row.share.flatMap { $0 < belowShare ? (k, $0) : nil } }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .map { grids.gridIDs[$0.0] }
        return CoverageLayer(limitSeconds: coverage.limitSeconds, coveredMeters: covered, totalMeters: grids.totalMeters,
                             share: grids.totalMeters > 0 ? covered / grids.totalMeters : 0, units: unitRoads, grids: gridRows,
                             belowShare: belowShare, gridsBelow: below)
    }

    /// The same from the live units: those standing by (available or returning), that move, with a
    /// fresh position on a road. A post is left out: it holds its place and does not drive to an incident.
    public static func build(router: Router, candidates: [DispatchCandidate], now: Date,
                             staleAfter: TimeInterval = LivePosition.staleAfter, maxSnapMeters: Double = 500,
                             limitSeconds: Double = 180, grids: GridIndex, belowShare: Double = 0.5,
                             lines: Bool = true) throws -> CoverageLayer {
        var ids: [String] = [], positions: [RoadPosition] = []
        for c in candidates where c.status.isDispatchable && c.kind.moves {
            guard let live = c.position, !live.isStale(at: now, after: staleAfter),
                  let p = try? router.graph.snap(GeoPoint(lat: live.fix.lat, lon: live.fix.lon), maxMeters: maxSnapMeters) else { continue }
            ids.append(c.id); positions.append(p)
        }
        let placed = PlacedUnits(graph: router.graph, ids: ids, positions: positions)
        return try build(router: router, units: placed, limitSeconds: limitSeconds, grids: grids, belowShare: belowShare, lines: lines)
    }
}

import Foundation
import Routing

/// Which units to move into a spiking grid, and from where (P6, 调用机动力量和周边地区警力予以增援).
///
/// Units are taken nearest first by drive time to the spiking grid, and a unit is taken only if
/// every grid it and the units already taken come from (the donors) keeps at least `keepShare` of
/// its current 3-minute road coverage. That is checked by recomputing the coverage layer with the
/// routing core without the moved units, not estimated: coverage overlaps, so what a unit "owns"
/// is not what its grid loses. The share is of what the donor has now, not of its road length, so a
/// rural grid that never reaches a fixed share is judged against its own coverage, and a donor with
/// no coverage at all (its unit standing outside it) can always give: 0 kept of 0 is nothing lost.
public struct ReinforcementProposal: Sendable, Codable, Equatable {
    /// The share of a donor's current coverage it must keep.
    public static let defaultKeepShare = 0.70
    /// How many units a spike asks for.
    public static let defaultWanted = 2

    /// A unit that may be sent.
    public struct Unit: Sendable, Equatable {
        public let id: String
        /// Where it stands now, on the road network.
        public let position: RoadPosition
        /// The grid it patrols: the donor when it leaves.
        public let homeGridID: String
        public init(id: String, position: RoadPosition, homeGridID: String) {
            self.id = id; self.position = position; self.homeGridID = homeGridID
        }
    }

    /// A unit to move in.
    public struct Move: Sendable, Codable, Equatable {
        public let unitID: String
        public let fromGridID: String
        /// Drive time from where it stands to the spiking grid's point.
        public let seconds: Double
    }

    /// A donor's coverage before and after all the moves.
    public struct Donor: Sendable, Codable, Equatable {
        public let gridID: String
        public let coveredMetersBefore: Double
        public let coveredMetersAfter: Double
        /// after / before; nil when the donor had no coverage to lose.
        public var keptShare: Double? { coveredMetersBefore > 0 ? coveredMetersAfter / coveredMetersBefore : nil }
    }

    /// A unit considered and not taken, because a donor would have kept less than its share.
    public struct Passed: Sendable, Codable, Equatable {
        public let unitID: String
        public let fromGridID: String
        /// Its drive time to the spiking grid's point.
        public let seconds: Double
        /// The donor that would have fallen below its share.
        public let gridID: String
        /// The share that donor would have kept.
        public let wouldKeepShare: Double
    }

    public let gridID: String
    public let keepShare: Double
    public let limitSeconds: Double
    /// Units to move, nearest first (at most `wanted`; fewer when no more can be spared).
    public let moves: [Move]
    /// Every donor of the moves, with its coverage before and after all of them.
    public let donors: [Donor]
    /// Units considered and passed over, in the order considered.
    public let passed: [Passed]

    /// Proposes up to `wanted` units for `gridID`, whose point on the roads is `target`.
    ///
    /// Units whose home is the spiking grid are not reinforcement and are left where they are; units
    /// that cannot reach `target` are not considered. Each candidate costs one coverage search.
    public static func propose(gridID: String, target: RoadPosition, units: [Unit], router: Router,
                               grids: CoverageLayer.GridIndex, limitSeconds: Double = 180,
                               keepShare: Double = defaultKeepShare, wanted: Int = defaultWanted) throws -> ReinforcementProposal {
        guard keepShare.isFinite, keepShare >= 0, keepShare <= 1 else { throw RoutingError.invalidArgument("keepShare must be between 0 and 1") }
        guard wanted >= 0 else { throw RoutingError.invalidArgument("wanted must not be negative") }
        var gridIndex: [String: Int] = [:]
        for (k, id) in grids.gridIDs.enumerated() where gridIndex[id] == nil { gridIndex[id] = k }
        for u in units where u.homeGridID != gridID && gridIndex[u.homeGridID] == nil {
            throw RoutingError.invalidArgument("unit \(u.id)'s home grid \(u.homeGridID) is not in the grid index")
        }

        // Coverage now, with every unit where it stands.
        let before = try covered(units: units, without: [], router: router, grids: grids, limitSeconds: limitSeconds)

        // Candidates nearest first: one backward search from the target ranks them all.
        let candidates = units.indices.filter { units[$0].homeGridID != gridID }
        let placed = PlacedUnits(graph: router.graph, ids: candidates.map { units[$0].id }, positions: candidates.map { units[$0].position })
        let ranked = try router.nearestUnits(to: target, units: placed, k: candidates.count, routes: false)
            .sorted { ($0.seconds, $0.unitIndex) < ($1.seconds, $1.unitIndex) }

        var taken: [Int] = [], moves: [Move] = [], passed: [Passed] = []
        var after = before
        for eta in ranked {
            guard moves.count < wanted else { break }
            let u = candidates[eta.unitIndex]
            let trial = Set(taken + [u])
            let covered = try covered(units: units, without: trial, router: router, grids: grids, limitSeconds: limitSeconds)
            // Donors checked in a fixed order, so the reason given is the same every time.
            let donorIDs = Set(trial.map { units[$0].homeGridID }).sorted()
            let breach = donorIDs.lazy.compactMap { d -> Passed? in
                let k = gridIndex[d]!
                guard !kept(before: before[k], after: covered[k], share: keepShare) else { return nil }
                return Passed(unitID: units[u].id, fromGridID: units[u].homeGridID, seconds: eta.seconds, gridID: d, wouldKeepShare: covered[k] / before[k])
            }.first
            if let breach {
                passed.append(breach)
                continue
            }
            taken.append(u); after = covered
            moves.append(Move(unitID: units[u].id, fromGridID: units[u].homeGridID, seconds: eta.seconds))
        }
        let donors = Set(taken.map { units[$0].homeGridID }).sorted().map { d in
            Donor(gridID: d, coveredMetersBefore: before[gridIndex[d]!], coveredMetersAfter: after[gridIndex[d]!])
        }
        return ReinforcementProposal(gridID: gridID, keepShare: keepShare, limitSeconds: limitSeconds, moves: moves,
                                     donors: donors, passed: passed)
    }

    /// Whether `after` keeps `share` of `before`, allowing for rounding in the sums (a donor with
    /// nothing keeps all of it).
    static func kept(before: Double, after: Double, share: Double) -> Bool {
        after >= share * before - 1e-9 * Swift.max(1, before)
    }

    /// Covered road metres per grid of `grids` with every unit but those in `without` in place.
    static func covered(units: [Unit], without: Set<Int>, router: Router, grids: CoverageLayer.GridIndex,
                        limitSeconds: Double) throws -> [Double] {
        let staying = units.indices.filter { !without.contains($0) }
        let placed = PlacedUnits(graph: router.graph, ids: staying.map { units[$0].id }, positions: staying.map { units[$0].position })
        let layer = try CoverageLayer.build(router: router, units: placed, limitSeconds: limitSeconds, grids: grids, lines: false)
        return layer.grids.map(\.coveredMeters)
    }
}

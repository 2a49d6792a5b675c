import Foundation
import PinganDomain
import Routing

extension CoverageLayer {
    /// The road network cut into road pieces and grids, prepared once per graph and grid set so a
    /// coverage refresh (every few seconds on the command map) only runs the search and adds up.
    ///
    /// A road piece is what a map draws as one road: a two-way road (an edge and its twin) once, a
    /// one-way edge on its own. Each piece belongs to the grid that contains its midpoint, so a road
    /// on a grid boundary is counted once, not in both grids and not in neither.
    public struct GridIndex: Sendable {
        public let graph: RoadGraph
        /// Grid ids in the order given.
        public let gridIDs: [String]
        /// Road length of each grid, metres (pieces counted once).
        public let gridMeters: [Double]
        /// Road length of the whole network, metres (a two-way road once, unlike `RoadGraph.totalMeters`).
        public let totalMeters: Double
        /// The edge that stands for each piece.
        let pieceEdge: [Int32]
        /// The opposite edge of each piece, or -1 for a one-way road.
        let pieceTwin: [Int32]
        /// The grid of each piece (index into `gridIDs`), or -1 when no grid holds its midpoint.
        let pieceGrid: [Int32]

        /// Prepares `graph` for coverage refreshes over `grids` (WGS84 geometries; a piece whose
        /// midpoint lies in several overlapping grids goes to the first). No grids: only the county total.
        public init(graph: RoadGraph, grids: [(id: String, geometry: UnitGeometry)] = []) {
            self.graph = graph
            gridIDs = grids.map(\.id)
            // Bounding boxes first: a point-in-polygon test per piece and grid is what makes this slow.
            let boxes = grids.map { Box($0.geometry) }
            var edges: [Int32] = [], twins: [Int32] = [], owners: [Int32] = []
            var perGrid = [Double](repeating: 0, count: grids.count)
            var total = 0.0
            for e in 0..<graph.edgeCount {
                let t = CoverageLayer.mutualTwin(graph, e)
                if let t, t < e { continue }
                let mid = graph.geometry(ofEdge: e, from: 0.5, to: 0.5)[0]
                var grid: Int32 = -1
                for (i, g) in grids.enumerated() where boxes[i].contains(mid) && g.geometry.contains(mid) {
                    grid = Int32(i)
                    break
                }
                let meters = graph.edgeMeters(e)
                edges.append(Int32(e)); twins.append(Int32(t ?? -1)); owners.append(grid)
                total += meters
                if grid >= 0 { perGrid[Int(grid)] += meters }
            }
            pieceEdge = edges; pieceTwin = twins; pieceGrid = owners
            gridMeters = perGrid
            totalMeters = total
        }

        /// Number of road pieces.
        public var pieceCount: Int { pieceEdge.count }
    }

    /// The twin of `e` only when the pairing goes both ways: parallel duplicate edges can leave a
    /// one-sided twin, and counting such a piece twice would cover more road than there is.
    static func mutualTwin(_ graph: RoadGraph, _ e: Int) -> Int? {
        guard let t = graph.twinEdge(e), t != e, graph.twinEdge(t) == e else { return nil }
        return t
    }
}

/// A latitude/longitude box around a geometry's polygons (empty for a point: it holds no road).
private struct Box {
    var minLat = Double.infinity, maxLat = -Double.infinity, minLon = Double.infinity, maxLon = -Double.infinity

    init(_ geometry: UnitGeometry) {
        for polygon in geometry.polygons {
            for p in polygon.outer {
                minLat = min(minLat, p.lat); maxLat = max(maxLat, p.lat)
                minLon = min(minLon, p.lon); maxLon = max(maxLon, p.lon)
            }
        }
    }

    func contains(_ p: GeoPoint) -> Bool { p.lat >= minLat && p.lat <= maxLat && p.lon >= minLon && p.lon <= maxLon }
}

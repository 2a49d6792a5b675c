import Foundation
import PinganDomain
import Routing

/// The layout behind ``DemoRoadNetwork``, step by step. Every choice iterates arrays in order and
/// draws no random numbers, so the same input gives the same graph.
struct DemoRoadGenerator {
    let input: DemoRoadNetwork.Input
    var sketch = RoadSketch()
    /// The county-seat street grid, `grid[i][j]` west→east, south→north (nil outside the county).
    var grid: [[Int?]] = []
    var gates: [Int] = []
    var exits: [(position: GeoPoint, vertex: Int)] = []
    var outside = Set<Int>()

    /// 9 × 9 streets about 400 m apart: a county seat of some 3 km across.
    static let gridLines = 9
    static let gridHalfLon = 0.018, gridHalfLat = 0.0144
    /// Township seats nearer the county seat than this are in its area, not seats of their own.
    static let seatMergeMeters = 3_000.0
    /// Arterials leave the county from the township seats that lie this close to the boundary.
    static let exitReachMeters = 7_000.0
    static let stubMeters = 1_500.0

    init(input: DemoRoadNetwork.Input) { self.input = input }

    mutating func run(profile: SpeedProfile) throws -> DemoRoadNetwork {
        let seatVertex = streetGrid()
        let seats = input.townshipSeats.filter { $0.distance(to: input.countySeat) > Self.seatMergeMeters }
            .map { BoundaryGeometry.pulledInside($0, toward: input.countySeat, input.boundary, margin: 100) }
        arterials(seats)
        throughRoads()
        townshipExits(seats)
        let villages = villageRoads()
        let (graph, classes) = try sketch.graph(profile: profile)
        let sites = CheckpointSite.numbered(.countyExit, exits, around: input.countySeat)
            + CheckpointSite.numbered(.cityGate, Array(Set(gates)).sorted().map { (sketch.points[$0], $0) }, around: input.countySeat)
        return DemoRoadNetwork(graph: graph, edgeClasses: classes, checkpoints: sites, countySeatVertex: seatVertex,
                               villageVertices: villages, outsideVertices: outside)
    }

    // MARK: the county seat

    /// The street grid: the middle street each way is a main street (primary), the rest
    /// residential; two streets run one way east and west, one north. Returns the centre vertex.
    mutating func streetGrid() -> Int {
        let n = Self.gridLines, c = input.countySeat
        func at(_ i: Int, _ j: Int) -> GeoPoint {
            GeoPoint(lat: c.lat - Self.gridHalfLat + 2 * Self.gridHalfLat * Double(j) / Double(n - 1),
                     lon: c.lon - Self.gridHalfLon + 2 * Self.gridHalfLon * Double(i) / Double(n - 1))
        }
        grid = (0..<n).map { i in (0..<n).map { j in input.boundary.contains(at(i, j)) ? sketch.vertex(at(i, j)) : nil } }
        let mid = n / 2
        for j in 0..<n {
            for i in 0..<(n - 1) {
                guard let a = grid[i][j], let b = grid[i + 1][j] else { continue }
                switch j {
                case mid: sketch.piece(a, b, .primary)
                case 2: sketch.piece(a, b, .residential, oneway: true)
                case n - 3: sketch.piece(b, a, .residential, oneway: true)
                default: sketch.piece(a, b, .residential)
                }
            }
        }
        for i in 0..<n {
            for j in 0..<(n - 1) {
                guard let a = grid[i][j], let b = grid[i][j + 1] else { continue }
                switch i {
                case mid: sketch.piece(a, b, .primary)
                case 2: sketch.piece(a, b, .residential, oneway: true)
                default: sketch.piece(a, b, .residential)
                }
            }
        }
        // The seat itself is the grid's centre crossing (the GeoNames point).
        return grid[mid][mid] ?? sketch.vertex(c)
    }

    /// The grid's edge vertices: where roads from outside enter the county seat.
    var perimeter: [Int] {
        let n = Self.gridLines
        return (0..<n).flatMap { i in (0..<n).compactMap { j in (i == 0 || j == 0 || i == n - 1 || j == n - 1) ? grid[i][j] : nil } }
    }

    /// The perimeter vertex nearest `p`: the gate a road from `p` enters by.
    func gate(toward p: GeoPoint) -> Int {
        perimeter.min { (sketch.points[$0].distance(to: p), $0) < (sketch.points[$1].distance(to: p), $1) }!
    }

    // MARK: arterials

    /// A spanning tree over the county seat and the township seats (cheapest links first, a link
    /// leaving the county costing five times its length), plus three more links that make loops,
    /// so one closed road never cuts a township off. Links to the county seat are trunk roads.
    mutating func arterials(_ seats: [GeoPoint]) {
        let nodes = [input.countySeat] + seats
        let b = input.boundary
        let costs = nodes.indices.map { i in
            nodes.indices.map { j in i == j ? 0 : nodes[i].distance(to: nodes[j]) * (1 + 4 * BoundaryGeometry.outsideShare(nodes[i], nodes[j], b)) }
        }
        func cost(_ i: Int, _ j: Int) -> Double { costs[i][j] }
        var inTree = [true] + Array(repeating: false, count: seats.count)
        var links: [(Int, Int)] = []
        while links.count < seats.count {
            var best: (Double, Int, Int)?
            for i in nodes.indices where inTree[i] {
                for j in nodes.indices where !inTree[j] {
                    let c = cost(i, j)
                    if best == nil || c < best!.0 { best = (c, i, j) }
                }
            }
            guard let (_, i, j) = best else { break }
            inTree[j] = true
            links.append((i, j))
        }
        let linked = Set(links.map { Set([$0.0, $0.1]) })
        var extra = nodes.indices.flatMap { i in nodes.indices.filter { $0 > i }.map { (i, $0) } }
            .filter { !linked.contains(Set([$0.0, $0.1])) }
            .sorted { (cost($0.0, $0.1), $0.0, $0.1) < (cost($1.0, $1.1), $1.0, $1.1) }
        extra = Array(extra.prefix(3))
        for (i, j) in links + extra {
            let cls: RoadClass = i == 0 || j == 0 ? .trunk : .primary
            let from = i == 0 ? gateEntry(toward: nodes[j]) : nodes[i]
            let line = [from, nodes[j]]
            sketch.road(line, cls) { BoundaryGeometry.pulledInside($0, toward: self.input.countySeat, b) }
        }
    }

    /// The gate position for a road arriving from `p`; records the gate.
    mutating func gateEntry(toward p: GeoPoint) -> GeoPoint {
        let g = gate(toward: p)
        gates.append(g)
        return sketch.points[g]
    }

    // MARK: exits

    /// Trunk roads through the county seat leave north, south and east (towards Handan and the
    /// national road), as the real county's do.
    mutating func throughRoads() {
        let n = Self.gridLines, mid = n / 2
        let starts: [(Int, Int, Double, Double)] = [(mid, n - 1, 1, 0), (mid, 0, -1, 0), (n - 1, mid, 0, 1)]
        for (i, j, dLat, dLon) in starts {
            guard let v = grid[i][j] else { continue }
            gates.append(v)
            exitRoad(from: sketch.points[v], dLat: dLat, dLon: dLon, .trunk)
        }
    }

    /// Township seats near the boundary get a primary road leaving the county, pointing away
    /// from the county seat.
    mutating func townshipExits(_ seats: [GeoPoint]) {
        let c = input.countySeat
        let k = cos(c.lat * .pi / 180)
        var candidates: [(Double, GeoPoint, Double, Double)] = []
        for s in seats {
            var dLat = s.lat - c.lat, dLon = (s.lon - c.lon) * k
            let norm = (dLat * dLat + dLon * dLon).squareRoot()
            guard norm > 0 else { continue }
            dLat /= norm; dLon /= norm
            if let d = exitDistance(from: s, dLat: dLat, dLon: dLon / k), d < Self.exitReachMeters { candidates.append((d, s, dLat, dLon / k)) }
        }
        for (_, s, dLat, dLon) in candidates.sorted(by: { $0.0 < $1.0 }).prefix(4) {
            exitRoad(from: s, dLat: dLat, dLon: dLon, .primary)
        }
    }

    /// Metres from `p` along (dLat, dLon) to the first boundary crossing.
    func exitDistance(from p: GeoPoint, dLat: Double, dLon: Double) -> Double? {
        let far = GeoPoint(lat: p.lat + dLat * 0.6, lon: p.lon + dLon * 0.6)
        return BoundaryGeometry.firstCrossing(p, far, input.boundary).map { p.distance(to: BoundaryGeometry.lerp(p, far, $0)) }
    }

    /// A road from `p` (inside) straight out to the boundary, an exit vertex on it, and a stub
    /// beyond so the road visibly leaves the county. A ray that only crosses a notch of the
    /// boundary (outside again within 3 km) or meets an exit already made is no exit.
    mutating func exitRoad(from p: GeoPoint, dLat: Double, dLon: Double, _ cls: RoadClass) {
        let far = GeoPoint(lat: p.lat + dLat * 0.6, lon: p.lon + dLon * 0.6)
        guard let t = BoundaryGeometry.firstCrossing(p, far, input.boundary) else { return }
        let x = BoundaryGeometry.lerp(p, far, t)
        let reach = p.distance(to: far)
        let beyond = (1...15).map { BoundaryGeometry.lerp(p, far, t + Double($0) * 200 / reach) }
        guard beyond.allSatisfy({ !input.boundary.contains($0) }),
              exits.allSatisfy({ $0.position.distance(to: x) > 2_000 }) else { return }
        let stub = BoundaryGeometry.lerp(p, far, t + Self.stubMeters / reach)
        let vs = sketch.road([p, x], cls)
        let end = sketch.road([x, stub], cls, step: .infinity).last!
        exits.append((x, vs.last!))
        outside.insert(end)
    }

    // MARK: villages

    /// Each village, nearest the county seat first, gets a road to the nearest point of the roads
    /// so far (so far villages chain through nearer ones, as country roads do): a 县道 (secondary)
    /// when longer than 2.5 km, else a 乡道 (tertiary); inside the county seat, a street.
    mutating func villageRoads() -> [Int] {
        let c = input.countySeat, b = input.boundary
        let order = input.villages.indices.sorted {
            (input.villages[$0].distance(to: c), $0) < (input.villages[$1].distance(to: c), $1)
        }
        var result = [Int](repeating: 0, count: input.villages.count)
        let exitVertices = Set(exits.map(\.vertex))
        for k in order {
            let p = input.villages[k]
            var best = -1, bestD = Double.infinity
            for v in sketch.points.indices where !outside.contains(v) && !exitVertices.contains(v) {
                let d = sketch.points[v].distance(to: p)
                if d < bestD { best = v; bestD = d }
            }
            let inSeat = abs(p.lat - c.lat) <= Self.gridHalfLat && abs(p.lon - c.lon) <= Self.gridHalfLon
            let cls: RoadClass = inSeat ? .residential : bestD > 2_500 ? .secondary : .tertiary
            let vs = sketch.road([sketch.points[best], p], cls) { BoundaryGeometry.pulledInside($0, toward: p, b) }
            result[k] = vs.last!
        }
        return result
    }
}

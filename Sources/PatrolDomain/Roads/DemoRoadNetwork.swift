import Foundation
import PinganDomain
import Routing

/// The demo county's illustrative road network (示意路网), generated from the same plan as its
/// org tree: arterials linking the township seats and the county seat, a street grid in the
/// county seat, a road to every village, and roads leaving the county through exits on the
/// boundary. Same input → the same graph, byte for byte. No surveyed roads are in our sources;
/// a county loads its own with `pingan route import` or `import-geojson`.
public struct DemoRoadNetwork: Sendable {
    public struct Input: Sendable {
        public var boundary: GeoPolygon
        public var countySeat: GeoPoint
        public var townshipSeats: [GeoPoint]
        public var villages: [GeoPoint]
        public init(boundary: GeoPolygon, countySeat: GeoPoint, townshipSeats: [GeoPoint], villages: [GeoPoint]) {
            self.boundary = boundary; self.countySeat = countySeat; self.townshipSeats = townshipSeats; self.villages = villages
        }

        /// Ci County as the demo plan lays it out (the villages' points from `CiCountyPlan.build`).
        public static func ciCounty(source: CountySource, boundary: GeoPolygon) -> Input {
            let seats = CiCountyPlan.seats(source: source, boundary: boundary)
            let villages = CiCountyPlan.build(source: source, boundary: boundary).compactMap { u -> GeoPoint? in
                guard u.kind == .village || u.kind == .community, case .point(let p)? = u.geometry else { return nil }
                return p
            }
            return Input(boundary: boundary, countySeat: seats.county, townshipSeats: seats.townships.map(\.point), villages: villages)
        }
    }

    public let graph: RoadGraph
    /// The class of each directed edge, by edge id.
    public let edgeClasses: [RoadClass]
    /// County exits and county-seat gates.
    public let checkpoints: [CheckpointSite]
    /// The vertex at the centre of the county seat.
    public let countySeatVertex: Int
    /// The vertex at each village of `Input.villages`, in order.
    public let villageVertices: [Int]
    /// The vertices beyond the exits, outside the county (the only ones outside).
    public let outsideVertices: Set<Int>

    public static func generate(_ input: Input, profile: SpeedProfile = .standard) throws -> DemoRoadNetwork {
        var g = DemoRoadGenerator(input: input)
        return try g.run(profile: profile)
    }

    init(graph: RoadGraph, edgeClasses: [RoadClass], checkpoints: [CheckpointSite], countySeatVertex: Int,
         villageVertices: [Int], outsideVertices: Set<Int>) {
        self.graph = graph; self.edgeClasses = edgeClasses; self.checkpoints = checkpoints
        self.countySeatVertex = countySeatVertex; self.villageVertices = villageVertices; self.outsideVertices = outsideVertices
    }
}

import Foundation
import PatrolDomain
import PinganDomain
import Vapor

/// `GET /api/v1/road-network`: GeoJSON (WGS84) the map draws as it is, roads as LineStrings and
/// checkpoint sites as Points, with what the network is on the collection itself.
package struct RoadNetworkDTO: Content {
    package struct Info: Codable, Sendable {
        /// True for the demo's generated roads: the map labels them 示意路网.
        package var illustrative: Bool
        package var label: String?
        package var source: String
        /// Set when no graph is loaded: every distance on the patrol side is a straight line.
        package var distanceNote: String?
        package var zoom: Int?
    }
    package var type = "FeatureCollection"
    package var properties: Info
    package var features: [RoadFeatureDTO]
}

/// One feature: a road line or a checkpoint site.
package enum RoadFeatureDTO: Codable, Sendable {
    case road(Road)
    case checkpoint(Checkpoint)

    package struct Road: Codable, Sendable {
        package struct Geometry: Codable, Sendable {
            package var type = "LineString"
            package var coordinates: [[Double]]
        }
        package struct Properties: Codable, Sendable {
            package var `class`: String
            package var classLabel: String
            /// Drawn in the one direction it may be driven.
            package var oneway: Bool
        }
        package var type = "Feature"
        package var geometry: Geometry
        package var properties: Properties
    }

    package struct Checkpoint: Codable, Sendable {
        package struct Geometry: Codable, Sendable {
            package var type = "Point"
            package var coordinates: [Double]
        }
        package struct Properties: Codable, Sendable {
            package var kind: String
            package var kindLabel: String
            package var name: String
        }
        package var type = "Feature"
        package var geometry: Geometry
        package var properties: Properties
    }

    package init(from decoder: Decoder) throws {
        if let r = try? Road(from: decoder), r.geometry.type == "LineString" { self = .road(r) } else { self = .checkpoint(try Checkpoint(from: decoder)) }
    }

    package func encode(to encoder: Encoder) throws {
        switch self {
        case .road(let r): try r.encode(to: encoder)
        case .checkpoint(let c): try c.encode(to: encoder)
        }
    }

    /// Longitude, latitude to 1e-6° (about 0.1 m): GeoJSON's order, a tenth of the bytes.
    static func position(_ p: GeoPoint) -> [Double] { [(p.lon * 1e6).rounded() / 1e6, (p.lat * 1e6).rounded() / 1e6] }

    init(_ line: RoadDrawing.Line) {
        self = .road(Road(geometry: .init(coordinates: line.points.map(Self.position)),
                          properties: .init(class: line.roadClass.rawValue, classLabel: line.roadClass.label, oneway: line.oneway)))
    }

    init(_ site: CheckpointSite) {
        self = .checkpoint(Checkpoint(geometry: .init(coordinates: Self.position(site.position)),
                                      properties: .init(kind: site.kind.rawValue, kindLabel: site.kind.label, name: site.name)))
    }
}

import Foundation

/// The optional geometry of an org unit, in WGS84, coded as a GeoJSON geometry object.
public enum UnitGeometry: Hashable, Sendable {
    case point(GeoPoint)
    case polygon(GeoPolygon)
    case multiPolygon([GeoPolygon])

    /// Polygons of this geometry (empty for a point).
    public var polygons: [GeoPolygon] {
        switch self {
        case .point: []
        case .polygon(let p): [p]
        case .multiPolygon(let ps): ps
        }
    }

    /// A representative point: the point itself, or the centroid of the largest polygon.
    public var anchor: GeoPoint? {
        switch self {
        case .point(let p): return p
        default: return polygons.max { abs($0.signedArea) < abs($1.signedArea) }?.centroid
        }
    }

    public func contains(_ p: GeoPoint) -> Bool {
        polygons.contains { $0.contains(p) }
    }
}

/// Reasons a GeoJSON geometry is refused; each says what to fix.
public enum GeoJSONError: Error, Equatable, CustomStringConvertible {
    case unsupportedType(String)
    case badCoordinates(String)
    case outOfRange(Double, Double)
    case noGeometry

    public var description: String {
        switch self {
        case .unsupportedType(let t): "GeoJSON geometry type \(t) is not supported (use Point, Polygon or MultiPolygon)"
        case .badCoordinates(let why): "GeoJSON coordinates are malformed: \(why)"
        case .outOfRange(let lon, let lat): "coordinate [\(lon), \(lat)] is not a WGS84 longitude/latitude"
        case .noGeometry: "the GeoJSON holds no geometry"
        }
    }
}

extension UnitGeometry: Codable {
    private enum Keys: String, CodingKey { case type, coordinates }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        do {
            switch type {
            case "Point":
                self = .point(try Self.point(try c.decode([Double].self, forKey: .coordinates)))
            case "Polygon":
                self = .polygon(try Self.polygon(try c.decode([[[Double]]].self, forKey: .coordinates)))
            case "MultiPolygon":
                // An empty MultiPolygon is no area at all: refuse it rather than store a unit with no shape.
                let polygons = try c.decode([[[[Double]]]].self, forKey: .coordinates)
                guard !polygons.isEmpty else { throw GeoJSONError.badCoordinates("a MultiPolygon needs at least one polygon") }
                self = .multiPolygon(try polygons.map(Self.polygon))
            default:
                throw GeoJSONError.unsupportedType(type)
            }
        } catch let e as GeoJSONError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: e.description, underlyingError: e))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .point(let p):
            try c.encode("Point", forKey: .type)
            try c.encode([p.lon, p.lat], forKey: .coordinates)
        case .polygon(let p):
            try c.encode("Polygon", forKey: .type)
            try c.encode(Self.rings(p), forKey: .coordinates)
        case .multiPolygon(let ps):
            try c.encode("MultiPolygon", forKey: .type)
            try c.encode(ps.map(Self.rings), forKey: .coordinates)
        }
    }

    static func point(_ xy: [Double]) throws -> GeoPoint {
        guard (2...3).contains(xy.count) else { throw GeoJSONError.badCoordinates("a position is longitude, latitude and at most an altitude") }
        guard (-180...180).contains(xy[0]), (-90...90).contains(xy[1]) else { throw GeoJSONError.outOfRange(xy[0], xy[1]) }
        return GeoPoint(lat: xy[1], lon: xy[0])
    }

    static func ring(_ coords: [[Double]]) throws -> Ring {
        // RFC 7946: a linear ring has four or more positions (the first repeated at the end).
        guard coords.count >= 4 else { throw GeoJSONError.badCoordinates("a ring needs at least 4 positions, the first repeated last") }
        var r = try coords.map(point)
        if r.count > 1, r.first == r.last { r.removeLast() }
        guard r.count >= 3 else { throw GeoJSONError.badCoordinates("a ring needs at least 3 distinct positions") }
        return r
    }

    static func polygon(_ rings: [[[Double]]]) throws -> GeoPolygon {
        guard let outer = rings.first else { throw GeoJSONError.badCoordinates("a polygon needs an outer ring") }
        return GeoPolygon(outer: try ring(outer), holes: try rings.dropFirst().map(ring))
    }

    /// Rings closed again (GeoJSON repeats the first position) and rounded to ~1 cm.
    static func rings(_ p: GeoPolygon) -> [[[Double]]] {
        ([p.outer] + p.holes).map { r in
            (r + (r.first.map { [$0] } ?? [])).map { [round7($0.lon), round7($0.lat)] }
        }
    }

    static func round7(_ v: Double) -> Double { (v * 1e7).rounded() / 1e7 }
}

extension UnitGeometry {
    /// Reads the first geometry of a GeoJSON FeatureCollection, Feature or bare geometry.
    public static func firstGeometry(inGeoJSON data: Data) throws -> UnitGeometry {
        struct Head: Decodable {
            var type: String
            var geometry: UnitGeometry?
            var features: [Head]?
        }
        let decoder = JSONDecoder()
        let head = try decoder.decode(Head.self, from: data)
        switch head.type {
        case "FeatureCollection":
            guard let g = head.features?.compactMap(\.geometry).first else { throw GeoJSONError.noGeometry }
            return g
        case "Feature":
            guard let g = head.geometry else { throw GeoJSONError.noGeometry }
            return g
        default:
            return try decoder.decode(UnitGeometry.self, from: data)
        }
    }
}

import Foundation
import GeoSupport
import PinganDomain

/// The demo county's cameras (示意点位, illustrative): no camera register exists in our sources, so
/// the demo places a plausible set the way a county builds 雪亮工程 — most in the county seat's
/// urban grids (street surveillance, face capture at crowds, vehicle recognition at junctions), a
/// plate-reading camera at every county exit and two at every gate of the county seat, and one at
/// each township seat. Deterministic: the same grids and sites give the same cameras.
public enum DemoCameras {
    public struct Grid: Sendable {
        public var code: String
        public var name: String
        public var geometry: UnitGeometry
        public var urban: Bool
        public init(code: String, name: String, geometry: UnitGeometry, urban: Bool) {
            self.code = code; self.name = name; self.geometry = geometry; self.urban = urban
        }
    }

    public struct Planned: Sendable, Hashable {
        public var code: String
        public var name: String
        public var kind: CameraKind
        public var position: GeoPoint
        /// The grid holding the position, by code; nil off every grid.
        public var gridCode: String?
    }

    /// Cameras per urban grid, and what each watches.
    static let urbanSpots: [(place: String, kind: CameraKind)] = [
        ("十字路口", .vehicleRecognition), ("农贸市场", .faceRecognition), ("学校门口", .surveillance),
        ("广场", .faceRecognition), ("主街", .surveillance),
    ]

    public static func plan(grids: [Grid], checkpoints: [CheckpointSite]) -> [Planned] {
        var out: [Planned] = []
        func add(_ name: String, _ kind: CameraKind, _ p: GeoPoint) {
            let grid = grids.first { $0.geometry.contains(p) }
            out.append(Planned(code: String(format: "XL-%04d", out.count + 1), name: name, kind: kind, position: p, gridCode: grid?.code))
        }
        for g in grids.sorted(by: { $0.code < $1.code }) where g.urban {
            var rng = SplitMix64(seed: stableSeed(g.code))
            for spot in urbanSpots {
                guard let p = point(in: g.geometry, rng: &rng) else { continue }
                add("\(g.name)·\(spot.place)", spot.kind, p)
            }
        }
        for site in checkpoints.sorted(by: { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) }) {
            add("\(site.name)·高清卡口", .hdCheckpoint, site.position)
            if site.kind == .cityGate {
                // A few metres off the gate's own camera, watching the other direction.
                add("\(site.name)·车辆识别", .vehicleRecognition, GeoPoint(lat: site.position.lat + 0.0002, lon: site.position.lon + 0.0002))
            }
        }
        for g in grids.sorted(by: { $0.code < $1.code }) where !g.urban {
            guard let a = g.geometry.anchor, g.geometry.contains(a) else { continue }
            add("\(g.name.replacingOccurrences(of: "巡控网格", with: ""))·镇区主街", .surveillance, a)
        }
        return out
    }

    /// A point inside `geometry`, drawn within its bounds (nil if 50 draws all miss it).
    static func point(in geometry: UnitGeometry, rng: inout SplitMix64) -> GeoPoint? {
        let polys = geometry.polygons
        guard let first = polys.first else { return nil }
        var lo = first.bounds.min, hi = first.bounds.max
        for p in polys.dropFirst() {
            lo = GeoPoint(lat: min(lo.lat, p.bounds.min.lat), lon: min(lo.lon, p.bounds.min.lon))
            hi = GeoPoint(lat: max(hi.lat, p.bounds.max.lat), lon: max(hi.lon, p.bounds.max.lon))
        }
        for _ in 0..<50 {
            let p = GeoPoint(lat: lo.lat + Double.random(in: 0..<1, using: &rng) * (hi.lat - lo.lat),
                             lon: lo.lon + Double.random(in: 0..<1, using: &rng) * (hi.lon - lo.lon))
            if geometry.contains(p) { return p }
        }
        return nil
    }

    /// FNV-1a of the code: the same seed on every run and platform (Swift's `hashValue` is not).
    static func stableSeed(_ s: String) -> UInt64 {
        s.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

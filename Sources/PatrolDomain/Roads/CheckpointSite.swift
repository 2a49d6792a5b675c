import Foundation
import GeoSupport

/// A place where the containment plan (P5) puts a checkpoint: a county exit (县界出口, sealed within
/// 10 minutes) or a county-seat gate (城区卡口, "closing the city gates" within 5).
public struct CheckpointSite: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case countyExit = "exit"
        case cityGate = "gate"

        public var label: String { self == .countyExit ? "县界出口" : "城区卡口" }
    }

    public var kind: Kind
    /// "县界出口 3", "城区卡口 2": numbered clockwise from north around the county seat.
    public var name: String
    public var position: GeoPoint
    /// The road-graph vertex at (or nearest to) the site, where a unit is routed to.
    public var vertex: Int

    public init(kind: Kind, name: String, position: GeoPoint, vertex: Int) {
        self.kind = kind; self.name = name; self.position = position; self.vertex = vertex
    }

    /// Names sites of one kind in clockwise order of bearing from `center`, starting at north.
    public static func numbered(_ kind: Kind, _ sites: [(position: GeoPoint, vertex: Int)], around center: GeoPoint) -> [CheckpointSite] {
        func bearing(_ p: GeoPoint) -> Double {
            let a = atan2((p.lon - center.lon) * cos(center.lat * .pi / 180), p.lat - center.lat)
            return a < 0 ? a + 2 * .pi : a
        }
        let sorted = sites.sorted { (bearing($0.position), $0.vertex) < (bearing($1.position), $1.vertex) }
        return sorted.enumerated().map { i, s in
            CheckpointSite(kind: kind, name: "\(kind.label) \(i + 1)", position: s.position, vertex: s.vertex)
        }
    }
}

import Foundation
import Routing

/// A road's class, named as OpenStreetMap's `highway=*` values (the speed profile's keys), so a
/// county's GIS classes map onto the same table the router's speeds come from.
public enum RoadClass: String, CaseIterable, Codable, Sendable, Comparable {
    case motorway, trunk, primary, secondary, tertiary, unclassified, residential
    case livingStreet = "living_street"
    case service

    public var label: String {
        switch self {
        case .motorway: "高速公路"
        case .trunk: "国道/干线"
        case .primary: "省道/主干路"
        case .secondary: "县道/次干路"
        case .tertiary: "乡道/支路"
        case .unclassified: "村道"
        case .residential: "街道"
        case .livingStreet: "生活街"
        case .service: "内部道路"
        }
    }

    /// The lowest map zoom at which the class is drawn: a county overview shows arterials only.
    public var minZoom: Int {
        switch self {
        case .motorway, .trunk, .primary: 0
        case .secondary: 10
        case .tertiary: 11
        case .unclassified, .residential: 13
        case .livingStreet, .service: 15
        }
    }

    /// Speed in km/h under `profile`, or nil when the profile does not drive it.
    public func speed(in profile: SpeedProfile) -> Double? {
        profile.speeds[rawValue].map { $0 * profile.emergencyFactor }
    }

    /// A graph file keeps times, not classes: the class whose default speed is nearest the edge's
    /// speed. Exact for graphs built with the default profile (residential and unclassified share
    /// a speed; residential is chosen), an estimate otherwise.
    public static func nearest(toKmh kmh: Double) -> RoadClass {
        var best = RoadClass.residential, bestGap = Double.infinity
        for c in allCases where c != .unclassified {
            guard let s = SpeedProfile.defaultSpeeds[c.rawValue] else { continue }
            let gap = abs(s - kmh)
            if gap < bestGap { best = c; bestGap = gap }
        }
        return best
    }

    /// Classes per edge of a graph read from a file, from each edge's speed.
    public static func estimated(for graph: RoadGraph) -> [RoadClass] {
        (0..<graph.edgeCount).map { e in
            let ms = Double(graph.edgeMilliseconds(e))
            return ms > 0 ? nearest(toKmh: graph.edgeMeters(e) / ms * 3600) : .residential
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: RoadClass, b: RoadClass) -> Bool { a.rank < b.rank }
}

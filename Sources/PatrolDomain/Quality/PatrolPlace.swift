import Foundation
import PinganDomain

/// A place a patrol is to be seen at: a hotspot, or the place of an open high-risk dispute (X1:
/// the justice side shares its place, nothing more).
public struct PatrolPlace: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case hotspot, dispute }
    public var id: String
    public var kind: Kind
    public var centre: GeoPoint
    public var radiusMeters: Double

    public init(id: String, kind: Kind, centre: GeoPoint, radiusMeters: Double = PatrolQualityRules.defaultPlaceRadiusMeters) {
        self.id = id; self.kind = kind; self.centre = centre; self.radiusMeters = radiusMeters
    }

    /// A dispute's place, by the dispute's id.
    public static func dispute(id: UUID, at centre: GeoPoint, radiusMeters: Double = PatrolQualityRules.defaultPlaceRadiusMeters) -> PatrolPlace {
        PatrolPlace(id: id.uuidString.lowercased(), kind: .dispute, centre: centre, radiusMeters: radiusMeters)
    }
}

/// One visit to a place: from first entering its radius to last leaving it, exits of at most
/// `visitMergeSeconds` between (and only counted intervals: a gap in the track ends a visit).
public struct PlaceVisit: Sendable, Hashable, Codable {
    public var start: Date
    public var end: Date
    /// Time actually inside the radius during the visit (short exits not counted).
    public var insideSeconds: TimeInterval
    public init(start: Date, end: Date, insideSeconds: TimeInterval) { self.start = start; self.end = end; self.insideSeconds = insideSeconds }
}

/// What one unit's day shows at one place.
public struct PlaceQuality: Sendable, Hashable, Codable {
    public var place: PatrolPlace
    public var visits: [PlaceVisit]
    /// Dosage: all time inside the radius, seconds.
    public var dosageSeconds: TimeInterval
    /// Visits of at least `stopMinimumSeconds` inside.
    public var stops: [PlaceVisit]
    /// Stops of 10–15 min (Koper's).
    public var koperStops: [PlaceVisit]
    /// Two-hour windows in the shift, and those holding the start of a Koper stop.
    public var windows: Int
    public var windowsWithKoperStop: Int

    public var dosageMinutes: Double { dosageSeconds / 60 }
    /// Share of the shift's two-hour windows with a 10–15 min stop (nil for an empty shift).
    public var koperCompliance: Double? { windows > 0 ? Double(windowsWithKoperStop) / Double(windows) : nil }
}

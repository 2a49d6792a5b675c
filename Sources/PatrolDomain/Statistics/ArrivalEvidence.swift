import Foundation

/// Whether a reported arrival has GPS evidence (#12, integrity warnings: "response times without
/// GPS evidence"). A time to the scene counts in the figures the county reports; it is backed when
/// the arriving unit's own track puts it at the scene around the moment it reported arriving: a
/// fix within `radiusMeters` of the scene within `windowSeconds` either side. A tap of 到达现场
/// with no such fix (no track at all, or a track elsewhere) makes the figure doubtful.
public struct ArrivalEvidence: Sendable, Equatable {
    public var windowSeconds: Double
    public var radiusMeters: Double

    public init(windowSeconds: Double = 300, radiusMeters: Double = 200) {
        self.windowSeconds = windowSeconds; self.radiusMeters = radiusMeters
    }

    /// True when one of `fixes` is within the radius of `scene` and the window of `arrivedAt`.
    public func supports(arrivedAt: Date, scene: Fix, fixes: [Fix]) -> Bool {
        fixes.contains { abs($0.at.timeIntervalSince(arrivedAt)) <= windowSeconds && $0.meters(to: scene) <= radiusMeters }
    }
}

import Foundation
import GeoSupport

/// How a post of an activated plan stands: staffed within its target, late, not (yet) reached, or
/// with nobody sent. Arrival is read from the unit's GPS fixes exactly as a containment order reads
/// it (`CheckpointArrival`: the first fix within 50 m, from activation until deactivation).
public struct PostArrival: Sendable, Codable, Hashable {
    public let arrivedAt: Date?
    /// Seconds from activation to arrival.
    public let actualSeconds: Double?
    public let withinTarget: Bool
    public let outcome: DrillReport.Outcome

    /// `fixes`: the unit's track from activation on (nil when no unit was sent).
    public init(post: GeoPoint, fixes: [Fix]?, startedAt: Date, endedAt: Date?, targetSeconds: Double) {
        guard let fixes else {
            arrivedAt = nil; actualSeconds = nil; withinTarget = false; outcome = .red
            return
        }
        let at = CheckpointArrival.first(in: fixes, at: post, startedAt: startedAt, liftedAt: endedAt)
        arrivedAt = at
        actualSeconds = at.map { max(0, $0.timeIntervalSince(startedAt)) }
        withinTarget = actualSeconds.map { $0 <= targetSeconds } ?? false
        outcome = actualSeconds == nil ? .missed : withinTarget ? .withinTarget : .late
    }
}

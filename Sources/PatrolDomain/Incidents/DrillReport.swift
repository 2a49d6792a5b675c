import Foundation
import GeoSupport

/// The report of a containment order, run for a real incident or as a drill (实战演练, "以练促训",
/// P5): for every task of the plan, the planned arrival against the actual one and the ring's target,
/// and for the checkpoints the share sealed within target, so a drill measures the 3/5/10 minutes
/// rather than assuming them.
public struct DrillReport: Sendable, Codable {
    public enum Ring: String, Codable, CaseIterable, Sendable {
        case scene, gate, exit
    }

    /// How a task ended.
    public enum Outcome: String, Codable, Sendable {
        /// Arrived within the ring's target (a post standing there counts as arrived at 0 s).
        case withinTarget = "within_target"
        /// Arrived, after the target.
        case late
        /// A unit was sent but no arrival was seen before the order was lifted.
        case missed
        /// Nobody could be sent (the plan's red checkpoint), so nobody arrived.
        case red
    }

    public struct Row: Sendable, Codable, Hashable {
        public let ring: Ring
        /// The checkpoint (its name is its id within the county); nil on a scene row.
        public let site: CheckpointSite?
        /// The unit sent, or the post standing there; nil on a red checkpoint.
        public let unitID: String?
        public let plannedSeconds: Double?
        public let targetSeconds: Double
        public let staffedByPost: Bool
        /// Seconds from the order's start to the arrival; nil if none was seen.
        public let actualSeconds: Double?
        public let withinTarget: Bool
        /// How far past the target the arrival came (0 when within); nil if none was seen.
        public let lateBySeconds: Double?
        public let outcome: Outcome
    }

    public struct Summary: Sendable, Codable, Hashable {
        public let tasks: Int
        public let withinTarget: Int
        /// withinTarget / tasks; nil when there are none.
        public let shareWithinTarget: Double?
        public let late: Int
        /// Never reached: the missed and the red together.
        public let missed: Int
        public let red: Int

        init(_ rows: [Row]) {
            tasks = rows.count
            withinTarget = rows.filter(\.withinTarget).count
            shareWithinTarget = rows.isEmpty ? nil : Double(withinTarget) / Double(rows.count)
            late = rows.filter { $0.outcome == .late }.count
            missed = rows.filter { $0.outcome == .missed || $0.outcome == .red }.count
            red = rows.filter { $0.outcome == .red }.count
        }
    }

    public struct RingSummary: Sendable, Codable, Hashable {
        public let ring: Ring
        public let targetSeconds: Double
        public let summary: Summary
    }

    public let startedAt: Date
    public let liftedAt: Date?
    /// Scene units first, then the gates, then the exits, in the plan's order.
    public let rows: [Row]
    /// Gates and exits together: "the share of checkpoints within target".
    public let checkpoints: Summary
    public let rings: [RingSummary]
    /// Seconds until the first unit was on scene, nil if none was seen.
    public let firstOnSceneSeconds: Double?

    /// The report of `plan`, ordered at `startedAt`, from the time each unit arrived at its task
    /// (`arrivals`, by unit id: a unit has at most one task in a plan). An arrival after `liftedAt`
    /// does not count; one before the start (a unit already there) counts as 0 s.
    public static func build(plan: ContainmentPlan, startedAt: Date, arrivals: [String: Date], liftedAt: Date? = nil) -> DrillReport {
        func actual(_ unit: String?) -> Double? {
            guard let unit, let at = arrivals[unit], liftedAt.map({ at <= $0 }) ?? true else { return nil }
            return max(0, at.timeIntervalSince(startedAt))
        }
        func row(_ ring: Ring, site: CheckpointSite?, unit: String?, planned: Double?, target: Double, post: Bool) -> Row {
            let seconds = post ? 0 : actual(unit)
            let within = seconds.map { $0 <= target } ?? false
            let outcome: Outcome = unit == nil ? .red : seconds == nil ? .missed : within ? .withinTarget : .late
            return Row(ring: ring, site: site, unitID: unit, plannedSeconds: planned, targetSeconds: target, staffedByPost: post,
                       actualSeconds: seconds, withinTarget: within, lateBySeconds: seconds.map { max(0, $0 - target) }, outcome: outcome)
        }
        let t = plan.targets
        let scene = plan.scene.map { row(.scene, site: nil, unit: $0.unitID, planned: $0.seconds, target: t.sceneSeconds, post: false) }
        let gates = plan.gates.map { row(.gate, site: $0.site, unit: $0.unitID, planned: $0.seconds, target: t.gateSeconds, post: $0.staffedByPost) }
        let exits = plan.exits.map { row(.exit, site: $0.site, unit: $0.unitID, planned: $0.seconds, target: t.exitSeconds, post: $0.staffedByPost) }
        return DrillReport(startedAt: startedAt, liftedAt: liftedAt, rows: scene + gates + exits, checkpoints: Summary(gates + exits),
                           rings: [RingSummary(ring: .scene, targetSeconds: t.sceneSeconds, summary: Summary(scene)),
                                   RingSummary(ring: .gate, targetSeconds: t.gateSeconds, summary: Summary(gates)),
                                   RingSummary(ring: .exit, targetSeconds: t.exitSeconds, summary: Summary(exits))],
                           firstOnSceneSeconds: scene.compactMap(\.actualSeconds).min())
    }

    /// Each tasked unit's arrival, read from its track: at `scene` for a ring-1 unit, at its
    /// checkpoint's position otherwise (posts need none). Feed it to ``build(plan:startedAt:arrivals:liftedAt:)``.
    public static func arrivals(plan: ContainmentPlan, scene: GeoPoint, tracks: [String: [Fix]], startedAt: Date, liftedAt: Date? = nil,
                                radiusMeters: Double = CheckpointArrival.defaultRadiusMeters) -> [String: Date] {
        var places: [(unit: String, at: GeoPoint)] = plan.scene.map { ($0.unitID, scene) }
        for task in plan.gates + plan.exits where !task.staffedByPost {
            if let unit = task.unitID { places.append((unit, task.site.position)) }
        }
        var out: [String: Date] = [:]
        for (unit, place) in places {
            guard let fixes = tracks[unit] else { continue }
            out[unit] = CheckpointArrival.first(in: fixes, at: place, radiusMeters: radiusMeters, startedAt: startedAt, liftedAt: liftedAt)
        }
        return out
    }
}

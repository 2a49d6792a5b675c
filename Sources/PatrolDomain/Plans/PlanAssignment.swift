import Foundation

/// Which unit staffs each post when a plan is activated (启动预案), and why a unit was passed over.
///
/// The rule follows incident dispatch: a unit that is busy (on an incident, a containment order or
/// another plan), off duty or out of service is **not taken silently**. It is skipped, and the
/// reason is kept with the post and shown. A post whose named unit is skipped, or that names none,
/// takes the nearest available unit of its kind by drive time that no earlier post took; a post
/// nobody can staff stays open with its reasons. Posts are filled in the plan's order, so the
/// plan's author puts the posts that matter most first.
public enum PlanAssignment {
    public struct Candidate: Sendable, Hashable {
        public var id: String
        public var kind: PatrolUnitKind
        public var status: PatrolUnitStatus
        public init(id: String, kind: PatrolUnitKind, status: PatrolUnitStatus) { self.id = id; self.kind = kind; self.status = status }
    }

    /// Why a unit did not get a post.
    public enum Skip: String, Codable, Sendable, Hashable, CaseIterable {
        /// Dispatched, en route or on scene: an incident or another order holds it.
        case busy
        case offDuty = "off_duty"
        case outOfService = "out_of_service"
        /// A standing post: it does not move.
        case stationary
        /// No fresh position near a road, so no drive time.
        case noDriveTime = "no_drive_time"
        /// Already given an earlier post of this plan.
        case taken
        /// Not a unit the activating user may send.
        case unknown

        public var label: String {
            switch self {
            case .busy: "正在执行其他任务（警情或封控）"
            case .offDuty: "未上岗"
            case .outOfService: "暂停执勤"
            case .stationary: "固定岗位，不能调动"
            case .noDriveTime: "无实时位置或不在路网附近，无法计算行车时间"
            case .taken: "已分配到本预案的其他岗位"
            case .unknown: "不在本辖区"
            }
        }
    }

    public struct Outcome: Codable, Sendable, Hashable {
        public var post: Int
        /// The unit taking the post; nil when nobody can.
        public var unitID: String?
        /// Planned drive time to the post from the unit's position at activation.
        public var seconds: Double?
        /// The named unit, when it was skipped, and why.
        public var namedSkipped: Skip?
        /// Taken as the nearest of its kind (not named by the plan, or standing in for the named one).
        public var nearest: Bool
    }

    /// Assigns `posts` from `candidates`. `seconds(unit, post)` is the unit's drive time to the post
    /// (nil when it has none); it is asked only for units that could go.
    public static func assign(_ posts: [PlanLayout.Post], candidates: [Candidate],
                              seconds: (String, Int) -> Double?) -> [Outcome] {
        let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var used = Set<String>()
        func skip(_ c: Candidate) -> Skip? {
            if used.contains(c.id) { return .taken }
            if !c.kind.moves { return .stationary }
            switch c.status {
            case .offDuty: return .offDuty
            case .outOfService: return .outOfService
            default: return c.status.isDispatchable ? nil : .busy
            }
        }
        var out: [Outcome] = []
        for (i, post) in posts.enumerated() {
            var namedSkipped: Skip?
            if let named = post.unitId {
                if let c = byID[named] {
                    if let why = skip(c) { namedSkipped = why } else if let s = seconds(named, i) {
                        used.insert(named)
                        out.append(Outcome(post: i, unitID: named, seconds: s, namedSkipped: nil, nearest: false))
                        continue
                    } else { namedSkipped = .noDriveTime }
                } else { namedSkipped = .unknown }
            }
            // The nearest of the post's kind; ties go to the smaller id, so the choice is repeatable.
            var best: (id: String, seconds: Double)?
            for c in candidates where c.kind == post.unitKind && skip(c) == nil {
                guard let s = seconds(c.id, i) else { continue }
                if let b = best, b.seconds < s || (b.seconds == s && b.id < c.id) { continue }
                best = (c.id, s)
            }
            if let best { used.insert(best.id) }
            out.append(Outcome(post: i, unitID: best?.id, seconds: best?.seconds, namedSkipped: namedSkipped, nearest: best != nil))
        }
        return out
    }
}

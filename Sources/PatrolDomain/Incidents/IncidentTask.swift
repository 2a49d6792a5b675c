import Foundation
import PinganDomain

/// Where one unit's task on an incident stands. A task only moves forward; a reassignment ends it
/// as `interrupted`, kept on the timeline with its reason (TicketsCAD's users reported a silent
/// reset of a busy unit as a bug).
public enum IncidentTaskState: String, Codable, CaseIterable, Sendable, Labelled {
    case assigned
    case acknowledged
    case enRoute = "en_route"
    case onScene = "on_scene"
    case cleared
    case interrupted

    public var label: String {
        switch self {
        case .assigned: "已派未确认"
        case .acknowledged: "已确认"
        case .enRoute: "赶赴现场"
        case .onScene: "到达现场"
        case .cleared: "处置完毕"
        case .interrupted: "已改派"
        }
    }

    /// Still the unit's job: a unit with an active task is busy.
    public var isActive: Bool { self != .cleared && self != .interrupted }

    var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// The unit status a task in this state puts its unit in.
    public var unitStatus: PatrolUnitStatus {
        switch self {
        case .assigned, .acknowledged: .dispatched
        case .enRoute: .enRoute
        case .onScene: .onScene
        case .cleared, .interrupted: .available
        }
    }
}

/// One unit's task on an incident, with the time of each step (the response intervals come from these).
public struct IncidentTask: Codable, Sendable, Hashable {
    public var unitId: UUID
    public var state: IncidentTaskState
    public var dispatchEventId: UUID
    public var etaSeconds: Double?
    public var assignedAt: Date
    public var acknowledgedAt: Date?
    public var enRouteAt: Date?
    public var onSceneAt: Date?
    public var clearedAt: Date?
    public var disposition: String?
    public var interruptedAt: Date?
    public var interruptedReason: String?

    public init(unitId: UUID, dispatchEventId: UUID, etaSeconds: Double?, assignedAt: Date) {
        self.unitId = unitId; self.state = .assigned; self.dispatchEventId = dispatchEventId
        self.etaSeconds = etaSeconds; self.assignedAt = assignedAt
    }

    /// The task moved to `next` at `at`. A step may be skipped (an officer who taps "on scene"
    /// without "en route" was on the way), never undone; a skipped step takes no time.
    public func advanced(to next: IncidentTaskState, at: Date) throws(DomainError) -> IncidentTask {
        guard state.isActive else {
            throw DomainError(code: "task_ended", message: "the unit's task here has ended (\(state.rawValue))",
                              messageZh: "该单元在本警情的任务已结束（\(state.label)）", kind: .conflict)
        }
        guard next.rank > state.rank || next == .interrupted else {
            throw DomainError(code: "task_step_back", message: "the task is \(state.rawValue) already; it cannot go back to \(next.rawValue)",
                              messageZh: "任务已是「\(state.label)」，不能退回「\(next.label)」", kind: .conflict)
        }
        var t = self
        t.state = next
        // A phone's queued tap may be dated before the dispatch it answers (its clock runs slow): not before it.
        let at = max(at, assignedAt)
        switch next {
        case .assigned: break
        case .acknowledged: t.acknowledgedAt = at
        case .enRoute: t.enRouteAt = at
        case .onScene: t.onSceneAt = at
        case .cleared: t.clearedAt = at
        case .interrupted: t.interruptedAt = at
        }
        if next.rank >= IncidentTaskState.acknowledged.rank, next != .interrupted, t.acknowledgedAt == nil { t.acknowledgedAt = at }
        return t
    }
}

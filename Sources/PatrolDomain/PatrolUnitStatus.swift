import PinganDomain

/// A unit's status (P2). Officers change it with one tap; every change is an event with its time.
public enum PatrolUnitStatus: String, Codable, CaseIterable, Sendable, Labelled {
    case offDuty = "off_duty"
    case available
    case dispatched
    case enRoute = "en_route"
    case onScene = "on_scene"
    case returning
    case outOfService = "out_of_service"

    public var label: String {
        switch self {
        case .offDuty: "未上岗"
        case .available: "巡逻中（可派）"
        case .dispatched: "已派警"
        case .enRoute: "赶赴现场"
        case .onScene: "到达现场"
        case .returning: "返回巡区"
        case .outOfService: "暂停勤务"
        }
    }

    /// On duty: tracks are kept only then (the privacy of off-duty officers).
    public var isOnDuty: Bool { self != .offDuty }

    /// May be recommended for a new incident.
    public var isDispatchable: Bool { self == .available || self == .returning }

    /// The map colour for the status (CSS colour), one per status so a dispatcher reads the map at a glance.
    public var colour: String {
        switch self {
        case .offDuty: "#9e9e9e"
        case .available: "#2e7d32"
        case .dispatched: "#f9a825"
        case .enRoute: "#ef6c00"
        case .onScene: "#c62828"
        case .returning: "#1565c0"
        case .outOfService: "#616161"
        }
    }

    /// The statuses an officer may tap from this one. Sign-on and sign-off go through the shift
    /// (off duty ↔ available), and a task moves a unit to dispatched; the rest follow the job.
    public var nextByTap: [PatrolUnitStatus] {
        switch self {
        case .offDuty: [.available]
        case .available: [.enRoute, .outOfService, .offDuty]
        case .dispatched: [.enRoute, .onScene, .available]
        case .enRoute: [.onScene, .available]
        case .onScene: [.returning, .available]
        case .returning: [.available, .enRoute]
        case .outOfService: [.available, .offDuty]
        }
    }

    /// Whether a change from this status to `next` is allowed; a refusal names both.
    public func check(_ next: PatrolUnitStatus) throws {
        guard next != self else { return }
        guard nextByTap.contains(next) else {
            throw DomainError(code: "status_not_allowed",
                              message: "a unit that is \(rawValue) cannot become \(next.rawValue)",
                              messageZh: "“\(label)”不能直接改为“\(next.label)”", kind: .conflict)
        }
    }
}

extension PatrolUnitStatus {
    /// Checks a tap on the phone or the dispatcher's list: on and off duty go through the shift
    /// (sign on, sign off), everything else follows `nextByTap`.
    public func checkTap(_ next: PatrolUnitStatus) throws {
        guard self != .offDuty else {
            throw DomainError(code: "not_on_duty", message: "the unit is off duty: sign on first",
                              messageZh: "该单元未上岗，请先签到上岗", kind: .conflict)
        }
        guard next != .offDuty else {
            throw DomainError(code: "sign_off_instead", message: "going off duty is signing off the shift",
                              messageZh: "下岗请签退")
        }
        try check(next)
    }
}

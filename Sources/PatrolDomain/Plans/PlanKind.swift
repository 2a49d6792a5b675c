import PinganDomain

/// What a plan (预案, P9) is for: a security plan for a major event, or a response plan for an
/// urgent, violent or terror incident in the county seat. Raw values are the API codes.
public enum PlanKind: String, Codable, CaseIterable, Sendable, Labelled {
    case majorEvent = "major_event"
    case urgent
    case violent
    case terror

    public var label: String {
        switch self {
        case .majorEvent: "重大活动安保"
        case .urgent: "城区紧急警情处置"
        case .violent: "涉暴事件处置"
        case .terror: "涉恐事件处置"
        }
    }
}

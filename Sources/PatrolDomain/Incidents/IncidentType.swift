import PinganDomain

/// The kinds of incident the command centre takes (P4), with the seed's categories. Raw values are
/// the API codes; the county may rename them or change what each needs (`DispatchNeeds`).
public enum IncidentType: String, Codable, CaseIterable, Sendable, Labelled {
    case criminal
    case publicOrder = "public_order"
    case traffic
    /// 纠纷类警情: a dispute reported to the police (the one kind that may be handed to mediation).
    case dispute
    case massIncident = "mass_incident"
    case assistance
    case fire
    case other

    public var label: String {
        switch self {
        case .criminal: "刑事类警情"
        case .publicOrder: "治安类警情"
        case .traffic: "交通类警情"
        case .dispute: "纠纷类警情"
        case .massIncident: "群体性事件"
        case .assistance: "求助类警情"
        case .fire: "火灾"
        case .other: "其他警情"
        }
    }

    /// Who may be sent by default. Every moving kind answers a call; a crime or a crowd needs armed
    /// officers, a crash a unit that can handle traffic, and a crowd a response team's numbers.
    public var needs: DispatchNeeds {
        let moving = Set(PatrolUnitKind.allCases.filter(\.moves))
        switch self {
        case .criminal: return DispatchNeeds(kinds: moving, capabilities: [.armed])
        case .massIncident: return DispatchNeeds(kinds: moving, capabilities: [.crowdControl])
        case .traffic: return DispatchNeeds(kinds: moving.subtracting([.footPatrol]), capabilities: [.traffic])
        case .fire: return DispatchNeeds(kinds: moving.subtracting([.footPatrol, .plainClothes]), capabilities: [])
        case .publicOrder, .dispute, .assistance, .other: return DispatchNeeds(kinds: moving, capabilities: [])
        }
    }
}

/// What a unit must be to be sent to an incident: one of `kinds`, with every one of `capabilities`.
public struct DispatchNeeds: Codable, Sendable, Hashable {
    public var kinds: Set<PatrolUnitKind>
    public var capabilities: Set<PatrolCapability>

    public init(kinds: Set<PatrolUnitKind>, capabilities: Set<PatrolCapability>) {
        self.kinds = kinds; self.capabilities = capabilities
    }

    public func admits(kind: PatrolUnitKind, capabilities have: Set<PatrolCapability>) -> Bool {
        kinds.contains(kind) && capabilities.isSubset(of: have)
    }
}

/// How urgent an incident is: 1 is the most urgent. Raw values are the API codes.
public enum IncidentPriority: Int, Codable, CaseIterable, Sendable, Labelled {
    case urgent = 1
    case high = 2
    case normal = 3
    case low = 4

    public var label: String {
        switch self {
        case .urgent: "紧急"
        case .high: "重要"
        case .normal: "一般"
        case .low: "低"
        }
    }
}

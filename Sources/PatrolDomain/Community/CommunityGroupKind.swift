import PinganDomain

/// The four kinds of community group of 四进四联 (P8): who the police keep in touch with in an area.
public enum CommunityGroupKind: String, Codable, CaseIterable, Sendable, Labelled {
    case communityCadres = "community_cadres"
    case streetCadres = "street_cadres"
    case unitSecurity = "unit_security"
    case shopOwners = "shop_owners"

    public var label: String {
        switch self {
        case .communityCadres: "社区干部"
        case .streetCadres: "街道干部"
        case .unitSecurity: "内部单位保卫干部"
        case .shopOwners: "沿街门店经营者"
        }
    }
}

/// Where a notice's delivery to the messaging gateway stands.
public enum DeliveryStatus: String, Codable, CaseIterable, Sendable, Labelled {
    /// Queued, not yet tried (or no gateway configured yet: see `undeliverable`).
    case pending
    /// Tried and failed; tried again at `nextAttemptAt`.
    case retrying
    /// The gateway answered 2xx.
    case delivered
    /// No gateway is configured: kept, and sent once one is.
    case unconfigured

    public var label: String {
        switch self {
        case .pending: "待发送"
        case .retrying: "重试中"
        case .delivered: "已送达网关"
        case .unconfigured: "未配置网关，暂存待发"
        }
    }
}

/// A tip's lead (线索) from the community: open until a dispatcher makes it an incident or dismisses it.
public enum CommunityLeadStatus: String, Codable, CaseIterable, Sendable, Labelled {
    case open
    case incident
    case dismissed

    public var label: String {
        switch self {
        case .open: "待处理"
        case .incident: "已转警情"
        case .dismissed: "已排除"
        }
    }
}

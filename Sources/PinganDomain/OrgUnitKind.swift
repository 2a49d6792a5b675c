/// The kinds of unit in the county's organisation tree (M1, P1). Raw values are the API codes.
public enum OrgUnitKind: String, Codable, CaseIterable, Sendable {
    case county
    case township
    case village
    case community
    case area
    case justiceBureau = "justice_bureau"
    case judicialOffice = "judicial_office"
    case mediationCommittee = "mediation_committee"
    case department
    case mediationRoom = "mediation_room"
    case professionalCommittee = "professional_committee"
    case massWorkCommittee = "mass_work_committee"
    case massWorkCenter = "mass_work_center"
    case disputeCenter = "dispute_center"
    case governanceCenter = "governance_center"
    case publicSecurityBureau = "public_security_bureau"
    case commandCenter = "command_center"
    case policeStation = "police_station"
    case patrolGrid = "patrol_grid"
    case patrolOffice = "patrol_office"
}

extension OrgUnitKind {
    /// The Chinese name shown in the UI.
    public var label: String {
        switch self {
        case .county: "县"
        case .township: "乡镇"
        case .village: "村"
        case .community: "社区"
        case .area: "片区"
        case .justiceBureau: "县司法局"
        case .judicialOffice: "司法所"
        case .mediationCommittee: "人民调解委员会"
        case .department: "县直部门"
        case .mediationRoom: "调解室"
        case .professionalCommittee: "专业调解委员会"
        case .massWorkCommittee: "群众工作委员会"
        case .massWorkCenter: "群众工作中心"
        case .disputeCenter: "矛盾纠纷排查调处中心"
        case .governanceCenter: "综治中心"
        case .publicSecurityBureau: "公安局"
        case .commandCenter: "指挥中心"
        case .policeStation: "派出所"
        case .patrolGrid: "巡控网格"
        case .patrolOffice: "巡控办"
        }
    }
}

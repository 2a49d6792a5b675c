/// A user's role (X2). Raw values are the API codes; labels are what users read.
public enum Role: String, Codable, CaseIterable, Sendable {
    case admin
    case justiceBureauStaff = "justice_bureau_staff"
    case judicialOfficeStaff = "judicial_office_staff"
    case mediator
    case mediationRoomStaff = "mediation_room_staff"
    case lawyer
    case governanceStaff = "governance_staff"
    case dispatcher
    case stationCommander = "station_commander"
    case patrolOfficer = "patrol_officer"
    case videoPatrolOfficer = "video_patrol_officer"

    public var label: String {
        switch self {
        case .admin: "系统管理员"
        case .justiceBureauStaff: "县司法局工作人员"
        case .judicialOfficeStaff: "司法所工作人员"
        case .mediator: "调解员"
        case .mediationRoomStaff: "部门调解室工作人员"
        case .lawyer: "律师"
        case .governanceStaff: "综治工作人员"
        case .dispatcher: "指挥中心调度员"
        case .stationCommander: "派出所所长"
        case .patrolOfficer: "巡逻民警"
        case .videoPatrolOfficer: "视频巡逻员"
        }
    }

    /// Which branch's records the role works with. The justice and police branches see each
    /// other's records only where a feature shares them explicitly (X1).
    public var branch: Branch {
        switch self {
        case .admin: .all
        case .justiceBureauStaff, .judicialOfficeStaff, .mediator, .mediationRoomStaff, .lawyer: .justice
        case .governanceStaff: .governance
        case .dispatcher, .stationCommander, .patrolOfficer, .videoPatrolOfficer: .police
        }
    }

    /// Whether the role works with `branch`'s records: its own branch, or every branch (the
    /// administrator). `works(in: .justice)` is who may work with disputes.
    public func works(in branch: Branch) -> Bool { self.branch == branch || self.branch == .all }

    /// The kinds of org unit a user of this role may be bound to. Binding a mediator to a
    /// police station, say, is refused with a clear message rather than stored.
    public var allowedUnitKinds: Set<OrgUnitKind> {
        switch self {
        case .admin: [.county]
        case .justiceBureauStaff: [.justiceBureau]
        case .judicialOfficeStaff: [.judicialOffice]
        case .mediator: [.mediationCommittee, .professionalCommittee, .village, .community, .area]
        case .mediationRoomStaff: [.mediationRoom, .department]
        case .lawyer: [.justiceBureau, .department]
        case .governanceStaff: [.governanceCenter, .massWorkCommittee, .massWorkCenter, .disputeCenter]
        case .dispatcher: [.commandCenter, .patrolOffice]
        case .videoPatrolOfficer: [.commandCenter, .patrolOffice]
        case .stationCommander: [.policeStation]
        case .patrolOfficer: [.patrolGrid, .policeStation]
        }
    }
}

/// The branches of county government whose records are kept apart.
public enum Branch: String, Codable, Sendable {
    case all, justice, governance, police
}

import PinganDomain
/// Where a dispute came from (M3). Raw values are the API codes.
public enum DisputeSource: String, Codable, CaseIterable, Sendable, Labelled {
    case partyApplication = "party_application"
    case activeScreening = "active_screening"
    case policeTransfer = "police_transfer"
    case courtEntrusted = "court_entrusted"
    case petitionReferral = "petition_referral"
    case departmentReferral = "department_referral"

    public var label: String {
        switch self {
        case .partyApplication: "当事人申请"
        case .activeScreening: "主动排查"
        case .policeTransfer: "公安移交"
        case .courtEntrusted: "法院委托"
        case .petitionReferral: "信访转办"
        case .departmentReferral: "部门移送"
        }
    }
}

/// The mediation channel handling a dispute (M4, M10). Each channel has its own legal time limit.
public enum MediationChannel: String, Codable, CaseIterable, Sendable, Labelled {
    /// People's mediation committee (人民调解委员会) of a village, township or the county.
    case peoplesMediation = "peoples_mediation"
    /// Administrative mediation in a county department's mediation room.
    case departmentMediationRoom = "department_mediation_room"
    /// Road-traffic accident compensation mediation committee.
    case roadTrafficCommittee = "road_traffic_committee"
    /// Labour dispute mediation committee.
    case labourCommittee = "labour_committee"
    /// Medical dispute mediation committee.
    case medicalCommittee = "medical_committee"
    /// Mediation entrusted by a court (诉调对接).
    case courtReferred = "court_referred"
    /// Mediation linked to a petition (访调对接).
    case petitionLinked = "petition_linked"

    public var label: String {
        switch self {
        case .peoplesMediation: "人民调解"
        case .departmentMediationRoom: "行政调解（部门调解室）"
        case .roadTrafficCommittee: "道路交通事故损害赔偿纠纷调解委员会"
        case .labourCommittee: "劳动争议纠纷调解委员会"
        case .medicalCommittee: "医疗纠纷调解委员会"
        case .courtReferred: "法院委托调解"
        case .petitionLinked: "访调对接"
        }
    }

    /// Whether this is one of the three professional committees.
    public var isProfessional: Bool {
        self == .roadTrafficCommittee || self == .labourCommittee || self == .medicalCommittee
    }
}

/// The level at which a dispute is handled (M6). Escalation goes village → township → county.
public enum MediationLevel: String, Codable, CaseIterable, Sendable, Labelled {
    case village
    case township
    case county
    case department
    case professional

    public var label: String {
        switch self {
        case .village: "村级"
        case .township: "乡镇级"
        case .county: "县级"
        case .department: "部门"
        case .professional: "专业性调委会"
        }
    }

    /// Rank on the escalation ladder: village 0, township/department/professional 1, county 2.
    public var rank: Int {
        switch self {
        case .village: 0
        case .township, .department, .professional: 1
        case .county: 2
        }
    }

    /// Where a hand-up goes (小事不出村、大事不出乡、难事不出县): a village's to its township, a
    /// township's, a department's or a professional committee's to the county; `nil` at county.
    public var handUpLevel: MediationLevel? {
        switch self {
        case .village: .township
        case .township, .department, .professional: .county
        case .county: nil
        }
    }

    /// The next rung for automatic hand-up: `handUpLevel`, except that department and
    /// professional channels are not handed up by the clock.
    public var nextForAutomaticEscalation: MediationLevel? {
        self == .department || self == .professional ? nil : handUpLevel
    }
}

/// A party's role in a dispute.
public enum PartyRole: String, Codable, CaseIterable, Sendable, Labelled {
    case applicant
    case respondent

    public var label: String { self == .applicant ? "申请人" : "被申请人" }
}

/// The four risk levels (危险等级, M5), ordered blue < yellow < orange < red.
public enum RiskLevel: String, Codable, CaseIterable, Sendable, Comparable, Labelled {
    case blue
    case yellow
    case orange
    case red

    public var label: String {
        switch self {
        case .blue: "蓝色"
        case .yellow: "黄色"
        case .orange: "橙色"
        case .red: "红色"
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (a: RiskLevel, b: RiskLevel) -> Bool { a.order < b.order }

    /// Red and orange require a major-dispute report (重大纠纷报告) to the township judicial
    /// office and the county justice bureau.
    public var needsMajorReport: Bool { self >= .orange }
}

/// Lets `[RiskLevel: Int]` encode as a JSON object keyed by the level code.
extension RiskLevel: CodingKeyRepresentable {}

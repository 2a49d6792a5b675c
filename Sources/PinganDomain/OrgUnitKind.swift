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
}

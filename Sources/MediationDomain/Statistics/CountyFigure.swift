import Foundation
import PinganDomain

/// The rows of the seed's mediation table (M13), in its order. Each row is one condition on a
/// dispute, so the figure and the list of records behind it are the same set.
public enum CountyFigure: String, CaseIterable, Codable, Sendable {
    case received
    case receivedTownship = "received_township"
    case receivedVillage = "received_village"
    case receivedProfessional = "received_professional"
    /// County-level and department-room disputes: the seed's table has no row for them, so they
    /// are shown apart rather than folded into another level.
    case receivedOther = "received_other"
    case settled
    case petitionsResolved = "petitions_resolved"
    case difficult
    case massIncidentsPrevented = "mass_incidents_prevented"
    /// 民转刑: disputes whose linked police call reported violence (see README).
    case turnedCriminal = "turned_criminal"

    public var label: String {
        switch self {
        case .received: "受理纠纷"
        case .receivedTownship: "其中：乡镇调委会"
        case .receivedVillage: "其中：村级调委会"
        case .receivedProfessional: "其中：专业性、行业性调委会"
        case .receivedOther: "其中：县级及部门调解室"
        case .settled: "调解成功"
        case .petitionsResolved: "化解上访案件"
        case .difficult: "疑难复杂纠纷"
        case .massIncidentsPrevented: "防止群体性事件"
        case .turnedCriminal: "民转刑"
        }
    }

    /// Whether a dispute counts in this row. `risk` is the projection's assessment (the state's
    /// recorded one when nil); `turnedCriminal` is the police side's fact about it
    /// (a linked call that reported violence), passed in because the state does not hold it.
    public func counts(_ s: DisputeState, risk: RiskLevel? = nil, turnedCriminal: Bool = false,
                       massPeopleThreshold: Int = RiskRules.default.massPeopleThreshold) -> Bool {
        switch self {
        case .received: true
        case .receivedTownship: s.receivedLevel == .township
        case .receivedVillage: s.receivedLevel == .village
        case .receivedProfessional: s.receivedLevel == .professional
        case .receivedOther: s.receivedLevel == .county || s.receivedLevel == .department
        case .settled: s.isSettled
        case .petitionsResolved: s.isSettled && (s.intake.source == .petitionReferral || s.channel == .petitionLinked)
        case .difficult: s.isDifficult(risk: risk ?? s.riskLevel)
        case .massIncidentsPrevented: s.isSettled && Self.isMassRisk(s.intake, massPeopleThreshold: massPeopleThreshold)
        case .turnedCriminal: turnedCriminal
        }
    }

    /// A mass-incident risk: 30+ people involved or a planned collective petition (the risk rule's
    /// threshold). Settled, it is a mass incident prevented.
    public static func isMassRisk(_ intake: DisputeIntake, massPeopleThreshold: Int = RiskRules.default.massPeopleThreshold) -> Bool {
        intake.peopleInvolved >= massPeopleThreshold || intake.riskSigns.plannedCollectivePetition
    }
}

import MediationDomain
import Foundation

/// The county report's columns of a `disputes` row (migration 026), set by the projection on every
/// write and by the migration for rows stored before it: one definition for both.
enum CountyFacts {
    static func fill(_ m: DisputeModel, from state: DisputeState, riskRules: RiskRules = .default) {
        m.fingerprint = TextFingerprint.simHash(state.intake.summary).map(TextFingerprint.stored)
        m.massRisk = CountyFigure.isMassRisk(state.intake, massPeopleThreshold: riskRules.massPeopleThreshold)
        m.agreedAt = state.agreement == nil ? nil : state.agreedAt
        m.performed = state.agreement != nil && state.fulfilment != nil
        m.closedOnFollowUp = state.followUps.contains(where: \.satisfied)
    }
}

import MediationDomain
import ServerCore
import Fluent
import Foundation
import PinganDomain

/// The columns of `disputes` that lists, the board and the statistics read, copied from the
/// folded state on every append. Nothing else writes them.
package struct DisputeProjection {
    package let db: Database
    package var limits: TimeLimits = .default
    package var riskRules: RiskRules = .default

    /// Copies the state into the row's columns. Risk is assessed here from the rules and the
    /// parties' police referrals in the last 30 days.
    package func project(_ state: DisputeState, into m: DisputeModel, at now: Date) async throws {
        let police = try await policeFacts(of: state, before: now)
        try Self.fill(m, from: state, policeCalls: police.calls, policeViolence: police.violence, limits: limits, riskRules: riskRules)
    }

    /// The projection itself, without the database: the bulk demo loader counts police referrals
    /// in memory and calls this directly, so both paths write the same columns.
    package static func fill(_ m: DisputeModel, from state: DisputeState, policeCalls: Int, policeViolence: Bool = false,
                             limits: TimeLimits = .default, riskRules: RiskRules = .default) throws {
        let assessment = state.assessRisk(rules: riskRules, policeCallsWithin30Days: policeCalls, policeReportedViolence: policeViolence)
        let clock = LegalClock(limits: limits)
        let nearest = state.deadlines(clock: clock).min { $0.passesAt < $1.passesAt }
        m.handlingOrgUnitID = state.handlingOrgUnitId
        m.villageID = state.intake.villageId
        m.townshipID = state.intake.townshipId
        m.level = state.level.rawValue
        m.receivedLevel = state.receivedLevel.rawValue
        m.settledLevel = state.settledLevel?.rawValue
        m.stage = state.stage.rawValue
        m.risk = assessment.level.rawValue
        m.category = state.intake.category.rawValue
        m.subcategory = state.intake.subcategoryCode
        m.source = state.intake.source.rawValue
        m.channel = state.channel.rawValue
        m.registeredAt = state.registeredAt
        m.lastEventAt = state.lastEventAt
        m.deadlineAt = nearest?.passesAt
        m.deadlineKind = nearest?.kind.rawValue
        m.version = state.version
        m.summary = String(state.intake.summary.prefix(200))
        m.partyNames = state.intake.parties.map(\.name).joined(separator: "、")
        m.caseNumber = state.caseNumber?.description
        m.caseYear = state.caseNumber?.year
        m.caseSerial = state.caseNumber?.sequence
        m.majorReportDue = assessment.level.needsMajorReport && state.majorReportFiledAt == nil
        m.hadRejection = state.rejection != nil
        m.hadTermination = state.termination != nil
        m.hadFollowUp = !state.followUps.isEmpty
        m.hadConfirmationRequest = state.judicialConfirmation != nil
        m.hadAutomaticHandUp = state.escalations.contains { $0.escalation.automatic }
        m.isDifficult = state.isDifficult(risk: assessment.level)
        CountyFacts.fill(m, from: state, riskRules: riskRules)
        m.state = String(decoding: try DisputeStore.encoder.encode(state), as: UTF8.self)
    }

    /// What the police side has told about the parties: calls in the last 30 days (police referrals
    /// of disputes sharing a party ID number, and the calls matched to this dispute through X1), and
    /// whether any matched call reported violence or threats.
    package func policeFacts(of state: DisputeState, before now: Date) async throws -> (calls: Int, violence: Bool) {
        let referrals = try await policeReferrals(of: state, before: now)
        let calls = try await DisputePoliceCallModel.query(on: db).filter(\.$disputeID == state.disputeId).all()
        let since = now.addingTimeInterval(-30 * 86_400)
        return (referrals + calls.filter { $0.calledAt >= since }.count, calls.contains(where: \.reportsViolence))
    }

    /// "Two or more police calls about the same parties within 30 days": counted as police
    /// referrals (公安移交) of disputes sharing a party ID number.
    package func policeReferrals(of state: DisputeState, before now: Date) async throws -> Int {
        let own = state.intake.source == .policeTransfer ? 1 : 0
        let ids = state.intake.parties.compactMap { $0.idNumber?.uppercased() }
        guard !ids.isEmpty else { return own }
        let disputeIDs = Set(try await DisputePartyModel.query(on: db).filter(\.$idNumber ~~ ids).all().map(\.disputeID))
            .subtracting([state.disputeId])
        guard !disputeIDs.isEmpty else { return own }
        let since = now.addingTimeInterval(-30 * 86_400)
        return own + (try await DisputeModel.query(on: db).filter(\.$id ~~ disputeIDs)
            .filter(\.$source == DisputeSource.policeTransfer.rawValue).filter(\.$registeredAt >= since).count())
    }

    package func unitPath(_ id: UUID) async throws -> String {
        guard let u = try await OrgUnitModel.find(id, on: db) else { throw DomainError.notFound("单位") }
        return u.path
    }
}

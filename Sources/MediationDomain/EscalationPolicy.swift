import Foundation
import PinganDomain

/// An action the rules say is due for a dispute at a given moment (M5, M6, M9).
/// JSON: `{"automaticEscalation": {"from": "village", "to": "township", "daysOverdue": 1}}`.
public enum EscalationAction: Hashable, Sendable, Codable {
    /// A deadline is close (yellow).
    case deadlineWarning(deadline: LegalDeadline, daysLeft: Int)
    /// A deadline has passed (red).
    case deadlineOverdue(deadline: LegalDeadline, daysOverdue: Int)
    /// Hand the dispute up automatically. The unit it goes to is found by the server (`HandUp`),
    /// which knows the org tree.
    case automaticEscalation(from: MediationLevel, to: MediationLevel, daysOverdue: Int)
    /// Red/orange risk without a major-dispute report yet: report to the judicial office and the bureau.
    case majorReportDue(level: RiskLevel)
    /// A supervision order was missed: record accountability against the unit.
    case accountability(record: AccountabilityRecord)
}

/// Decides which actions are due for a dispute at `now`. Pure and deterministic.
public struct EscalationPolicy: Hashable, Codable, Sendable {
    /// Hand up automatically once the mediation deadline is this many days overdue (default 0:
    /// as soon as it is overdue, i.e. on the first day past the last day).
    public var autoEscalateAfterDaysOverdue: Int
    /// Whether overdue disputes go up automatically at all.
    public var automaticEscalationEnabled: Bool

    public init(autoEscalateAfterDaysOverdue: Int = 0, automaticEscalationEnabled: Bool = true) {
        self.autoEscalateAfterDaysOverdue = autoEscalateAfterDaysOverdue
        self.automaticEscalationEnabled = automaticEscalationEnabled
    }

    public static let `default` = EscalationPolicy()

    /// The actions due for `state` at `now`.
    public func actions(for state: DisputeState, at now: Date, clock: LegalClock) -> [EscalationAction] {
        var actions: [EscalationAction] = []
        for deadline in state.deadlines(clock: clock) {
            switch clock.status(of: deadline, at: now) {
            case .ok: break
            case .warning(let left): actions.append(.deadlineWarning(deadline: deadline, daysLeft: left))
            case .overdue(let over):
                actions.append(.deadlineOverdue(deadline: deadline, daysOverdue: over))
                if deadline.kind == .mediation, automaticEscalationEnabled, over > autoEscalateAfterDaysOverdue,
                   let next = state.level.nextForAutomaticEscalation {
                    actions.append(.automaticEscalation(from: state.level, to: next, daysOverdue: over))
                }
            }
        }
        if state.majorReportDue, state.stage != .archived { actions.append(.majorReportDue(level: state.riskLevel)) }
        for record in AccountabilityRecord.due(for: state.supervisionOrders, at: now) {
            actions.append(.accountability(record: record))
        }
        return actions
    }

}

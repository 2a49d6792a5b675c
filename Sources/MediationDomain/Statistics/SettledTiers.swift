import Foundation

/// "Settled" in three tiers (issue #12), each a subset of the one before, so a county sees how
/// much of its success rate holds up: an agreement reached → its performance evidenced → no
/// recurrence (no new dispute or police call about the same parties within the window, and a
/// follow-up visit that found the matter closed).
public enum SettledTier: String, CaseIterable, Codable, Sendable {
    case agreed
    case performed
    case lasting

    public var label: String {
        switch self {
        case .agreed: "达成协议"
        case .performed: "履行有据"
        case .lasting: "未再发（回访办结）"
        }
    }
}

/// The facts one tier decision needs about a dispute.
public struct TierFacts: Sendable {
    public var agreedAt: Date?
    public var performed: Bool
    /// A follow-up visit found the parties satisfied: the matter closed.
    public var closedOnFollowUp: Bool
    /// When the same parties came back: later disputes (matched with `PartyMatch`) and police calls.
    public var laterContacts: [Date]

    public init(agreedAt: Date?, performed: Bool, closedOnFollowUp: Bool, laterContacts: [Date]) {
        self.agreedAt = agreedAt; self.performed = performed
        self.closedOnFollowUp = closedOnFollowUp; self.laterContacts = laterContacts
    }

    /// The highest tier reached, nil when no agreement. Whether a contact is a recurrence is
    /// `RecurrenceRule`'s to say (the evaluation uses the same rule).
    public func tier(recurrence: RecurrenceRule = RecurrenceRule()) -> SettledTier? {
        guard let agreedAt else { return nil }
        guard performed else { return .agreed }
        return closedOnFollowUp && !recurrence.recurred(agreedAt: agreedAt, contacts: laterContacts) ? .lasting : .performed
    }
}

/// Counts and rates per tier over the disputes received: the rate of every tier is shown, never
/// only the top one.
public struct SettledTiers: Hashable, Codable, Sendable {
    public struct Row: Hashable, Codable, Sendable {
        public var tier: SettledTier
        public var label: String
        public var count: Int
        /// count / received (0 when nothing received).
        public var rate: Double
    }

    public var received: Int
    public var rows: [Row]

    /// `reached` holds each dispute's highest tier (nil: not settled).
    public init(received: Int, reached: [SettledTier?]) {
        self.received = received
        rows = SettledTier.allCases.enumerated().map { i, tier in
            let n = reached.filter { r in r.map { SettledTier.allCases.firstIndex(of: $0)! >= i } ?? false }.count
            return Row(tier: tier, label: tier.label, count: n, rate: received == 0 ? 0 : Double(n) / Double(received))
        }
    }
}

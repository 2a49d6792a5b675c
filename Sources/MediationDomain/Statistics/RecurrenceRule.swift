import Foundation

/// "No recurrence" (issue #12, point 2): the one definition that both the county report's top
/// tier of "settled" and the evaluation's recurrence penalty (M12) use, so a dispute counted as
/// recurred in the tiers is the same one the evaluation penalises.
///
/// After an agreement, the parties "came back" when, within `days` (`PINGAN_RECURRENCE_DAYS`):
/// - a police call was matched to the dispute (X1), or
/// - a new dispute was registered about one of the same parties (`PartyMatch`: the same name
///   plus the same phone or ID number — a name alone is not the same person).
/// A contact on or before the agreement is the dispute itself, not its return.
public struct RecurrenceRule: Hashable, Sendable, Codable {
    public static let defaultDays = 90

    public var days: Int

    public init(days: Int = RecurrenceRule.defaultDays) { self.days = days }

    public var window: TimeInterval { TimeInterval(days) * 86_400 }

    /// Whether one contact (a police call, a later dispute's registration) is a return of a
    /// dispute agreed at `agreedAt`: strictly after the agreement, at most `days` later.
    public func isRecurrence(_ contact: Date, agreedAt: Date) -> Bool {
        contact > agreedAt && contact <= agreedAt.addingTimeInterval(window)
    }

    public func recurred(agreedAt: Date, contacts: [Date]) -> Bool {
        contacts.contains { isRecurrence($0, agreedAt: agreedAt) }
    }

    /// Whether a later dispute is about the same parties: one of its parties is one of ours.
    public static func sameParties(_ ours: [PartyMatch.Key], _ theirs: [PartyMatch.Key]) -> Bool {
        ours.contains { o in theirs.contains { o.matches($0) } }
    }
}

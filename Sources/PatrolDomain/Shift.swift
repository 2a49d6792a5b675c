import Foundation

/// One officer's shift on one unit: signed on at the start, signed off at the end (P2). 参巡人数
/// and patrol person-times (巡逻人次) are counted from these records, never typed in.
public struct ShiftRecord: Codable, Sendable, Hashable {
    public var unitId: UUID
    public var officerId: UUID
    public var signedOnAt: Date
    /// Nil while the shift is still running.
    public var signedOffAt: Date?

    public init(unitId: UUID, officerId: UUID, signedOnAt: Date, signedOffAt: Date? = nil) {
        self.unitId = unitId; self.officerId = officerId; self.signedOnAt = signedOnAt; self.signedOffAt = signedOffAt
    }

    /// Whether the officer was on this shift at `moment`.
    public func covers(_ moment: Date) -> Bool {
        signedOnAt <= moment && (signedOffAt.map { moment < $0 } ?? true)
    }

    /// Whether any part of the shift lies in [from, to).
    public func overlaps(from: Date, to: Date) -> Bool {
        signedOnAt < to && (signedOffAt.map { $0 > from } ?? true)
    }
}

/// Counts the seed reports, from shift records.
public enum PatrolCounts {
    /// 参巡人数: distinct officers on a shift at `moment`.
    public static func officersOnPatrol(_ shifts: [ShiftRecord], at moment: Date) -> Int {
        Set(shifts.filter { $0.covers(moment) }.map(\.officerId)).count
    }

    /// Patrol person-times (巡逻人次): one per officer per shift that overlaps the period. An officer
    /// who signs off and on again the same day is two person-times, as the duty roster counts them.
    public static func personTimes(_ shifts: [ShiftRecord], from: Date, to: Date) -> Int {
        shifts.filter { $0.overlaps(from: from, to: to) }.count
    }
}

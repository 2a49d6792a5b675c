import Foundation

/// The police command dashboard's figures that are not response times (`ResponseTimes` has those):
/// incidents by type and hour of the week, and how many units were on shift at each hour of the day.
/// Hours are the county's (China Standard Time, no daylight saving).
public enum CommandDashboard {
    /// Counts per hour of the week (168, Monday 00:00–01:00 first) for each type that had incidents.
    public static func hourOfWeek(_ incidents: [(type: IncidentType, reportedAt: Date)],
                                  utcOffsetSeconds: Int = HourOfWeekProfile.chinaUTCOffsetSeconds) -> [IncidentType: [Int]] {
        var out: [IncidentType: [Int]] = [:]
        for i in incidents {
            out[i.type, default: [Int](repeating: 0, count: HourOfWeekProfile.hours)][HourOfWeekProfile.hourOfWeek(i.reportedAt, utcOffsetSeconds: utcOffsetSeconds)] += 1
        }
        return out
    }

    /// One shift as coverage reads it: which unit, from when to when (nil while still on).
    public struct ShiftSpan: Sendable {
        public var unitID: UUID
        public var start: Date
        public var end: Date?
        public init(unitID: UUID, start: Date, end: Date?) { self.unitID = unitID; self.start = start; self.end = end }
    }

    /// Coverage over the day: for each hour of the day (0–23, local), the mean over the period's
    /// hours at that time of day of the number of distinct units with an officer signed on at any
    /// moment of that hour. Two officers on one car count once: coverage is of units, not people.
    /// A shift still open counts until `to`. Hours of the period only partly inside it count whole.
    public static func coverage(_ shifts: [ShiftSpan], from: Date, to: Date,
                                utcOffsetSeconds: Int = HourOfWeekProfile.chinaUTCOffsetSeconds) -> [Double] {
        guard to > from else { return [Double](repeating: 0, count: 24) }
        let offset = Double(utcOffsetSeconds)
        func slot(_ t: Date) -> Int { Int(((t.timeIntervalSince1970 + offset) / 3600).rounded(.down)) }
        let first = slot(from), last = slot(to.addingTimeInterval(-0.001))
        var covered = Set<SlotUnit>()
        for s in shifts {
            let start = max(s.start, from), end = min(s.end ?? to, to)
            guard end > start else { continue }
            for k in slot(start)...slot(end.addingTimeInterval(-0.001)) { covered.insert(SlotUnit(slot: k, unit: s.unitID)) }
        }
        var units = [Int](repeating: 0, count: 24), hours = [Int](repeating: 0, count: 24)
        for c in covered { units[hourOfDay(c.slot)] += 1 }
        for k in first...last { hours[hourOfDay(k)] += 1 }
        return (0..<24).map { hours[$0] == 0 ? 0 : Double(units[$0]) / Double(hours[$0]) }
    }

    static func hourOfDay(_ slot: Int) -> Int { ((slot % 24) + 24) % 24 }

    struct SlotUnit: Hashable { var slot: Int; var unit: UUID }
}

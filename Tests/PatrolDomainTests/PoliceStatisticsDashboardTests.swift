import Foundation
import PatrolDomain
import Testing

/// The command dashboard's pure figures: coverage over the day, incidents by hour of the week,
/// and the table's row definitions.
@Suite("Police statistics: dashboard figures and table rows")
struct PoliceStatisticsDashboardTests {
    /// 2026-11-02 00:00 China time (a Monday) as a UTC instant.
    static let monday = ISO8601DateFormatter().date(from: "2026-11-01T16:00:00Z")!
    static func at(_ hours: Double) -> Date { monday.addingTimeInterval(hours * 3600) }

    @Test("Coverage: distinct units per hour, averaged over the period's days; two officers on one unit count once; an open shift runs to the end")
    func coverage() {
        let a = UUID(), b = UUID()
        let shifts: [CommandDashboard.ShiftSpan] = [
            .init(unitID: a, start: Self.at(8), end: Self.at(10)),          // day 1, 08–10
            .init(unitID: a, start: Self.at(8.5), end: Self.at(9.5)),       // a second officer on the same unit
            .init(unitID: b, start: Self.at(9.25), end: Self.at(9.5)),      // a quarter of an hour counts the hour
            .init(unitID: b, start: Self.at(24 + 23), end: nil),           // day 2, 23:00 until the end
            .init(unitID: a, start: Self.at(-5), end: Self.at(-1)),         // before the period
        ]
        let c = CommandDashboard.coverage(shifts, from: Self.at(0), to: Self.at(48))
        #expect(c.count == 24)
        #expect(c[8] == 0.5)      // unit a on day 1 only: 1 of 2 days
        #expect(c[9] == 1.0)      // a and b on day 1: 2 units over 2 days
        #expect(c[10] == 0)       // a signed off at 10:00 sharp
        #expect(c[23] == 0.5)     // b on day 2
        #expect(c[0] == 0 && c[7] == 0)
        // A period of no time has nothing on.
        #expect(CommandDashboard.coverage(shifts, from: Self.at(5), to: Self.at(5)).allSatisfy { $0 == 0 })
    }

    @Test("Incidents by type and hour of the week, Monday 00:00 China time first")
    func hourOfWeek() {
        let counts = CommandDashboard.hourOfWeek([(.criminal, Self.at(0.5)), (.criminal, Self.at(0.9)), (.traffic, Self.at(24 * 6 + 23.5)),
                                                  (.traffic, Self.at(-0.5))])   // Sunday 23:30 of the week before: the week's last hour
        #expect(counts[.criminal]?[0] == 2)
        #expect(counts[.traffic]?[167] == 2)
        #expect(counts[.criminal]?.reduce(0, +) == 2 && counts[.fire] == nil)
    }

    @Test("Every row of the table has a label and a measure word, and counts records of one source")
    func rows() {
        #expect(PublicSecurityFigure.allCases.count == 14)
        #expect(Set(PublicSecurityFigure.allCases.map(\.label)).count == 14)
        #expect(PublicSecurityFigure.drunkDriving.source == .fieldRecords(.trafficViolation, subkind: "drunk_driving"))
        #expect(PublicSecurityFigure.massIncidents.source == .incidents(types: [.massIncident]))
        #expect(PublicSecurityFigure.securityDuties.source == .planActivations(.majorEvent))
        #expect(!PublicSecurityFigure.countedIncidentStatuses.contains(.merged))
    }
}

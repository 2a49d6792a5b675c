import Foundation
import PatrolDomain
import Vapor

/// What the phone sends for one field record (`FieldRecordInput` in the API document). The id is
/// made on the phone, so a resend is one record; `at` is the tap's time. Which of the kind fields
/// count depends on `kind` (`FieldRecordDetails.validated(for:)`).
package struct FieldRecordInput: Content {
    package var id: UUID
    package var kind: FieldRecordKind
    package var at: Date?
    package var lat: Double
    package var lon: Double
    package var placeLabel: String?
    package var incidentId: UUID?
    package var note: String?
    package var personName: String?
    package var idNumber: String?
    package var plate: String?
    package var reason: String?
    package var detentionDays: Int?
    package var assistance: AssistanceKind?
    package var peopleHelped: Int?
    package var violation: TrafficViolationKind?
    package var bloodAlcohol: Double?
    package var venueKind: VenueKind?
    package var venueName: String?
    package var logistics: LogisticsChecks?
}

/// A field record as the ledger and the phone show it: the ID number masked, always.
package struct FieldRecordDTO: Content {
    package var id: UUID
    package var kind: String
    package var kindLabel: String
    package var subkind: String?
    package var subkindLabel: String?
    package var unitId: UUID
    package var callSign: String
    package var stationId: UUID
    package var stationName: String
    package var officerName: String
    package var at: Date
    package var recordedAt: Date
    package var lat: Double
    package var lon: Double
    package var placeLabel: String?
    package var incidentId: UUID?
    package var incidentNumber: String?
    package var note: String?
    package var summary: String
    package var details: FieldRecordDetails
    /// Whether there is an ID number to reveal.
    package var hasIdNumber: Bool
}

package struct FieldRecordRevealDTO: Content {
    package var id: UUID
    package var idNumber: String
}

/// Counts of a period's records, for the ledger's head and the statistics (#12).
package struct FieldRecordSummaryDTO: Content {
    package struct Count: Content {
        package var key: String
        package var label: String
        package var count: Int
    }
    package struct Logistics: Content {
        package var inspections: Int
        package var allMet: Int
        package var unmet: [Count]
    }
    package var from: Date
    package var to: Date
    package var stationId: UUID?
    package var total: Int
    package var kinds: [Count]
    package var violations: [Count]
    package var venues: [Count]
    package var assistances: [Count]
    package var logistics: Logistics
}

import Fluent
import Foundation
import PatrolDomain
import ServerCore

/// One field record (P10, P11) as its station's ledger (台帐) keeps it: the kind, the unit and
/// officer, the place and the tap's time, the incident it belongs to, and the kind's fields
/// (`FieldRecordDetails` as JSON, the ID number left out). The ID number has a column of its own,
/// so no answer can carry it by accident: only the audited reveal reads it. `stationPath` is the
/// unit's station's org path, so "a station's ledger" is one prefix test, as for every scoped record.
/// The id is the phone's, so a resend finds its row.
package final class FieldRecordModel: Model, @unchecked Sendable {
    package static let schema = "field_records"

    @ID(key: .id) package var id: UUID?
    @Field(key: "kind") package var kind: String
    /// The violation, the venue's kind or the assistance's: what the ledger counts within a kind.
    @OptionalField(key: "subkind") package var subkind: String?
    @Field(key: "unit_id") package var unitID: UUID
    @Field(key: "station_org_unit_id") package var stationOrgUnitID: UUID
    @Field(key: "station_path") package var stationPath: String
    @Field(key: "officer_id") package var officerID: UUID
    @Field(key: "officer_name") package var officerName: String
    /// When the officer tapped 保存 on the phone (queued offline, it may reach the server later).
    @Field(key: "at") package var at: Date
    @Field(key: "recorded_at") package var recordedAt: Date
    @Field(key: "lat") package var lat: Double
    @Field(key: "lon") package var lon: Double
    @OptionalField(key: "place_label") package var placeLabel: String?
    @OptionalField(key: "incident_id") package var incidentID: UUID?
    @OptionalField(key: "note") package var note: String?
    @OptionalField(key: "id_number") package var idNumber: String?
    @Field(key: "details") package var details: String

    package init() {}

    /// A record of `kind` by `officer` on `unit` (its station's ledger), its details already validated.
    package convenience init(id: UUID, kind: FieldRecordKind, details: FieldRecordDetails, unit: PatrolUnitModel, officerID: UUID, officerName: String,
                             at: Date, recordedAt: Date, lat: Double, lon: Double) throws {
        self.init()
        self.id = id
        self.kind = kind.rawValue
        subkind = details.subkind
        unitID = try unit.requireID()
        stationOrgUnitID = unit.stationOrgUnitID
        stationPath = unit.stationPath
        self.officerID = officerID
        self.officerName = officerName
        self.at = at
        self.recordedAt = recordedAt
        self.lat = lat
        self.lon = lon
        idNumber = details.idNumber
        self.details = try FieldRecordStore.encode(details)
    }
}

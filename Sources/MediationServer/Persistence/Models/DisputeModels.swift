import MediationDomain
import ServerCore
import Fluent
import Foundation

/// The current state of one dispute, projected from its events for fast lists and boards.
/// The events are the record; this row is rebuilt from them and never edited on its own.
package final class DisputeModel: Model, @unchecked Sendable {
    package static let schema = "disputes"

    @ID(key: .id) package var id: UUID?
    /// Path of the village/unit where it was registered: that subtree keeps seeing it after escalation.
    @Field(key: "origin_path") package var originPath: String
    /// Path of the unit handling it now: escalation moves it up.
    @Field(key: "handling_path") package var handlingPath: String
    @Field(key: "handling_org_unit_id") package var handlingOrgUnitID: UUID
    @OptionalField(key: "village_id") package var villageID: UUID?
    @OptionalField(key: "township_id") package var townshipID: UUID?
    @Field(key: "level") package var level: String
    @Field(key: "received_level") package var receivedLevel: String
    @OptionalField(key: "settled_level") package var settledLevel: String?
    @Field(key: "stage") package var stage: String
    @Field(key: "risk") package var risk: String
    @Field(key: "category") package var category: String
    @OptionalField(key: "subcategory") package var subcategory: String?
    @Field(key: "source") package var source: String
    @Field(key: "channel") package var channel: String
    @Field(key: "registered_at") package var registeredAt: Date
    @Field(key: "last_event_at") package var lastEventAt: Date
    /// The nearest running legal deadline, if any (mediation, confirmation, performance, supervision).
    @OptionalField(key: "deadline_at") package var deadlineAt: Date?
    @OptionalField(key: "deadline_kind") package var deadlineKind: String?
    @Field(key: "version") package var version: Int
    @Field(key: "summary") package var summary: String
    @Field(key: "party_names") package var partyNames: String
    @OptionalField(key: "case_number") package var caseNumber: String?
    @OptionalField(key: "case_year") package var caseYear: Int?
    @OptionalField(key: "case_serial") package var caseSerial: Int?
    @Field(key: "major_report_due") package var majorReportDue: Bool
    // Facts of the history the statistics count (M13), kept on the row so that counting them is
    // a column sum rather than a search through every dispute's events (migration 011).
    @Field(key: "had_rejection") package var hadRejection: Bool
    @Field(key: "had_termination") package var hadTermination: Bool
    @Field(key: "had_follow_up") package var hadFollowUp: Bool
    @Field(key: "had_confirmation_request") package var hadConfirmationRequest: Bool
    @Field(key: "had_automatic_hand_up") package var hadAutomaticHandUp: Bool
    /// 疑难: handed up, orange/red, or two or more failed sessions.
    @Field(key: "is_difficult") package var isDifficult: Bool
    // The county report's facts (#12, migration 026): the description's SimHash kept at write time
    // for near-identical texts, a mass-incident risk, and the tiers of "settled".
    @OptionalField(key: "fingerprint") package var fingerprint: Int64?
    @Field(key: "mass_risk") package var massRisk: Bool
    @OptionalField(key: "agreed_at") package var agreedAt: Date?
    @Field(key: "performed") package var performed: Bool
    @Field(key: "closed_on_follow_up") package var closedOnFollowUp: Bool
    /// The full `DisputeState` as JSON, for the detail view.
    @Field(key: "state") package var state: String

    package init() {}
}

/// What a row of a dispute list or board shows, as the model and a list row both hold it.
package protocol DisputeListColumns {
    var disputeID: UUID { get }
    var summary: String { get }
    var partyNames: String { get }
    var category: String { get }
    var stage: String { get }
    var risk: String { get }
    var level: String { get }
    var receivedLevel: String { get }
    var settledLevel: String? { get }
    var channel: String { get }
    var registeredAt: Date { get }
    var lastEventAt: Date { get }
    var deadlineAt: Date? { get }
    var deadlineKind: String? { get }
    var villageID: UUID? { get }
    var townshipID: UUID? { get }
    var handlingOrgUnitID: UUID { get }
    var caseNumber: String? { get }
    var version: Int { get }
    var majorReportDue: Bool { get }
}

extension DisputeModel: DisputeListColumns {
    package var disputeID: UUID { id! }
}

/// A dispute as lists and boards read it: only the columns they show, never the state JSON (most
/// of a row's bytes), decoded from the SQL row without building a model (`plainRows`).
package struct DisputeListRow: DisputeListColumns, Decodable, Sendable {
    package var disputeID: UUID
    package var summary, partyNames, category, stage, risk, level, receivedLevel, channel: String
    package var settledLevel, deadlineKind, caseNumber: String?
    package var registeredAt, lastEventAt: Date
    package var deadlineAt: Date?
    package var villageID, townshipID: UUID?
    package var handlingOrgUnitID: UUID
    package var version: Int
    package var majorReportDue: Bool

    enum CodingKeys: String, CodingKey {
        case disputeID = "id", summary, partyNames = "party_names", category, stage, risk, level, receivedLevel = "received_level"
        case channel, settledLevel = "settled_level", deadlineKind = "deadline_kind", caseNumber = "case_number"
        case registeredAt = "registered_at", lastEventAt = "last_event_at", deadlineAt = "deadline_at", villageID = "village_id"
        case townshipID = "township_id", handlingOrgUnitID = "handling_org_unit_id", version, majorReportDue = "major_report_due"
    }
}

extension DisputeModel {
    /// The list rows `q` finds, with only their columns selected.
    package static func listRows(_ q: QueryBuilder<DisputeModel>) async throws -> [DisputeListRow] {
        for column in DisputeListRow.CodingKeys.allColumns {
            q.field(.extendedPath([FieldKey(stringLiteral: column)], schema: schemaOrAlias, space: spaceIfNotAliased))
        }
        return try await q.plainRows(DisputeListRow.self)
    }
}

extension DisputeListRow.CodingKeys: CaseIterable {
    static var allColumns: [String] { allCases.map(\.rawValue) }
}

extension DisputeListRow {
    /// The columns a list reads: what the benchmark's plain SQL selects too.
    package static var columns: [String] { CodingKeys.allColumns }
}

/// One event of a dispute's history. The client-made id is the primary key, so a resent event
/// is stored once; (dispute_id, seq) is unique, so two concurrent edits cannot both land.
package final class DisputeEventModel: Model, @unchecked Sendable {
    package static let schema = "dispute_events"

    @ID(key: .id) package var id: UUID?
    @Field(key: "dispute_id") package var disputeID: UUID
    @Field(key: "seq") package var seq: Int
    @Field(key: "type") package var type: String
    @Field(key: "at") package var at: Date
    @Field(key: "actor_user_id") package var actorUserID: UUID
    @Field(key: "actor_org_unit_id") package var actorOrgUnitID: UUID
    /// The whole `DisputeEvent` as JSON.
    @Field(key: "body") package var body: String

    package init() {}
}

/// Parties of a dispute, indexed by ID number for duplicate checks. The numbers are stored in
/// full (the county's own database) and masked in every list the API gives out.
package final class DisputePartyModel: Model, @unchecked Sendable {
    package static let schema = "dispute_parties"

    @ID(key: .id) package var id: UUID?
    @Field(key: "dispute_id") package var disputeID: UUID
    @Field(key: "name") package var name: String
    @OptionalField(key: "id_number") package var idNumber: String?
    @OptionalField(key: "phone") package var phone: String?
    /// `PartyMatch.Key`'s stored forms (migration 032): the same person in another dispute has an
    /// equal one, so recurrences are an indexed join instead of normalising every party again.
    @OptionalField(key: "phone_key") package var phoneKey: String?
    @OptionalField(key: "id_key") package var idKey: String?

    package init() {}

    package init(disputeID: UUID, name: String, idNumber: String?, phone: String?) {
        self.disputeID = disputeID
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
        setMatchKeys()
    }

    /// Sets the match keys from the name, phone and ID number.
    package func setMatchKeys() {
        let key = PartyMatch.Key(name: name, phone: phone, idNumber: idNumber)
        phoneKey = key.phoneKey
        idKey = key.idKey
    }
}

/// A major-dispute report (重大纠纷报告) to one recipient unit, which must acknowledge it.
package final class MajorReportModel: Model, @unchecked Sendable {
    package static let schema = "major_reports"

    @ID(key: .id) package var id: UUID?
    @Field(key: "dispute_id") package var disputeID: UUID
    @Field(key: "recipient_org_unit_id") package var recipientOrgUnitID: UUID
    @Field(key: "recipient_path") package var recipientPath: String
    @Field(key: "risk") package var risk: String
    @Field(key: "summary") package var summary: String
    @Field(key: "created_at") package var createdAt: Date
    @OptionalField(key: "acknowledged_at") package var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") package var acknowledgedBy: UUID?

    package init() {}
}

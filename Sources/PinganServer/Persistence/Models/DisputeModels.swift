import Fluent
import Foundation

/// The current state of one dispute, projected from its events for fast lists and boards.
/// The events are the record; this row is rebuilt from them and never edited on its own.
final class DisputeModel: Model, @unchecked Sendable {
    static let schema = "disputes"

    @ID(key: .id) var id: UUID?
    /// Path of the village/unit where it was registered: that subtree keeps seeing it after escalation.
    @Field(key: "origin_path") var originPath: String
    /// Path of the unit handling it now: escalation moves it up.
    @Field(key: "handling_path") var handlingPath: String
    @Field(key: "handling_org_unit_id") var handlingOrgUnitID: UUID
    @OptionalField(key: "village_id") var villageID: UUID?
    @OptionalField(key: "township_id") var townshipID: UUID?
    @Field(key: "level") var level: String
    @Field(key: "received_level") var receivedLevel: String
    @OptionalField(key: "settled_level") var settledLevel: String?
    @Field(key: "stage") var stage: String
    @Field(key: "risk") var risk: String
    @Field(key: "category") var category: String
    @OptionalField(key: "subcategory") var subcategory: String?
    @Field(key: "source") var source: String
    @Field(key: "channel") var channel: String
    @Field(key: "registered_at") var registeredAt: Date
    @Field(key: "last_event_at") var lastEventAt: Date
    /// The nearest running legal deadline, if any (mediation, confirmation, performance, supervision).
    @OptionalField(key: "deadline_at") var deadlineAt: Date?
    @OptionalField(key: "deadline_kind") var deadlineKind: String?
    @Field(key: "version") var version: Int
    @Field(key: "summary") var summary: String
    @Field(key: "party_names") var partyNames: String
    @OptionalField(key: "case_number") var caseNumber: String?
    @OptionalField(key: "case_year") var caseYear: Int?
    @OptionalField(key: "case_serial") var caseSerial: Int?
    @Field(key: "major_report_due") var majorReportDue: Bool
    // Facts of the history the statistics count (M13), kept on the row so that counting them is
    // a column sum rather than a search through every dispute's events (migration 011).
    @Field(key: "had_rejection") var hadRejection: Bool
    @Field(key: "had_termination") var hadTermination: Bool
    @Field(key: "had_follow_up") var hadFollowUp: Bool
    @Field(key: "had_confirmation_request") var hadConfirmationRequest: Bool
    @Field(key: "had_automatic_hand_up") var hadAutomaticHandUp: Bool
    /// 疑难: handed up, orange/red, or two or more failed sessions.
    @Field(key: "is_difficult") var isDifficult: Bool
    /// The full `DisputeState` as JSON, for the detail view.
    @Field(key: "state") var state: String

    init() {}
}

extension DisputeModel {
    /// Selects every column a list row needs and not the state JSON, which is most of a row's
    /// bytes: lists and boards never decode it.
    static func listColumns(_ q: QueryBuilder<DisputeModel>) -> QueryBuilder<DisputeModel> {
        q.field(\.$id).field(\.$originPath).field(\.$handlingPath).field(\.$handlingOrgUnitID).field(\.$villageID)
            .field(\.$townshipID).field(\.$level).field(\.$receivedLevel).field(\.$settledLevel).field(\.$stage).field(\.$risk)
            .field(\.$category).field(\.$subcategory).field(\.$source).field(\.$channel).field(\.$registeredAt)
            .field(\.$lastEventAt).field(\.$deadlineAt).field(\.$deadlineKind).field(\.$version).field(\.$summary)
            .field(\.$partyNames).field(\.$caseNumber).field(\.$caseYear).field(\.$caseSerial).field(\.$majorReportDue)
    }
}

/// One event of a dispute's history. The client-made id is the primary key, so a resent event
/// is stored once; (dispute_id, seq) is unique, so two concurrent edits cannot both land.
final class DisputeEventModel: Model, @unchecked Sendable {
    static let schema = "dispute_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "dispute_id") var disputeID: UUID
    @Field(key: "seq") var seq: Int
    @Field(key: "type") var type: String
    @Field(key: "at") var at: Date
    @Field(key: "actor_user_id") var actorUserID: UUID
    @Field(key: "actor_org_unit_id") var actorOrgUnitID: UUID
    /// The whole `DisputeEvent` as JSON.
    @Field(key: "body") var body: String

    init() {}
}

/// Parties of a dispute, indexed by ID number for duplicate checks. The numbers are stored in
/// full (the county's own database) and masked in every list the API gives out.
final class DisputePartyModel: Model, @unchecked Sendable {
    static let schema = "dispute_parties"

    @ID(key: .id) var id: UUID?
    @Field(key: "dispute_id") var disputeID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "id_number") var idNumber: String?
    @OptionalField(key: "phone") var phone: String?

    init() {}

    init(disputeID: UUID, name: String, idNumber: String?, phone: String?) {
        self.disputeID = disputeID
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
    }
}

/// A major-dispute report (重大纠纷报告) to one recipient unit, which must acknowledge it.
final class MajorReportModel: Model, @unchecked Sendable {
    static let schema = "major_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "dispute_id") var disputeID: UUID
    @Field(key: "recipient_org_unit_id") var recipientOrgUnitID: UUID
    @Field(key: "recipient_path") var recipientPath: String
    @Field(key: "risk") var risk: String
    @Field(key: "summary") var summary: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: UUID?

    init() {}
}

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
    /// The full `DisputeState` as JSON, for the detail view.
    @Field(key: "state") package var state: String

    package init() {}
}

extension DisputeModel {
    /// Selects every column a list row needs and not the state JSON, which is most of a row's
    /// bytes: lists and boards never decode it.
    package static func listColumns(_ q: QueryBuilder<DisputeModel>) -> QueryBuilder<DisputeModel> {
        q.field(\.$id).field(\.$originPath).field(\.$handlingPath).field(\.$handlingOrgUnitID).field(\.$villageID)
            .field(\.$townshipID).field(\.$level).field(\.$receivedLevel).field(\.$settledLevel).field(\.$stage).field(\.$risk)
            .field(\.$category).field(\.$subcategory).field(\.$source).field(\.$channel).field(\.$registeredAt)
            .field(\.$lastEventAt).field(\.$deadlineAt).field(\.$deadlineKind).field(\.$version).field(\.$summary)
            .field(\.$partyNames).field(\.$caseNumber).field(\.$caseYear).field(\.$caseSerial).field(\.$majorReportDue)
    }

    /// The list columns of the rows `q` finds, each read by name into a model. Fluent's `all()`
    /// finds a model's fields by reflection (`Mirror`) for every row, which took a third of the
    /// county list's time at 100,000 disputes (perf, BENCHMARKS.md); reading 26 known columns does not.
    package static func listRows(_ q: QueryBuilder<DisputeModel>) async throws -> [DisputeModel] {
        // Fluent calls `onOutput` once per row, one row after another (as its own `all()` relies on).
        nonisolated(unsafe) var rows: [Result<DisputeModel, any Error>] = []
        try await listColumns(q).run { output in
            rows.append(Result { try DisputeModel(listRow: output.qualifiedSchema(space: nil, schema)) })
        }
        return try rows.map { try $0.get() }
    }

    convenience init(listRow o: any DatabaseOutput) throws {
        self.init()
        func get<T: Decodable>(_ key: String, _: T.Type = T.self) throws -> T { try o.decode(FieldKey(stringLiteral: key), as: T.self) }
        id = try o.decode(.id, as: UUID.self)
        originPath = try get("origin_path")
        handlingPath = try get("handling_path")
        handlingOrgUnitID = try get("handling_org_unit_id")
        villageID = try get("village_id")
        townshipID = try get("township_id")
        level = try get("level")
        receivedLevel = try get("received_level")
        settledLevel = try get("settled_level")
        stage = try get("stage")
        risk = try get("risk")
        category = try get("category")
        subcategory = try get("subcategory")
        source = try get("source")
        channel = try get("channel")
        registeredAt = try get("registered_at")
        lastEventAt = try get("last_event_at")
        deadlineAt = try get("deadline_at")
        deadlineKind = try get("deadline_kind")
        version = try get("version")
        summary = try get("summary")
        partyNames = try get("party_names")
        caseNumber = try get("case_number")
        caseYear = try get("case_year")
        caseSerial = try get("case_serial")
        majorReportDue = try get("major_report_due")
    }
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

    package init() {}

    package init(disputeID: UUID, name: String, idNumber: String?, phone: String?) {
        self.disputeID = disputeID
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
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

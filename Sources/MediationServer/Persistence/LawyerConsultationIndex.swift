import Fluent
import Foundation
import MediationDomain
import ServerCore

/// One question asked of a lawyer (请律师咨询): an `assigned` event naming a lawyer user, kept
/// beside the history so the lawyer's home page reads its rows by `(lawyer_user_id, asked_at)`
/// instead of searching every event's JSON for the lawyer's id (migration 012).
package final class LawyerConsultationModel: Model, @unchecked Sendable {
    package static let schema = "lawyer_consultations"

    /// The `assigned` event's id: an event is indexed once.
    @ID(key: .id) package var id: UUID?
    @Field(key: "dispute_id") package var disputeID: UUID
    @Field(key: "lawyer_user_id") package var lawyerUserID: UUID
    @Field(key: "asked_at") package var askedAt: Date
    @OptionalField(key: "question") package var question: String?

    package init() {}
}

/// Keeps `lawyer_consultations` in step with the history: the event store calls `record` for
/// every event it stores, in the same transaction.
package enum LawyerConsultationIndex {
    /// The row an event adds, if it asks a lawyer (an `assigned` event with role lawyer and a user).
    package static func row(for event: DisputeEvent) -> LawyerConsultationModel? {
        guard case .assigned(let a) = event.kind, a.role == .lawyer, let lawyer = a.userId else { return nil }
        let row = LawyerConsultationModel()
        row.id = event.id
        row.disputeID = event.disputeId
        row.lawyerUserID = lawyer
        row.askedAt = event.at
        row.question = a.note
        return row
    }

    package static func record(_ event: DisputeEvent, on db: Database) async throws {
        try await row(for: event)?.create(on: db)
    }

    /// Indexes the stored history (the migration's backfill): every `assigned` event, found by
    /// `dispute_events_type`, decoded and kept if it names a lawyer.
    package static func fill(on db: Database) async throws {
        let assigned = try await DisputeEventModel.query(on: db).filter(\.$type == DisputeEventType.assigned.rawValue).all()
        let decoder = StoredJSON.decoder
        let rows = try assigned.compactMap { try row(for: decoder.decode(DisputeEvent.self, from: Data($0.body.utf8))) }
        let existing = Set(try await LawyerConsultationModel.query(on: db).all(\.$id))
        for r in rows where !existing.contains(r.id!) { try await r.create(on: db) }
    }
}

import Fluent
import MediationDomain
import ServerCore
import Vapor

/// The disputes a lawyer was asked to consult on (请律师咨询), for the lawyer's home page.
package enum LawyerConsultations {
    /// A question a lawyer was asked about a dispute.
    package struct Consultation: Encodable { var disputeId: UUID; var summary, question, askedText: String }

    /// The `assigned` events naming this lawyer, in the lawyer's scope.
    package static func list(for actor: Caller, on db: Database) async throws -> [Consultation] {
        let rows = try await DisputeEventModel.query(on: db).filter(\.$type == DisputeEventType.assigned.rawValue)
            .filter(\.$body ~~ actor.userID.uuidString).sort(\.$at, .descending).limit(50).all()
        let asked: [(UUID, String, Date)] = try rows.compactMap { row in
            let event = try DisputeStore.decoder.decode(DisputeEvent.self, from: Data(row.body.utf8))
            guard case .assigned(let a) = event.kind, a.role == .lawyer, a.userId == actor.userID else { return nil }
            return (row.disputeID, a.note ?? "", row.at)
        }
        let disputes = try await DisputeStore(db: db).visible(scopePath: actor.scopePath).filter(\.$id ~~ Set(asked.map(\.0)))
            .field(\.$id).field(\.$summary).all()
        let summaries = Dictionary(uniqueKeysWithValues: disputes.map { ($0.id!, $0.summary) })
        return asked.compactMap { a in
            summaries[a.0].map { Consultation(disputeId: a.0, summary: $0, question: a.1, askedText: PageFormat.dateTime(a.2)) }
        }
    }
}

import Fluent
import MediationDomain
import ServerCore
import Vapor

/// The disputes a lawyer was asked to consult on (请律师咨询), for the lawyer's home page.
package enum LawyerConsultations {
    /// A question a lawyer was asked about a dispute.
    package struct Consultation: Encodable { var disputeId: UUID; var summary, question, askedText: String }

    /// The questions asked of this lawyer (newest 50, read by `lawyer_consultations_lawyer`), of
    /// disputes in the lawyer's scope.
    package static func list(for actor: Caller, on db: Database) async throws -> [Consultation] {
        let asked = try await LawyerConsultationModel.query(on: db).filter(\.$lawyerUserID == actor.userID)
            .sort(\.$askedAt, .descending).limit(50).all()
        guard !asked.isEmpty else { return [] }
        let disputes = try await DisputeStore(db: db).visible(scopePath: actor.scopePath).filter(\.$id ~~ Set(asked.map(\.disputeID)))
            .field(\.$id).field(\.$summary).all()
        let summaries = Dictionary(uniqueKeysWithValues: disputes.map { ($0.id!, $0.summary) })
        return asked.compactMap { a in
            summaries[a.disputeID].map {
                Consultation(disputeId: a.disputeID, summary: $0, question: a.question ?? "", askedText: PageFormat.dateTime(a.askedAt))
            }
        }
    }
}

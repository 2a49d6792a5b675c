import MediationDomain
import ServerCore
import Fluent

/// A lawyer's home page found their consultations with `body LIKE '%<user id>%'` over every event
/// (a scan of the whole history). `lawyer_consultations` holds one row per `assigned` event naming
/// a lawyer, indexed by lawyer and time; existing events are indexed here.
package struct M012LawyerConsultations: AsyncMigration {
    package var name: String { "012_LawyerConsultations" }

    package func prepare(on database: Database) async throws {
        try await database.schema(LawyerConsultationModel.schema)
            .id()
            .field("dispute_id", .uuid, .required, .references(DisputeModel.schema, "id", onDelete: .cascade))
            .field("lawyer_user_id", .uuid, .required)
            .field("asked_at", .datetime, .required)
            .field("question", .string)
            .create()
        try await createIndex(on: database, "lawyer_consultations_lawyer", table: LawyerConsultationModel.schema,
                              columns: ["lawyer_user_id", "asked_at"])
        try await LawyerConsultationIndex.fill(on: database)
    }

    package func revert(on database: Database) async throws {
        try await database.schema(LawyerConsultationModel.schema).delete()
    }

    package init() {
    }
}

import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import SQLKit
import Testing
import Vapor

@Suite("Migrations")
struct MigrationTests {
    @Test("Every migration reverts cleanly and applies again: every table and index of the core and every wing", arguments: TestDatabase.available)
    func revertAndReapply(db: TestDatabase) async throws {
        try await withApp(db) { app in
            #expect(try await OrgUnitModel.query(on: app.db).count() > 600)
            // What the migrations made, read from the database's own catalogue rather than listed here.
            let tables = try await Self.names(.tables, app.db), indexes = try await Self.names(.indexes, app.db)
            for table in [OrgUnitModel.schema, UserModel.schema, "_fluent_sessions", DisputeModel.schema, InstructionModel.schema,
                          ScreeningReportModel.schema, LawyerConsultationModel.schema, LoginFailureModel.schema] {
                #expect(tables.contains(table), "\(table) should exist after migrating")
            }
            #expect(tables.count >= 19, "\(tables.sorted())")
            #expect(indexes.contains("disputes_list") && indexes.contains("lawyer_consultations_lawyer") && indexes.contains("login_failures_key"), "\(indexes.sorted())")

            try await app.autoRevert()
            // Only Fluent's own record of applied migrations stays (emptied).
            #expect(try await Self.names(.tables, app.db) == ["_fluent_migrations"])
            let leftIndexes = try await Self.names(.indexes, app.db)
            #expect(leftIndexes.isEmpty, "indexes left after revert: \(leftIndexes.sorted())")

            try await app.autoMigrate()
            #expect(try await Self.names(.tables, app.db) == tables)
            #expect(try await Self.names(.indexes, app.db) == indexes)
            #expect(try await OrgUnitModel.query(on: app.db).count() == 0)
            try await DemoOrgSeed.run(on: app)
            #expect(try await OrgUnitModel.query(on: app.db).filter(\.$kind == "township").count() == 11)
        }
    }

    @Test("Migration 012 indexes the consultations already in the history, and only those", arguments: TestDatabase.available)
    func lawyerConsultationBackfill(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(DirectiveFixtures.start)) { app in
            let mediator = try await app.token("mediator")
            let judicial = try await app.token("judicial")
            let disputeID = try await DirectiveFixtures.dispute(app, token: mediator)
            let lawyer2 = try #require(try await UserModel.query(on: app.db).filter(\.$username == "lawyer2").first())
            let asked = try await app.api(.POST, "/api/v1/lawyers/\(lawyer2.id!)/consultations", token: judicial,
                                          json: #"{"disputeId":"\#(disputeID)","question":"宅基地边界如何认定？"}"#)
            #expect(asked.status == .created, "\(asked.body.string)")
            // A mediator assignment is not a consultation.
            let version = try #require(try await DisputeModel.find(disputeID, on: app.db)).version
            let mediatorAssigned = try await app.api(.POST, "/api/v1/disputes/\(disputeID)/events", token: judicial,
                json: DisputeFixtures.event("assigned", base: version, payload: #"{"role":"mediator","name":"王调解"}"#))
            #expect(mediatorAssigned.status == .created, "\(mediatorAssigned.body.string)")
            let written = try await LawyerConsultationModel.query(on: app.db).all()
            #expect(written.count == 1)

            // Drop the table and make it again from the stored events, as on a database migrated before 012.
            try await M012LawyerConsultations().revert(on: app.db)
            try await M012LawyerConsultations().prepare(on: app.db)
            let filled = try await LawyerConsultationModel.query(on: app.db).all()
            #expect(filled.count == 1)
            let row = try #require(filled.first)
            #expect(row.id == written.first?.id && row.disputeID == disputeID && row.lawyerUserID == lawyer2.id)
            #expect(row.question == "宅基地边界如何认定？" && row.askedAt == written.first?.askedAt)
        }
    }

    enum Catalogue { case tables, indexes }

    /// The tables or indexes of the test's database: SQLite's own `sqlite_*` objects (and the
    /// automatic indexes of its keys) aside, and no index of Fluent's `_fluent_migrations`.
    static func names(_ what: Catalogue, _ db: Database) async throws -> Set<String> {
        let sql = db as! any SQLDatabase
        let query: SQLQueryString = switch (sql.dialect.name, what) {
        case ("sqlite", .tables): "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        case ("sqlite", .indexes): "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' AND tbl_name <> '_fluent_migrations'"
        case (_, .tables): "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
        case (_, .indexes): "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename <> '_fluent_migrations'"
        }
        return Set(try await sql.raw(query).all().map { try $0.decode(column: "name", as: String.self) })
    }
}

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
    @Test("Every migration reverts cleanly and applies again", arguments: TestDatabase.available)
    func revertAndReapply(db: TestDatabase) async throws {
        try await withApp(db) { app in
            #expect(try await OrgUnitModel.query(on: app.db).count() > 600)
            try await app.autoRevert()
            for table in [OrgUnitModel.schema, UserModel.schema, UserTokenModel.schema, AuditRecordModel.schema, "_fluent_sessions"] {
                #expect(try await tableExists(table, app.db) == false, "\(table) should be gone after revert")
            }
            try await app.autoMigrate()
            #expect(try await OrgUnitModel.query(on: app.db).count() == 0)
            try await DemoOrgSeed.run(on: app)
            #expect(try await OrgUnitModel.query(on: app.db).filter(\.$kind == "township").count() == 11)
        }
    }

    func tableExists(_ name: String, _ db: Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        do {
            _ = try await sql.raw("SELECT 1 FROM \(ident: name) WHERE 1 = 0").all()
            return true
        } catch {
            return false
        }
    }
}

import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import SQLKit
import Testing
import Vapor

@Suite("Settings")
struct SettingsTests {
    @Test("No DATABASE_URL means an SQLite file under ./data")
    func defaults() throws {
        let s = try Settings.fromEnvironment([:])
        #expect(s.database == .sqlite(path: "data/pingan.sqlite"))
        #expect(s.tileURL == nil)
    }

    @Test("DATABASE_URL selects PostgreSQL")
    func postgres() throws {
        let s = try Settings.fromEnvironment(["DATABASE_URL": "postgres://u:p@127.0.0.1:5432/pingan"])
        #expect(s.database == .postgres(url: "postgres://u:p@127.0.0.1:5432/pingan"))
    }

    @Test("Every malformed variable is named at once")
    func malformed() {
        do {
            _ = try Settings.fromEnvironment(["DATABASE_URL": "mysql://x", "PINGAN_TILE_URL": "http://tiles/", "PINGAN_TOKEN_DAYS": "forever"])
            Issue.record("expected an error")
        } catch let e as Settings.Invalid {
            #expect(e.problems.count == 3)
            #expect(e.description.contains("DATABASE_URL") && e.description.contains("PINGAN_TILE_URL") && e.description.contains("PINGAN_TOKEN_DAYS"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("The embedded database runs in WAL mode")
    func wal() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-wal-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: Settings(database: .sqlite(path: dir.appendingPathComponent("p.sqlite").path), bcryptCost: 4))
            let rows = try await (app.db as! any SQLDatabase).raw("PRAGMA journal_mode").all()
            #expect(try rows.first?.decode(column: "journal_mode", as: String.self) == "wal")
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

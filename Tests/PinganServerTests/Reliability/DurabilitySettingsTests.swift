import Fluent
import FluentSQLiteDriver
import Foundation
@testable import PinganServer
@testable import ServerCore
import SQLKit
import Testing
import Vapor

/// Issue #13 point 3: the settings the running server keeps its answered writes with. The SIGKILL
/// harness (`.ci/durability.sh`) passes even with SQLite's `synchronous=OFF` or PostgreSQL's `fsync=off`
/// (a killed process loses nothing the OS already holds; a power cut does), so these are checked
/// here, read back from the database through the app's own connections.
@Suite("Durability settings: SQLite WAL with synchronous FULL on every connection; PostgreSQL fsync, synchronous_commit and full_page_writes checked at start")
struct DurabilitySettingsTests {
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-durability-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func pragma(_ name: String, on sql: any SQLDatabase) async throws -> String {
        let row = try #require(try await sql.raw("PRAGMA \(unsafeRaw: name)").first())
        if let text = try? row.decode(column: name, as: String.self) { return text }
        return String(try row.decode(column: name, as: Int.self))
    }

    static func show(_ name: String, on sql: any SQLDatabase) async throws -> String {
        try #require(try await sql.raw("SHOW \(unsafeRaw: name)").first()).decode(column: name, as: String.self)
    }

    @Test("The running app's connections: SQLite in WAL with synchronous FULL on every event loop's and on its own (track writer, checkpoint); PostgreSQL's SHOW values decide the production start",
          arguments: TestDatabase.available)
    func running(db: TestDatabase) async throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pingan.sqlite").path
        try await withApp(db, seed: false, adjust: { if db == .sqlite { $0.database = .sqlite(path: file) } }) { app in
            switch db {
            case .sqlite:
                let loops = Array(app.eventLoopGroup.makeIterator())
                #expect(loops.count >= 1)
                for loop in loops {
                    let sql = try #require(app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase)
                    #expect(try await Self.pragma("journal_mode", on: sql) == "wal")
                    let sync = try #require(Int(try await Self.pragma("synchronous", on: sql)))
                    #expect(sync >= 1, "synchronous must be at least NORMAL (1); it is \(sync)")
                    #expect(sync == 2, "the app sets FULL (2): an answered write survives a power cut too")
                    #expect(try await Self.pragma("foreign_keys", on: sql) == "1")
                    #expect(try await DatabaseDurability.problems(of: app.databases.database(logger: app.logger, on: loop)!) == [])
                }
                // The connections the app opens beside Fluent's pool are set up the same way.
                let own = try await OwnSQLiteConnection.open(path: file, logger: app.logger)
                let sql = own.connection.sql()
                let mode = try await Self.pragma("journal_mode", on: sql), sync = try await Self.pragma("synchronous", on: sql)
                await own.close()
                #expect(mode == "wal" && sync == "2", "own connection: journal_mode \(mode), synchronous \(sync)")
            case .postgres:
                let sql = try #require(app.db as? any SQLDatabase)
                let fsync = try await Self.show("fsync", on: sql), commit = try await Self.show("synchronous_commit", on: sql)
                let pages = try await Self.show("full_page_writes", on: sql)
                let problems = DatabaseDurability.postgresProblems(fsync: fsync, synchronousCommit: commit, fullPageWrites: pages)
                #expect(try await DatabaseDurability.problems(of: app.db) == problems, "the check reads the same values through the app")
                // Production starts only on a durable server (the CI cluster runs with fsync and
                // synchronous_commit off for speed, so there it must refuse); development only warns.
                var refusal: DatabaseDurability.Refused?
                do { try await DatabaseDurability.check(app, settings: app.settings, environment: .production) } catch let r as DatabaseDurability.Refused { refusal = r }
                #expect((refusal != nil) == !problems.isEmpty, "fsync=\(fsync) synchronous_commit=\(commit) full_page_writes=\(pages)")
                for p in problems { #expect(refusal?.message.contains(p) == true) }
                try await DatabaseDurability.check(app, settings: app.settings, environment: .development)
            }
        }
    }

    @Test("Start-up under --env production: on PostgreSQL it refuses exactly when the server would lose answered writes; on an SQLite file it starts",
          arguments: TestDatabase.available)
    func productionStart(db: TestDatabase) async throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var settings = Settings(database: .sqlite(path: dir.appendingPathComponent("p.sqlite").path), bcryptCost: 4)
        var expected: [String] = []
        if db == .postgres {
            let url = try #require(ProcessInfo.processInfo.environment["PINGAN_TEST_DATABASE_URL"])
            settings.database = .postgres(url: url)
            // The server's own values, read on a plain connection of the test's.
            try await withApp(.postgres, seed: false) { app in
                let sql = try #require(app.db as? any SQLDatabase)
                expected = DatabaseDurability.postgresProblems(fsync: try await Self.show("fsync", on: sql),
                                                               synchronousCommit: try await Self.show("synchronous_commit", on: sql),
                                                               fullPageWrites: try await Self.show("full_page_writes", on: sql))
            }
        }
        let app = try await Application.make(.production)
        app.logger.logLevel = .critical
        var refused: DatabaseDurability.Refused?
        do {
            // The database set-up is configure's first step: a refusal comes before migrations or serving.
            try await AppSetup.database(app, settings: settings)
        } catch let r as DatabaseDurability.Refused {
            refused = r
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        #expect((refused != nil) == !expected.isEmpty, "\(db): expected \(expected), refused: \(refused?.message ?? "no")")
    }

    @Test("The rules: SQLite needs WAL and synchronous ≥ NORMAL; PostgreSQL needs fsync on, synchronous_commit not off, full_page_writes on")
    func rules() {
        #expect(DatabaseDurability.sqliteProblems(journalMode: "wal", synchronous: 2).isEmpty)
        #expect(DatabaseDurability.sqliteProblems(journalMode: "WAL", synchronous: 1).isEmpty)
        #expect(DatabaseDurability.sqliteProblems(journalMode: "wal", synchronous: 0).count == 1, "OFF answers before the disk has the write")
        #expect(DatabaseDurability.sqliteProblems(journalMode: "delete", synchronous: 2).count == 1)
        #expect(DatabaseDurability.postgresProblems(fsync: "on", synchronousCommit: "on", fullPageWrites: "on").isEmpty)
        for waits in ["local", "remote_write", "remote_apply"] {
            #expect(DatabaseDurability.postgresProblems(fsync: "on", synchronousCommit: waits, fullPageWrites: "on").isEmpty, "\(waits) flushes the local WAL")
        }
        let off = DatabaseDurability.postgresProblems(fsync: "off", synchronousCommit: "off", fullPageWrites: "off")
        #expect(off.count == 3 && off[0].hasPrefix("fsync=off") && off[1].hasPrefix("synchronous_commit=off") && off[2].hasPrefix("full_page_writes=off"))
        #expect(DatabaseDurability.postgresProblems(fsync: "on", synchronousCommit: "off", fullPageWrites: "on").count == 1)
    }
}

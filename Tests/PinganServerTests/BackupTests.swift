import Crypto
import Fluent
import Foundation
@testable import PinganServer
import SQLKit
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Backup and restore (#13 point 5): a copy made while serving gives back every record of every
/// table, on SQLite and PostgreSQL; a copy made under concurrent writes is whole; the nightly
/// backup makes one copy a day and keeps the newest N; a restore refuses what is not a copy.
@Suite("Backup and restore")
struct BackupTests {
    /// Each table's row count and a digest of all its rows (every column, in a fixed order): two
    /// equal snapshots hold the same records.
    static func snapshot(_ db: any Database) async throws -> [String: String] {
        let sql = try #require(db as? any SQLDatabase)
        struct Name: Decodable { var name: String }
        struct Count: Decodable { var n: Int }
        struct Digest: Decodable { var d: String? }
        var out: [String: String] = [:]
        if sql.dialect.name == "sqlite" {
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                .all(decoding: Name.self).map(\.name)
            for t in tables {
                struct Column: Decodable { var name: String }
                let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: t))").all(decoding: Column.self).map(\.name)
                let row = columns.map { "quote(\"\($0)\")" }.joined(separator: " || ',' || ")
                let n = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: t)").first(decoding: Count.self)?.n ?? -1
                let all = try await sql.raw("SELECT group_concat(r, '|') AS d FROM (SELECT \(unsafeRaw: row) AS r FROM \(ident: t) ORDER BY r)")
                    .first(decoding: Digest.self)?.d ?? ""
                out[t] = "\(n):" + SHA256.hash(data: Data(all.utf8)).map { String(format: "%02x", $0) }.joined()
            }
        } else {
            // Partitions hold the parent's rows: the parent is counted once, its partitions too.
            let tables = try await sql.raw("""
                SELECT table_name AS name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
                """).all(decoding: Name.self).map(\.name)
            for t in tables {
                let n = try await sql.raw("SELECT COUNT(*)::int AS n FROM \(ident: t)").first(decoding: Count.self)?.n ?? -1
                let d = try await sql.raw("SELECT md5(string_agg(x.r, '|' ORDER BY x.r)) AS d FROM (SELECT t::text AS r FROM \(ident: t) t) x")
                    .first(decoding: Digest.self)?.d ?? ""
                out[t] = "\(n):\(d)"
            }
        }
        return out
    }

    static func tempDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-backup-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("A copy made while serving gives back every record of every table after later changes", arguments: TestDatabase.available)
    func roundTrip(db: TestDatabase) async throws {
        let dir = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(db == .sqlite ? "copy.sqlite" : "copy.pgdump")
        let dbFile = dir.appendingPathComponent("pingan.sqlite").path
        let sqlite: (inout Settings) -> Void = { if db == .sqlite { $0.database = .sqlite(path: dbFile) } }
        var before: [String: String] = [:]
        try await withApp(db, adjust: sqlite) { app in
            let mediator = try await app.token("mediator")
            #expect(try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake()).status == .created)
            before = try await Self.snapshot(app.db)
            #expect(before.count > 40, "every wing's tables: \(before.count)")
            #expect(before["disputes"]?.hasPrefix("1:") == true && before["users"]?.hasPrefix("0:") == false, "records to lose")
            let backup = DatabaseBackup(settings: app.settings)
            let bytes = try await backup.backup(from: app.db, to: file)
            #expect(bytes > 10_000)
            // Refused: a second copy over the first.
            await #expect(throws: DatabaseBackup.Failure.self) { try await backup.backup(from: app.db, to: file) }
            // Changes after the copy: a new dispute, and an account gone.
            let made = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake())
            #expect(made.status == .created)
            try await (app.db as! any SQLDatabase).raw("DELETE FROM audit_records WHERE action = 'login'").run()
            let changed = try await Self.snapshot(app.db)
            #expect(changed["disputes"] != before["disputes"] && changed["dispute_events"] != before["dispute_events"])
            if db == .postgres {
                try await backup.restore(from: file)
                #expect(try await Self.snapshot(app.db) == before, "PostgreSQL: every table as it was when copied")
            }
        }
        guard db == .sqlite else { return }
        // SQLite: restored with the server stopped; the replaced file is kept, with its changes.
        let settings = Settings(database: .sqlite(path: dbFile), loginFailureLimit: 5, loginLockSeconds: 300, bcryptCost: 4)
        let kept = try #require(try await DatabaseBackup(settings: settings).restore(from: file))
        #expect(FileManager.default.fileExists(atPath: kept.path))
        try await withApp(.sqlite, seed: false, adjust: sqlite) { app in
            let restored = try await Self.snapshot(app.db)
            #expect(restored == before, "SQLite: every table as it was when copied")
        }
        try await withApp(.sqlite, seed: false, adjust: { $0.database = .sqlite(path: kept.path) }) { app in
            let aside = try await Self.snapshot(app.db)
            #expect(aside["disputes"] != before["disputes"], "the file moved aside still has the later dispute")
        }
    }

    @Test("A copy made during concurrent writes is whole: integrity, foreign keys, every dispute with its events, every acknowledged write before it")
    func underWrites() async throws {
        let dir = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("copy.sqlite")
        let first = UUID()
        try await withApp(.sqlite, adjust: { $0.database = .sqlite(path: dir.appendingPathComponent("pingan.sqlite").path) }) { app in
            let token = try await app.token("mediator")
            #expect(try await app.api(.POST, "/api/v1/disputes", token: token, json: DisputeFixtures.intake(id: first)).status == .created)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<12 {
                    group.addTask { _ = try await app.api(.POST, "/api/v1/disputes", token: token, json: DisputeFixtures.intake()) }
                }
                group.addTask { try await DatabaseBackup(settings: app.settings).backup(from: app.db, to: file) }
                try await group.waitForAll()
            }
        }
        try await withApp(.sqlite, seed: false, adjust: { $0.database = .sqlite(path: file.path) }) { app in
            let sql = app.db as! any SQLDatabase
            struct Check: Decodable { var integrity_check: String }
            #expect(try await sql.raw("PRAGMA integrity_check").first(decoding: Check.self)?.integrity_check == "ok")
            struct Row: Decodable { var n: Int }
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM pragma_foreign_key_check").first(decoding: Row.self)?.n == 0)
            let orphans = try await sql.raw("SELECT COUNT(*) AS n FROM disputes d WHERE NOT EXISTS (SELECT 1 FROM dispute_events e WHERE e.dispute_id = d.id)")
                .first(decoding: Row.self)?.n
            #expect(orphans == 0, "no dispute without its events")
            let strays = try await sql.raw("SELECT COUNT(*) AS n FROM dispute_events e WHERE NOT EXISTS (SELECT 1 FROM disputes d WHERE d.id = e.dispute_id)")
                .first(decoding: Row.self)?.n
            #expect(strays == 0, "no event without its dispute")
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM disputes WHERE id = \(bind: first)").first(decoding: Row.self)?.n == 1,
                    "the write acknowledged before the copy began is in it")
        }
    }

    @Test("The nightly backup makes one copy a day after its hour and keeps the newest N; restore refuses what is not a copy")
    func nightly() async throws {
        let dir = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copies = dir.appendingPathComponent("copies")
        // 2026-03-01 01:00 in China (17:00 UTC the day before): before the 02:00 hour.
        let clock = TestClock(ISO8601DateFormatter().date(from: "2026-02-28T17:00:00Z")!)
        try await withApp(.sqlite, seed: false, clock: clock, adjust: {
            $0.database = .sqlite(path: dir.appendingPathComponent("pingan.sqlite").path)
            $0.backupDirectory = copies.path; $0.backupHour = 2; $0.backupKeep = 2
        }) { app in
            let nightly = try #require(NightlyBackup(settings: app.settings))
            #expect(try await nightly.runIfDue(db: app.db, now: clock.now) == nil, "not before its hour")
            clock.advance(2 * 3600)
            #expect(try await nightly.runIfDue(db: app.db, now: clock.now)?.lastPathComponent == "pingan-2026-03-01.sqlite")
            #expect(try await nightly.runIfDue(db: app.db, now: clock.now) == nil, "once a day")
            for _ in 0..<3 {
                clock.advance(86_400)
                #expect(try await nightly.runIfDue(db: app.db, now: clock.now) != nil)
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: copies.path).sorted()
            #expect(left == ["pingan-2026-03-03.sqlite", "pingan-2026-03-04.sqlite"], "the newest 2 kept: \(left)")
            // Restore refuses a file that is not a SQLite copy, and a missing one, before touching anything.
            let junk = dir.appendingPathComponent("junk.sqlite")
            try Data("not a database".utf8).write(to: junk)
            let backup = DatabaseBackup(settings: app.settings)
            await #expect(throws: DatabaseBackup.Failure.self) { try await backup.restore(from: junk) }
            await #expect(throws: DatabaseBackup.Failure.self) { try await backup.restore(from: dir.appendingPathComponent("missing.sqlite")) }
        }
    }
}

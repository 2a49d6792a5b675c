import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PatrolServer
@testable import PinganServer
@testable import ServerCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The upgrade test (issue #13 point 5): a database made once by an earlier commit's demo
/// (`Tests/Fixtures/upgrade/`, its README says which commit and how) is migrated to the current
/// schema through the app, as `pingan migrate` does at an upgrade, and loses nothing: every table's
/// row count is what it was, sample records read back through the current API, the migrations
/// added since exist and the rows stored before them are filled. SQLite only: the fixture is an
/// SQLite file (a county on PostgreSQL upgrades through the same numbered migrations, which the
/// rest of the suite runs on PostgreSQL from empty).
@Suite("Upgrade from an earlier release's database")
struct UpgradeTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/upgrade/pingan-f7b2edb.sqlite.gz")

    /// The fixture unpacked to a file of its own (gzip on a thread of its own, not a cooperative one).
    static func unpack() async throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("pingan.sqlite")
        let code: Int32 = try await withCheckedThrowingContinuation { done in
            Thread {
                done.resume(with: Result {
                    let p = Process()
                    p.executableURL = URL(fileURLWithPath: "/bin/sh")
                    p.arguments = ["-c", "gzip -dc \"$0\" > \"$1\"", fixture.path, file.path]
                    try p.run()
                    p.waitUntilExit()
                    return p.terminationStatus
                })
            }.start()
        }
        guard code == 0 else { throw TestSetupError.other("gzip -dc \(fixture.path): \(code)") }
        return file
    }

    static func sql(_ app: Application) -> any SQLDatabase { app.db as! any SQLDatabase }

    /// Every table's row count, read with plain SQL (no model of the current schema involved).
    static func counts(_ app: Application) async throws -> [String: Int] {
        struct Name: Decodable { var name: String }
        struct N: Decodable { var n: Int }
        let tables = try await sql(app).raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .all(decoding: Name.self).map(\.name)
        var out: [String: Int] = [:]
        for t in tables {
            out[t] = try await sql(app).raw("SELECT COUNT(*) AS n FROM \(ident: t)").first(decoding: N.self)?.n ?? -1
        }
        return out
    }

    static func columns(_ app: Application, _ table: String) async throws -> Set<String> {
        struct C: Decodable { var name: String }
        return Set(try await sql(app).raw("SELECT name FROM pragma_table_info(\(bind: table))").all(decoding: C.self).map(\.name))
    }

    @Test("The fixture migrates to the current schema without losing a row, and reads back through the API")
    func upgrade() async throws {
        let file = try await Self.unpack()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            var settings = Settings(database: .sqlite(path: file.path), loginFailureLimit: 5, loginLockSeconds: 300, bcryptCost: 4)
            settings.sweepSeconds = 0
            try await configure(app, settings: settings)

            // Before: what the earlier release stored.
            struct Done: Decodable { var name: String }
            let doneBefore = Set(try await Self.sql(app).raw("SELECT name FROM _fluent_migrations").all(decoding: Done.self).map(\.name))
            #expect(doneBefore.contains("025_CreatePoliceLinks") && !doneBefore.contains("026_DisputeFingerprints"),
                    "the fixture is from before migration 026")
            let before = try await Self.counts(app)
            #expect((before["disputes"] ?? 0) >= 50 && (before["dispute_events"] ?? 0) > (before["disputes"] ?? 0), "\(before)")
            #expect((before["patrol_units"] ?? 0) > 0 && (before["incidents"] ?? 0) > 0 && (before["users"] ?? 0) >= 10, "\(before)")
            #expect(!(try await Self.columns(app, "disputes")).contains("fingerprint"))
            struct Sample: Decodable { var id: UUID; var events: Int }
            let sample = try #require(try await Self.sql(app).raw("""
                SELECT d.id AS id, COUNT(e.id) AS events FROM disputes d JOIN dispute_events e ON e.dispute_id = d.id
                GROUP BY d.id ORDER BY COUNT(e.id) DESC, d.id LIMIT 1
                """).first(decoding: Sample.self))
            struct Unit: Decodable { var id: UUID; var call_sign: String }
            let unit = try #require(try await Self.sql(app).raw("SELECT id, call_sign FROM patrol_units ORDER BY call_sign LIMIT 1")
                .first(decoding: Unit.self))

            // The upgrade: the current migrations, through the app.
            try await app.autoMigrate()

            // Every migration is done once, and every row is still there.
            let doneAfter = try await Self.sql(app).raw("SELECT name FROM _fluent_migrations").all(decoding: Done.self).map(\.name)
            #expect(doneAfter.count == Set(doneAfter).count)
            #expect(doneBefore.isSubset(of: Set(doneAfter)) && doneAfter.contains("026_DisputeFingerprints")
                    && doneAfter.contains("029_CreateLoginFailures"), "\(doneAfter.sorted())")
            let after = try await Self.counts(app)
            for (table, n) in before where table != "_fluent_migrations" {
                #expect(after[table] == n, "\(table): \(n) rows before the upgrade, \(after[table].map(String.init) ?? "no table") after")
            }
            #expect(after["_fluent_migrations"] == doneAfter.count)

            // The new tables and columns exist; every dispute stored before 026 has its fingerprint,
            // the one its description gives.
            #expect(after["login_failures"] != nil && after["analysis_reports"] != nil, "\(after.keys.sorted())")
            #expect(try await Self.columns(app, "disputes").isSuperset(of: ["fingerprint", "mass_risk", "agreed_at", "performed", "closed_on_follow_up"]))
            let disputes = try await DisputeModel.query(on: app.db).all()
            #expect(disputes.count == before["disputes"])
            var filled = 0
            for m in disputes {
                let state = try DisputeStore.state(of: m)
                let expected = TextFingerprint.simHash(state.intake.summary).map(TextFingerprint.stored)
                #expect(m.fingerprint == expected, "\(m.id!): fingerprint \(m.fingerprint.map(String.init) ?? "nil")")
                if m.fingerprint != nil { filled += 1 }
            }
            #expect(filled > disputes.count / 2, "the backfill filled the fingerprints: \(filled) of \(disputes.count)")

            // The demo's accounts log in with the documented password, and records read back.
            let bureau = try await app.token("bureau")
            let dispute = try await app.api(.GET, "/api/v1/disputes/\(sample.id)", token: bureau)
            #expect(dispute.status == .ok, "\(dispute.body.string.prefix(200))")
            #expect(try dispute.dispute().id == sample.id)
            struct Events: Decodable { var total: Int; var version: Int }
            let events = try await app.api(.GET, "/api/v1/disputes/\(sample.id)/events", token: bureau)
            #expect(events.status == .ok)
            let timeline = try events.content.decode(Events.self)
            #expect(timeline.total == sample.events && timeline.version == sample.events, "\(timeline) vs \(sample.events) events stored")
            let dispatcher = try await app.token("dispatcher")
            let patrolUnit = try await app.api(.GET, PatrolRoutes.unit.link(unit.id), token: dispatcher)
            #expect(patrolUnit.status == .ok && patrolUnit.body.string.contains(unit.call_sign), "\(patrolUnit.body.string.prefix(200))")
            _ = try await PageTests.sessionCookie(app, "mediator")
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

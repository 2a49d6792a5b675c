import Fluent
import Foundation
import PatrolDomain
import PatrolServer
import SQLKit
import ServerCore
import Vapor

/// `pingan tracks archive [--dry-run]`: archive and remove the track months past
/// `PINGAN_TRACK_RETENTION_MONTHS` once, now (the server does it daily by itself).
struct TracksCommand: AsyncCommandGroup {
    var help: String { "Patrol tracks: archive (export the months past the retention window, then remove them), measure (bytes per fix). 轨迹归档。" }
    var commands: [String: any AnyAsyncCommand] { ["archive": Archive(), "measure": Measure()] }
    var defaultCommand: (any AnyAsyncCommand)? { nil }

    struct Archive: AsyncCommand {
        struct Signature: CommandSignature {
            @Flag(name: "dry-run", help: "Only list the months that would be archived and their fixes.")
            var dryRun: Bool
        }
        var help: String { "Export each whole month older than PINGAN_TRACK_RETENTION_MONTHS to PINGAN_TRACK_ARCHIVE_DIR as CSV (gzip), check it, remove it." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application, s = app.settings
            let retention = TrackRetention(db: app.db, months: s.trackRetentionMonths, directory: s.trackArchiveDirectory)
            let report = try await retention.run(at: app.clock.now(), dryRun: signature.dryRun)
            let window = retention.cutoff(at: app.clock.now()).map { "keeping \($0) onwards (\(s.trackRetentionMonths) months)" } ?? "keeping all"
            context.console.print("轨迹归档\(signature.dryRun ? "（演练）" : "") / track archive\(signature.dryRun ? " (dry run)" : ""): \(window)")
            context.console.print(report.description)
        }
    }

    /// `pingan tracks measure [--fixes N]`: stores N fixes of one new unit (one every 10 s), reads
    /// what the track table grew by, prints bytes per fix and per unit-month, and removes them.
    /// Run it on a scratch database (`pingan migrate` and `pingan demo` first, for a station).
    struct Measure: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "fixes", help: "Fixes to store (default 100000).")
            var fixes: Int?
        }
        var help: String { "Measure the track table's bytes per fix on this database (scratch databases only: it adds and removes a unit)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application, n = max(signature.fixes ?? 100_000, 1_000)
            guard let sql = app.db as? any SQLDatabase else { return }
            guard let station = try await OrgUnitModel.query(on: app.db).first() else {
                throw APIError(status: .badRequest, code: "no_org_units", message: "no org units: run `pingan demo` on the scratch database first")
            }
            let unit = PatrolUnitModel()
            unit.callSign = "measure-\(UUID().uuidString.prefix(8))"
            unit.kind = PatrolUnitKind.patrolCar.rawValue
            unit.stationOrgUnitID = try station.requireID()
            unit.stationPath = station.path
            unit.status = PatrolUnitStatus.available.rawValue
            unit.capabilities = ""
            unit.createdAt = app.clock.now()
            try await unit.create(on: app.db)
            let id = try unit.requireID()
            let before = try await Self.bytes(sql)
            // A car driving about: one fix every 10 s, ending a minute ago, as a phone sends them.
            let start = app.clock.now().addingTimeInterval(-Double(n) * 10 - 60)
            let store = FixStore(db: app.db)
            var rng = SystemRandomNumberGenerator()
            var lat = 36.37, lon = 114.38
            let clock = ContinuousClock(), began = clock.now
            for batchStart in stride(from: 0, to: n, by: 1_000) {
                var batch: [Fix] = []
                for i in batchStart..<min(batchStart + 1_000, n) {
                    lat += Double.random(in: -1e-4...1e-4, using: &rng)
                    lon += Double.random(in: -1e-4...1e-4, using: &rng)
                    batch.append(Fix(lat: lat, lon: lon, at: start.addingTimeInterval(Double(i) * 10),
                                     speed: Double.random(in: 0...20, using: &rng).rounded(), heading: Double.random(in: 0..<360, using: &rng).rounded(),
                                     accuracy: Double.random(in: 3...30, using: &rng).rounded()))
                }
                _ = try await store.append(batch, unit: id, kind: .patrolCar, live: nil, now: batch.last!.at.addingTimeInterval(60))
            }
            let took = clock.now - began
            if sql.dialect.name == "postgresql" { try await sql.raw("ANALYZE \(ident: FixStore.table)").run() }
            let after = try await Self.bytes(sql)
            try await sql.delete(from: FixStore.table).where("unit_id", .equal, SQLBind(id)).run()
            try await unit.delete(on: app.db)
            let perFix = Double(after.bytes - before.bytes) / Double(n)
            let month = perFix * 259_200
            context.console.print("""
                \(sql.dialect.name): \(n) fixes of one unit stored in \(took) (\(after.method))
                  table grew \(after.bytes - before.bytes) bytes: \(String(format: "%.1f", perFix)) bytes per fix
                  per unit-month (259,200 fixes, one every 10 s): \(String(format: "%.1f", month / 1_048_576)) MiB
                  100 units for 12 months: \(String(format: "%.2f", month * 1_200 / 1_073_741_824)) GiB
                """)
        }

        /// The track table's size with its key index (on PostgreSQL every partition's).
        static func bytes(_ sql: any SQLDatabase) async throws -> (bytes: Int, method: String) {
            if sql.dialect.name == "postgresql" {
                let b = try await sql.raw("""
                    SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS b FROM pg_class c
                    WHERE c.oid = to_regclass(\(bind: FixStore.table))
                       OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = to_regclass(\(bind: FixStore.table)))
                    """).first()?.decode(column: "b", as: Int.self) ?? 0
                return (b, "pg_total_relation_size over patrol_fixes and its partitions: heap, key index, TOAST, free space map")
            }
            if let row = try? await sql.raw("""
                SELECT sum(pgsize) AS b FROM dbstat WHERE name = \(bind: FixStore.table) OR name LIKE \(bind: "sqlite_autoindex_\(FixStore.table)_%")
                """).first(), let b = try? row.decode(column: "b", as: Int.self) {
                return (b, "dbstat: pages of patrol_fixes and its key index")
            }
            func pragma(_ p: String) async throws -> Int {
                try await sql.raw("PRAGMA \(unsafeRaw: p)").first()?.decode(column: p, as: Int.self) ?? 0
            }
            let used = try await pragma("page_count") - pragma("freelist_count")
            return (used * (try await pragma("page_size")), "(page_count - freelist_count) * page_size of the whole file")
        }
    }
}

import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
@testable import ServerCore
import SQLKit
import Testing
import Vapor

/// Issue #9 point 3: tracks in monthly partitions on PostgreSQL, and retention that archives whole
/// months past the window and removes exactly those — on both databases.
@Suite("Track storage: monthly partitions and retention")
struct TrackStorageTests {
    static func date(_ s: String) -> Date { try! Date(s, strategy: .iso8601) }

    /// Stores one fix at each time, each received a minute after it (so the 7-day check passes).
    static func store(_ times: [String], unit: UUID, app: Application) async throws {
        for (i, t) in times.enumerated() {
            let at = date(t)
            let fix = Fix(lat: 36.37 + Double(i) * 1e-4, lon: 114.38, at: at, speed: 8.5, heading: 90, accuracy: 10)
            let r = try await FixStore(db: app.db).append([fix], unit: unit, kind: .patrolCar, live: nil, now: at.addingTimeInterval(60))
            #expect(r.stored == 1, "\(t)")
        }
    }

    /// Where each fix is, by partition: [partition: count].
    static func placement(_ app: Application) async throws -> [String: Int] {
        let rows = try await (app.db as! any SQLDatabase).raw("""
            SELECT tableoid::regclass::text AS p, count(*) AS n FROM patrol_fixes GROUP BY 1
            """).all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "p", as: String.self), try $0.decode(column: "n", as: Int.self)) })
    }

    @Test("After migrating, PostgreSQL's track table is partitioned by month with a default partition; SQLite's is one table", arguments: TestDatabase.available)
    func partitionedAfterMigrate(db: TestDatabase) async throws {
        try await withApp(db, seed: false) { app in
            guard let partitions = TrackPartitions(db: app.db) else {
                #expect(db == .sqlite)
                return
            }
            #expect(try await partitions.partitioned())
            let strategy = try await (app.db as! any SQLDatabase).raw("""
                SELECT partstrat AS s FROM pg_partitioned_table WHERE partrelid = 'patrol_fixes'::regclass
                """).first()?.decode(column: "s", as: String.self)
            #expect(strategy == "r")
            let children = try await (app.db as! any SQLDatabase).raw("""
                SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'patrol_fixes'::regclass
                """).all().map { try $0.decode(column: "name", as: String.self) }
            let now = TrackMonth.containing(Date())
            #expect(Set(children) == Set(now.through(ahead: 2).map(\.partition) + ["patrol_fixes_default"]), "\(children)")
            #expect(try await partitions.months() == now.through(ahead: 2))
        }
    }

    @Test("Fixes land in their month's partition, a track reads across months, and upkeep is idempotent", arguments: TestDatabase.available)
    func monthsAndUpkeep(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.date("2026-12-15T08:00:00Z"))) { app in
            let unit = try await PositionIngestTests.unit(app, "城关巡9").requireID()
            let partitions = TrackPartitions(db: app.db)
            if let partitions {
                for m in [TrackMonth(year: 2026, month: 10), TrackMonth(year: 2026, month: 11)] { #expect(try await partitions.ensure(m)) }
            }
            let times = ["2026-10-31T23:59:50Z", "2026-11-01T00:00:00Z", "2026-11-15T12:00:00Z", "2026-12-01T00:00:00Z", "2026-12-14T23:00:00Z"]
            try await Self.store(times, unit: unit, app: app)
            let track = try await FixStore(db: app.db).track(unit: unit, from: Self.date("2026-10-01T00:00:00Z"), to: Self.date("2026-12-31T00:00:00Z"))
            #expect(track.map(\.fix.at) == times.map(Self.date))
            guard let partitions else { return }
            #expect(try await Self.placement(app) == ["patrol_fixes_2026_10": 1, "patrol_fixes_2026_11": 2, "patrol_fixes_2026_12": 2])

            // Upkeep: nothing to do twice over, and making a month again is a no-op.
            #expect(try await partitions.ensure(around: app.clock.now()).isEmpty)
            #expect(try await partitions.ensure(around: app.clock.now()).isEmpty)
            #expect(try await partitions.ensure(TrackMonth(year: 2026, month: 11)) == false)
            #expect(try await partitions.ensure(around: Self.date("2027-02-03T00:00:00Z")) == [TrackMonth(year: 2027, month: 3), TrackMonth(year: 2027, month: 4)])

            // A fix of a month without its partition lands in the default one, and moves when the month is made.
            try await Self.store(["2025-06-10T10:00:00Z"], unit: unit, app: app)
            #expect(try await Self.placement(app)["patrol_fixes_default"] == 1)
            #expect(try await partitions.ensure(TrackMonth(year: 2025, month: 6)))
            let placed = try await Self.placement(app)
            #expect(placed["patrol_fixes_default"] == nil && placed["patrol_fixes_2025_06"] == 1, "\(placed)")
            #expect(try await FixStore(db: app.db).track(unit: unit, from: Self.date("2025-06-01T00:00:00Z"), to: Self.date("2025-07-01T00:00:00Z")).count == 1)
        }
    }

    @Test("Retention archives and removes exactly the months past the window; the archive holds exactly those fixes", arguments: TestDatabase.available)
    func retention(db: TestDatabase) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("track-archive-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await withApp(db, clock: TestClock(Self.date("2026-12-01T10:00:00Z"))) { app in
            let unit = try await PositionIngestTests.unit(app, "城关巡8").requireID()
            let other = try await PositionIngestTests.unit(app, "城关巡7").requireID()
            if let partitions = TrackPartitions(db: app.db) {
                // 2025-10 has no partition (its rows wait in the default one); 2025-09 is an empty partition.
                for m in [TrackMonth(year: 2025, month: 9), TrackMonth(year: 2025, month: 11), TrackMonth(year: 2025, month: 12)] {
                    #expect(try await partitions.ensure(m))
                }
            }
            let old = ["2025-10-03T08:00:00Z", "2025-10-03T08:00:10.5Z", "2025-11-20T09:00:00Z", "2025-11-30T23:59:59Z"]
            let kept = ["2025-12-01T00:00:00Z", "2026-06-01T12:00:00Z", "2026-11-30T12:00:00Z"]
            try await Self.store(old + kept, unit: unit, app: app)
            try await Self.store(["2025-11-02T07:00:00Z"], unit: other, app: app)

            var retention = TrackRetention(db: app.db, months: 12, directory: dir)
            retention.page = 2  // the export reads on from where each page ended
            #expect(retention.cutoff(at: app.clock.now()) == TrackMonth(year: 2025, month: 12))
            let dry = try await retention.run(at: app.clock.now(), dryRun: true)
            let expectedMonths = (db == .postgres ? [TrackMonth(year: 2025, month: 9)] : []) + [TrackMonth(year: 2025, month: 10), TrackMonth(year: 2025, month: 11)]
            #expect(dry.months.map(\.month) == expectedMonths)
            #expect(dry.months.map(\.rows).reduce(0, +) == 5 && dry.months.allSatisfy { !$0.removed && $0.file == nil })
            #expect(!FileManager.default.fileExists(atPath: dir))

            let report = try await retention.run(at: app.clock.now())
            #expect(report.months.map(\.month) == expectedMonths)
            #expect(report.months.allSatisfy { $0.removed })
            #expect(report.months.map(\.rows) == (db == .postgres ? [0] : []) + [2, 3])
            let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
            #expect(files == ["patrol_fixes_2025_10.csv.gz", "patrol_fixes_2025_11.csv.gz"])

            // The archive: a header and exactly the removed fixes, by unit then time.
            var text = Data()
            for f in files { try GzipFileReader.forEachChunk(path: "\(dir)/\(f)") { text.append($0) } }
            let lines = String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init)
            #expect(lines.filter { $0 == TrackRetention.header.dropLast() }.count == 2)
            let rows = lines.filter { !$0.hasPrefix("unit_id") }.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            #expect(rows.allSatisfy { $0.count == 9 })
            let archived = Set(rows.map { "\($0[0]) \($0[1])" })
            let removed = Set(old.map { "\(unit.uuidString.lowercased()) \(TrackRetention.timestamp(Self.date($0)))" }
                              + ["\(other.uuidString.lowercased()) \(TrackRetention.timestamp(Self.date("2025-11-02T07:00:00Z")))"])
            #expect(archived == removed)
            #expect(rows.contains { $0[1] == "2025-10-03T08:00:10.500000Z" && $0[2] == "36.3701" && $0[4] == "8.5" && $0[7] == "0" })

            // What is left: the kept months, nothing else.
            let all = try await FixStore(db: app.db).track(unit: unit, from: Self.date("2020-01-01T00:00:00Z"), to: Self.date("2027-01-01T00:00:00Z"))
            #expect(all.map(\.fix.at) == kept.map(Self.date))
            #expect(try await FixStore(db: app.db).track(unit: other, from: Self.date("2020-01-01T00:00:00Z"), to: Self.date("2027-01-01T00:00:00Z")).isEmpty)
            if let partitions = TrackPartitions(db: app.db) {
                let months = try await partitions.months()
                #expect(!months.contains { $0 < TrackMonth(year: 2025, month: 12) } && months.contains(TrackMonth(year: 2025, month: 12)), "\(months)")
                #expect(try await Self.placement(app)["patrol_fixes_default"] == 2)  // 2026-06 and 2026-11: no partition made for them here
            }

            // Again: nothing more; off: nothing at all.
            #expect(try await retention.run(at: app.clock.now()).months.isEmpty)
            let off = try await TrackRetention(db: app.db, months: 0, directory: dir).run(at: Self.date("2040-01-01T00:00:00Z"))
            #expect(off.cutoff == nil && off.months.isEmpty)
            #expect(all.count == 3)
        }
    }

    @Test("PINGAN_TRACK_RETENTION_MONTHS: 12 by default, 0 keeps all, nonsense refused")
    func setting() throws {
        #expect(try Settings.fromEnvironment([:]).trackRetentionMonths == 12)
        #expect(try Settings.fromEnvironment(["PINGAN_TRACK_RETENTION_MONTHS": "0"]).trackRetentionMonths == 0)
        #expect(try Settings.fromEnvironment(["PINGAN_TRACK_ARCHIVE_DIR": "/srv/archive"]).trackArchiveDirectory == "/srv/archive")
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["PINGAN_TRACK_RETENTION_MONTHS": "-1"]) }
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["PINGAN_TRACK_RETENTION_MONTHS": "twelve"]) }
    }
}

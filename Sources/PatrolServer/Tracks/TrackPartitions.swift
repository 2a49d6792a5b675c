import Fluent
import Foundation
import SQLKit
import ServerCore

/// A calendar month in UTC: the unit of track partitions, archives and retention.
package struct TrackMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    package var year: Int
    package var month: Int

    package init(year: Int, month: Int) {
        let m0 = year * 12 + (month - 1)
        self.year = m0.floorDiv(12)
        self.month = m0 - self.year * 12 + 1
    }

    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    package static func containing(_ date: Date) -> TrackMonth {
        let c = calendar.dateComponents([.year, .month], from: date)
        return TrackMonth(year: c.year!, month: c.month!)
    }

    package var start: Date { Self.calendar.date(from: DateComponents(year: year, month: month, day: 1))! }
    package var end: Date { next.start }
    package var next: TrackMonth { adding(1) }
    package func adding(_ months: Int) -> TrackMonth { TrackMonth(year: year, month: month + months) }
    /// This month and the `ahead` after it.
    package func through(ahead: Int) -> [TrackMonth] { (0...ahead).map(adding) }

    /// `2026_12`: the suffix of the partition and the archive file.
    package var suffix: String { String(format: "%04d_%02d", year, month) }
    package var description: String { String(format: "%04d-%02d", year, month) }
    package var partition: String { "\(FixStore.table)_\(suffix)" }

    /// The month a partition's name stands for, if it is a month partition's.
    package init?(partition name: String) {
        let prefix = FixStore.table + "_"
        guard name.hasPrefix(prefix) else { return nil }
        let parts = name.dropFirst(prefix.count).split(separator: "_")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        self.init(year: y, month: m)
    }

    package static func < (a: TrackMonth, b: TrackMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// A bound as PostgreSQL reads it for a `timestamptz` column.
    var literal: String { String(format: "%04d-%02d-01 00:00:00+00", year, month) }
}

private extension Int {
    func floorDiv(_ d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
}

/// The monthly partitions of `patrol_fixes` on PostgreSQL (migration 016): `ensure` makes this
/// month's and the next two ahead of time, so a fix always finds its month and the default
/// partition stays empty. It runs at start and daily, and is safe to run any number of times, from
/// any number of instances.
package struct TrackPartitions {
    package static let defaultPartition = "\(FixStore.table)_default"
    /// Months made ahead of the current one.
    package static let monthsAhead = 2
    package let db: any SQLDatabase

    package init?(db: any Database) {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return nil }
        self.db = sql
    }

    /// Whether `patrol_fixes` is partitioned here (false before migration 016, or after its revert).
    package func partitioned() async throws -> Bool {
        try await db.raw("""
            SELECT count(*) AS n FROM pg_partitioned_table WHERE partrelid = to_regclass(\(bind: FixStore.table))
            """).first()?.decode(column: "n", as: Int.self) == 1
    }

    /// The month partitions (the default one aside), oldest first.
    package func months() async throws -> [TrackMonth] {
        try await db.raw("""
            SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = to_regclass(\(bind: FixStore.table))
            """).all().compactMap { TrackMonth(partition: try $0.decode(column: "name", as: String.self)) }.sorted()
    }

    /// Makes the partitions of the month of `now` and the next two; returns the months it made.
    @discardableResult
    package func ensure(around now: Date) async throws -> [TrackMonth] {
        guard try await partitioned() else { return [] }
        let have = Set(try await months())
        var made: [TrackMonth] = []
        for m in TrackMonth.containing(now).through(ahead: Self.monthsAhead) where !have.contains(m) {
            if try await ensure(m) { made.append(m) }
        }
        return made
    }

    /// Makes `month`'s partition unless it exists. Rows of the month already in the default
    /// partition (when no partition was made in time) move into the new one in the same
    /// transaction; PostgreSQL would refuse the partition while the default holds any of its rows.
    @discardableResult
    package func ensure(_ month: TrackMonth) async throws -> Bool {
        try await (db as! any Database).writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            // One instance at a time (the lock ends with the transaction).
            _ = try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: Self.lockKey))").run()
            if try await sql.raw("SELECT to_regclass(\(bind: month.partition)) IS NOT NULL AS present").first()?
                .decode(column: "present", as: Bool.self) == true { return false }
            let (parent, dflt) = (FixStore.table, Self.defaultPartition)
            let stranded = try await sql.raw("""
                SELECT count(*) AS n FROM \(ident: dflt) WHERE at >= \(bind: month.start) AND at < \(bind: month.end)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            if stranded == 0 {
                try await Self.create(month, parent: parent, on: sql)
                return true
            }
            let name = month.partition
            try await sql.raw("CREATE TABLE \(ident: name) (LIKE \(ident: parent) INCLUDING DEFAULTS)").run()
            try await sql.raw("""
                WITH moved AS (DELETE FROM \(ident: dflt) WHERE at >= \(bind: month.start) AND at < \(bind: month.end) RETURNING *)
                INSERT INTO \(ident: name) SELECT * FROM moved
                """).run()
            try await sql.raw("""
                ALTER TABLE \(ident: parent) ATTACH PARTITION \(ident: name) \
                FOR VALUES FROM (\(literal: month.literal)) TO (\(literal: month.next.literal))
                """).run()
            return true
        }
    }

    /// Key of the advisory lock partition upkeep and retention hold.
    static let lockKey = 0x7061_7472_6F6C  // "patrol"

    static func create(_ month: TrackMonth, parent: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            CREATE TABLE IF NOT EXISTS \(ident: month.partition) PARTITION OF \(ident: parent) \
            FOR VALUES FROM (\(literal: month.literal)) TO (\(literal: month.next.literal))
            """).run()
    }
}

import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import FluentSQLiteDriver
import SQLKit
import ServerCore

/// A unit's track: the fixes its devices sent, keyed by (unit, time). Appending a group of batches
/// stores the fixes not already there, each with its flags, in one statement per 2,000 rows; a
/// resent fix is ignored by the key, so the answer "stored" is true the moment the batch is committed, however often it comes.
package struct FixStore {
    package static let table = "patrol_fixes"
    /// The database, nil if it speaks no SQL (tracks need SQL).
    let sql: (any SQLDatabase)?
    /// The same database when it is SQLite: a batch's rows are bound as SQLite values directly.
    let sqlite: (any SQLiteDatabase)?

    package struct Appended: Sendable, Equatable {
        /// Fixes new to the track.
        package var stored: Int
        /// Fixes the track already had (a resend).
        package var duplicates: Int
        /// The newest fix stored, with its flags: the candidate for the live position.
        package var newest: LivePosition?
        /// Fixes from a time when no officer was on the unit's shift: not kept (off-duty privacy).
        package var offDuty = 0
        /// Whether `newest` moved the unit's live position (it was newer than the live one).
        package var movedLive = false
    }

    /// One device's batch, as it arrived.
    package struct Batch: Sendable {
        package var fixes: [Fix]
        package var unit: UUID
        package var kind: PatrolUnitKind
        /// The unit's live position when the batch arrived: its newest fix anywhere. A fix older
        /// than it is flagged late (it goes into the track, not onto the map).
        package var live: LivePosition?
        package var receivedAt: Date
        package init(fixes: [Fix], unit: UUID, kind: PatrolUnitKind, live: LivePosition?, receivedAt: Date) {
            self.fixes = fixes; self.unit = unit; self.kind = kind; self.live = live; self.receivedAt = receivedAt
        }
    }

    /// Appends `fixes` of `unit` received at `now` (a group of one batch).
    package func append(_ fixes: [Fix], unit: UUID, kind: PatrolUnitKind, live: LivePosition?, now: Date,
                        rules: FixRules = FixRules()) async throws -> Appended {
        try await append([Batch(fixes: fixes, unit: unit, kind: kind, live: live, receivedAt: now)], rules: rules)[0]
    }

    /// Appends a group of batches, in as few statements as the database's bind limit allows, and
    /// says per batch what was new. A fix's time appears once per unit: a resend, in the track or
    /// earlier in the same group, is a duplicate of the batch that came later.
    package func append(_ batches: [Batch], rules: FixRules = FixRules()) async throws -> [Appended] {
        guard let sql else { throw DomainError.invalid("unsupported_database", "tracks need SQL", "需要 SQL 数据库") }
        var rows: [Row] = []
        var owned: [[Int]] = []          // per batch, its rows' indices
        var taken = Set<Key>()
        // The newest fix known of each unit as the group is read: the live position, then each batch.
        var newest: [UUID: Fix] = [:]
        for b in batches {
            for f in b.fixes { try rules.validate(f, now: b.receivedAt) }
            var seen = Set<Date>()
            let batch = b.fixes.sorted { $0.at < $1.at }.filter { seen.insert($0.at).inserted }
            var mine: [Int] = []
            if let first = batch.first {
                // The fix before the batch, for the speed check: the newest known one when the batch
                // is newer (the usual case, no query), else the track's.
                let known = newest[b.unit] ?? b.live?.fix
                var previous = if let known, known.at < first.at { known } else { try await fix(before: first.at, unit: b.unit, on: sql) }
                for f in batch {
                    let flags = rules.flags(f, previous: previous, kind: b.kind, livePositionAt: b.live?.fix.at)
                    previous = f
                    guard taken.insert(Key(unit: b.unit, at: f.at)).inserted else { continue }
                    mine.append(rows.count)
                    rows.append(Row(unit: b.unit, fix: f, flags: flags, receivedAt: b.receivedAt))
                }
                if let last = batch.last, known.map({ $0.at < last.at }) ?? true { newest[b.unit] = last }
            }
            owned.append(mine)
        }
        var stored = Set<Key>()
        var from = 0
        while from < rows.count {
            let chunk = Array(rows[from..<min(rows.count, from + Self.rowsPerStatement)])
            for (unit, at) in try await insert(chunk, on: sql) { stored.insert(Key(unit: unit, at: at)) }
            from += chunk.count
        }
        return zip(batches, owned).map { b, mine in
            let kept = mine.filter { Key(unit: rows[$0].unit, at: rows[$0].fix.at).isAmong(stored) }
            let newest = kept.last.map { LivePosition(fix: rows[$0].fix, flags: rows[$0].flags) }
            return Appended(stored: kept.count, duplicates: b.fixes.count - kept.count, newest: newest)
        }
    }

    /// A fix's place in a track: its unit and its time to the microsecond. PostgreSQL keeps times in
    /// whole microseconds and the driver truncates on the way in, so the time a row comes back with
    /// (RETURNING) can be a microsecond below the request's binary fraction: 0.001 s is sent as
    /// 0.000999…, kept as 999 µs. Exact `Date` equality missed about half of a batch at millisecond
    /// times and answered them as duplicates though stored (FixAnswerTests, found by the SIGKILL harness).
    struct Key: Hashable {
        let unit: UUID
        let micros: Int64
        init(unit: UUID, at: Date) {
            self.unit = unit
            micros = Int64((at.timeIntervalSince1970 * 1_000_000).rounded())
        }
        private init(unit: UUID, micros: Int64) { self.unit = unit; self.micros = micros }
        /// Whether `set` holds this key or one a microsecond either side (the driver's rounding).
        func isAmong(_ set: Set<Key>) -> Bool {
            set.contains(self) || set.contains(Key(unit: unit, micros: micros - 1)) || set.contains(Key(unit: unit, micros: micros + 1))
        }
    }

    /// A fix as it is stored.
    struct Row: Sendable {
        let unit: UUID
        let fix: Fix
        let flags: FixFlags
        let receivedAt: Date
    }

    /// Rows per insert: 9 binds each stays far inside SQLite's 32,766 and PostgreSQL's 65,535.
    static let rowsPerStatement = 2_000

    /// Inserts the rows not already in the track and returns the (unit, time) of those it stored.
    private func insert(_ rows: [Row], on sql: any SQLDatabase) async throws -> [(UUID, Date)] {
        if let sqlite { return try await SQLiteFixInsert.run(rows, on: sqlite) }
        let inserted = try await sql.insert(into: Self.table)
            .columns(Self.columns)
            .rows(rows.map { r in
                [SQLBind(r.unit), SQLBind(r.fix.at), SQLBind(r.fix.lat), SQLBind(r.fix.lon), SQLBind(r.fix.speed), SQLBind(r.fix.heading),
                 SQLBind(r.fix.accuracy), SQLBind(r.flags.rawValue), SQLBind(r.receivedAt)] as [any SQLExpression]
            })
            .ignoringConflicts(with: ["unit_id", "at"])
            .returning("unit_id", "at")
            .all()
        return try inserted.map { (try $0.decode(column: "unit_id", as: UUID.self), try $0.decode(column: "at", as: Date.self)) }
    }

    /// The columns of a stored fix, in the order the inserts bind them.
    static let columns = ["unit_id", "at", "lat", "lon", "speed", "heading", "accuracy", "flags", "received_at"]

    /// The unit's fixes from `from` to `to`, oldest first.
    package func track(unit: UUID, from: Date, to: Date) async throws -> [(fix: Fix, flags: FixFlags)] {
        guard let sql else { return [] }
        let rows = try await sql.select().columns("at", "lat", "lon", "speed", "heading", "accuracy", "flags").from(Self.table)
            .where("unit_id", .equal, SQLBind(unit)).where("at", .greaterThanOrEqual, SQLBind(from)).where("at", .lessThanOrEqual, SQLBind(to))
            .orderBy("at").all()
        return try rows.map { (try Self.fix($0), FixFlags(rawValue: try $0.decode(column: "flags", as: Int.self))) }
    }

    /// The newest stored fix of each of `units` (a map opening before any fix came since start).
    package func latest(units: [UUID]) async throws -> [UUID: LivePosition] {
        guard let sql else { return [:] }
        var out: [UUID: LivePosition] = [:]
        for unit in units {
            let row = try await sql.select().columns("at", "lat", "lon", "speed", "heading", "accuracy", "flags").from(Self.table)
                .where("unit_id", .equal, SQLBind(unit)).orderBy("at", .descending).limit(1).first()
            if let row { out[unit] = LivePosition(fix: try Self.fix(row), flags: FixFlags(rawValue: try row.decode(column: "flags", as: Int.self))) }
        }
        return out
    }

    func fix(before at: Date, unit: UUID, on sql: any SQLDatabase) async throws -> Fix? {
        try await sql.select().columns("at", "lat", "lon", "speed", "heading", "accuracy").from(Self.table)
            .where("unit_id", .equal, SQLBind(unit)).where("at", .lessThan, SQLBind(at))
            .orderBy("at", .descending).limit(1).first().map(Self.fix)
    }

    static func fix(_ row: any SQLRow) throws -> Fix {
        Fix(lat: try row.decode(column: "lat", as: Double.self), lon: try row.decode(column: "lon", as: Double.self),
            at: try row.decode(column: "at", as: Date.self), speed: try row.decode(column: "speed", as: Double?.self),
            heading: try row.decode(column: "heading", as: Double?.self), accuracy: try row.decode(column: "accuracy", as: Double?.self))
    }

    package init(db: any Database) {
        sql = db as? any SQLDatabase
        sqlite = db as? any SQLiteDatabase
    }

    /// The store on one SQLite connection (the track writer's own).
    init(connection: SQLiteConnection) {
        sql = connection.sql()
        sqlite = connection
    }
}

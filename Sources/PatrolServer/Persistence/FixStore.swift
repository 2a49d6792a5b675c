import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import SQLKit
import ServerCore

/// A unit's track: the fixes its devices sent, keyed by (unit, time). Appending a batch stores the
/// fixes not already there, each with its flags, in one statement; a resent fix is ignored by the
/// key, so the answer "stored" is true the moment the batch is committed, however often it comes.
package struct FixStore {
    package static let table = "patrol_fixes"
    package let db: any Database

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

    /// Appends `fixes` of `unit` received at `now`. `live` is the unit's live position before the
    /// batch: a fix older than it is flagged late (it goes into the track, not onto the map).
    package func append(_ fixes: [Fix], unit: UUID, kind: PatrolUnitKind, live: LivePosition?, now: Date,
                        rules: FixRules = FixRules()) async throws -> Appended {
        guard let sql = db as? any SQLDatabase else { throw DomainError.invalid("unsupported_database", "tracks need SQL", "需要 SQL 数据库") }
        for f in fixes { try rules.validate(f, now: now) }
        // One fix per time: a batch that repeats a time keeps its first.
        var seen = Set<Date>()
        let batch = fixes.sorted { $0.at < $1.at }.filter { seen.insert($0.at).inserted }
        guard let first = batch.first else { return Appended(stored: 0, duplicates: 0, newest: nil) }
        var previous = try await fix(before: first.at, unit: unit, on: sql)
        var flagged: [(fix: Fix, flags: FixFlags)] = []
        flagged.reserveCapacity(batch.count)
        for f in batch {
            flagged.append((f, rules.flags(f, previous: previous, kind: kind, livePositionAt: live?.fix.at)))
            previous = f
        }
        let storedTimes = try await insert(flagged, unit: unit, receivedAt: now, on: sql)
        let newest = flagged.last { storedTimes.contains($0.fix.at) }.map { LivePosition(fix: $0.fix, flags: $0.flags) }
        return Appended(stored: storedTimes.count, duplicates: fixes.count - storedTimes.count, newest: newest)
    }

    /// Inserts the rows not already in the track and returns the times of those it stored.
    private func insert(_ rows: [(fix: Fix, flags: FixFlags)], unit: UUID, receivedAt: Date, on sql: any SQLDatabase) async throws -> Set<Date> {
        if let stored = try await SQLiteFixInsert.run(rows, unit: unit, receivedAt: receivedAt, on: sql) { return stored }
        let inserted = try await sql.insert(into: Self.table)
            .columns(Self.columns)
            .rows(rows.map { r in
                [SQLBind(unit), SQLBind(r.fix.at), SQLBind(r.fix.lat), SQLBind(r.fix.lon), SQLBind(r.fix.speed), SQLBind(r.fix.heading),
                 SQLBind(r.fix.accuracy), SQLBind(r.flags.rawValue), SQLBind(receivedAt)] as [any SQLExpression]
            })
            .ignoringConflicts(with: ["unit_id", "at"])
            .returning("at")
            .all()
        return Set(try inserted.map { try $0.decode(column: "at", as: Date.self) })
    }

    /// The columns of a stored fix, in the order the inserts bind them.
    static let columns = ["unit_id", "at", "lat", "lon", "speed", "heading", "accuracy", "flags", "received_at"]

    /// The unit's fixes from `from` to `to`, oldest first.
    package func track(unit: UUID, from: Date, to: Date) async throws -> [(fix: Fix, flags: FixFlags)] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.select().columns("at", "lat", "lon", "speed", "heading", "accuracy", "flags").from(Self.table)
            .where("unit_id", .equal, SQLBind(unit)).where("at", .greaterThanOrEqual, SQLBind(from)).where("at", .lessThanOrEqual, SQLBind(to))
            .orderBy("at").all()
        return try rows.map { (try Self.fix($0), FixFlags(rawValue: try $0.decode(column: "flags", as: Int.self))) }
    }

    /// The newest stored fix of each of `units` (a map opening before any fix came since start).
    package func latest(units: [UUID]) async throws -> [UUID: LivePosition] {
        guard let sql = db as? any SQLDatabase else { return [:] }
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

    package init(db: any Database) { self.db = db }
}

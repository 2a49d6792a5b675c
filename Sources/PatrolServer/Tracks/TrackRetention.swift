import Fluent
import Foundation
import SQLKit
import ServerCore

/// Track retention (`PINGAN_TRACK_RETENTION_MONTHS`): every whole month older than the window is
/// written to `<archive>/patrol_fixes_YYYY_MM.csv.gz`, the file is read back and its rows counted,
/// and only when that count is the month's is the month removed — on PostgreSQL its partition is
/// detached and dropped, on SQLite its rows are deleted. A month whose export fails stays.
///
/// The window: with N months, the current month and the N before it stay; at 2026-12-01 and N = 12
/// the newest month archived is 2025-11. Months are UTC calendar months, as the partitions are.
package struct TrackRetention: Sendable {
    package var db: any Database
    package var months: Int
    package var directory: String
    /// Rows read per query while exporting.
    package var page = 5_000

    package init(db: any Database, months: Int, directory: String) {
        self.db = db
        self.months = months
        self.directory = directory
    }

    package struct Archived: Sendable, Equatable, CustomStringConvertible {
        package var month: TrackMonth
        package var rows: Int
        /// The archive written (nil on a dry run, or when the month had no rows).
        package var file: String?
        package var removed: Bool
        package var description: String {
            "\(month): \(rows) fixes" + (file.map { " → \($0)" } ?? "") + (removed ? ", removed" : ", kept")
        }
    }

    package struct Report: Sendable, Equatable, CustomStringConvertible {
        /// Months before this one are past the window (nil: keep forever).
        package var cutoff: TrackMonth?
        package var months: [Archived] = []
        package var skipped: String?
        package var description: String {
            guard let cutoff else { return "retention off (PINGAN_TRACK_RETENTION_MONTHS=0): nothing archived" }
            if let skipped { return skipped }
            if months.isEmpty { return "nothing older than \(cutoff)" }
            return months.map(\.description).joined(separator: "\n")
        }
    }

    /// The first month kept at `now`.
    package func cutoff(at now: Date) -> TrackMonth? {
        months > 0 ? TrackMonth.containing(now).adding(-months) : nil
    }

    /// Archives and removes each month before the window. `dryRun` only counts.
    package func run(at now: Date, dryRun: Bool = false) async throws -> Report {
        guard let cutoff = cutoff(at: now), let sql = db as? any SQLDatabase else { return Report(cutoff: nil) }
        var report = Report(cutoff: cutoff)
        guard TrackPartitions(db: db) != nil, !dryRun else {
            report.months = try await archive(before: cutoff, sql: sql, dryRun: dryRun)
            return report
        }
        // On PostgreSQL one instance at a time, by a lock held on one connection for the run.
        return try await db.withConnection { [report] conn in
            var report = report, on = self
            on.db = conn
            let sql = conn as! any SQLDatabase, key = TrackPartitions.lockKey + 1
            let locked = try await sql.raw("SELECT pg_try_advisory_lock(\(bind: key)) AS ok").first()?.decode(column: "ok", as: Bool.self) == true
            guard locked else { report.skipped = "another instance is archiving tracks: skipped"; return report }
            do {
                report.months = try await on.archive(before: cutoff, sql: sql, dryRun: false)
            } catch {
                _ = try? await sql.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                throw error
            }
            _ = try await sql.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
            return report
        }
    }

    private func archive(before cutoff: TrackMonth, sql: any SQLDatabase, dryRun: Bool) async throws -> [Archived] {
        let partitions = TrackPartitions(db: db)
        var due = Set<TrackMonth>()
        let first = try await sql.raw("SELECT min(at) AS first FROM \(ident: FixStore.table) WHERE at < \(bind: cutoff.start)").first()?
            .decode(column: "first", as: Date?.self)
        if let first {
            var m = TrackMonth.containing(first)
            while m < cutoff { due.insert(m); m = m.next }
        }
        // Empty partitions of old months go too.
        if let partitions, try await partitions.partitioned() {
            for m in try await partitions.months() where m < cutoff { due.insert(m) }
        }
        var out: [Archived] = []
        for month in due.sorted() {
            let rows = try await count(month, sql: sql)
            if dryRun { out.append(Archived(month: month, rows: rows, file: nil, removed: false)); continue }
            var file: String?
            if rows > 0 {
                let path = try await export(month, sql: sql)
                let read = try GzipFileReader.lineCount(path: path) - 1  // the header
                guard read == rows else {
                    throw ArchiveError("\(month): the archive \(path) holds \(read) fixes, the month \(rows); month kept")
                }
                file = path
            }
            try await remove(month, expected: rows, partitions: partitions)
            out.append(Archived(month: month, rows: rows, file: file, removed: true))
        }
        return out
    }

    func count(_ m: TrackMonth, sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("""
            SELECT count(*) AS n FROM \(ident: FixStore.table) WHERE at >= \(bind: m.start) AND at < \(bind: m.end)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    package static let header = "unit_id,at,lat,lon,speed,heading,accuracy,flags,received_at\n"

    /// Writes the month, unit by unit and in time order, to a new file; returns its path.
    func export(_ m: TrackMonth, sql: any SQLDatabase) async throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var path = "\(directory)/\(FixStore.table)_\(m.suffix).csv.gz", n = 1
        while FileManager.default.fileExists(atPath: path) {  // never overwrite an archive
            path = "\(directory)/\(FixStore.table)_\(m.suffix).\(n).csv.gz"
            n += 1
        }
        let writer = try GzipFileWriter(path: path)
        do {
            try writer.write(Data(Self.header.utf8))
            var after: (UUID, Date)?
            while true {
                var q = sql.select().columns("unit_id", "at", "lat", "lon", "speed", "heading", "accuracy", "flags", "received_at")
                    .from(FixStore.table).where("at", .greaterThanOrEqual, SQLBind(m.start)).where("at", .lessThan, SQLBind(m.end))
                if let (unit, at) = after {
                    q = q.where { $0.where("unit_id", .greaterThan, SQLBind(unit))
                        .orWhere { $0.where("unit_id", .equal, SQLBind(unit)).where("at", .greaterThan, SQLBind(at)) } }
                }
                let rows = try await q.orderBy("unit_id").orderBy("at").limit(page).all()
                var text = ""
                for r in rows {
                    let unit = try r.decode(column: "unit_id", as: UUID.self), at = try r.decode(column: "at", as: Date.self)
                    func num(_ c: String) throws -> String { try r.decode(column: c, as: Double?.self).map { "\($0)" } ?? "" }
                    text += "\(unit.uuidString.lowercased()),\(Self.timestamp(at)),\(try num("lat")),\(try num("lon")),\(try num("speed")),"
                    text += "\(try num("heading")),\(try num("accuracy")),\(try r.decode(column: "flags", as: Int.self)),"
                    text += "\(Self.timestamp(try r.decode(column: "received_at", as: Date.self)))\n"
                    after = (unit, at)
                }
                try writer.write(Data(text.utf8))
                if rows.count < page { break }
            }
            try writer.finish()
        } catch {
            try? writer.finish()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return path
    }

    /// Removes the month, in one transaction that first checks it still holds `expected` rows.
    func remove(_ m: TrackMonth, expected: Int, partitions: TrackPartitions?) async throws {
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            var removed = 0
            if partitions != nil, try await TrackPartitions(db: tx)!.months().contains(m) {
                try await sql.raw("ALTER TABLE \(ident: FixStore.table) DETACH PARTITION \(ident: m.partition)").run()
                removed = try await sql.raw("SELECT count(*) AS n FROM \(ident: m.partition)").first()?.decode(column: "n", as: Int.self) ?? 0
                try await sql.raw("DROP TABLE \(ident: m.partition)").run()
            }
            // Rows of the month elsewhere (SQLite's one table; PostgreSQL's default partition).
            removed += try await count(m, sql: sql)
            try await sql.raw("DELETE FROM \(ident: FixStore.table) WHERE at >= \(bind: m.start) AND at < \(bind: m.end)").run()
            guard removed == expected else {
                throw ArchiveError("\(m): \(removed) fixes to remove, \(expected) archived; month kept")
            }
        }
    }

    /// `2026-12-01T08:30:00.250000Z`: UTC, to the microsecond.
    static func timestamp(_ d: Date) -> String {
        let t = d.timeIntervalSince1970
        var secs = Int(t.rounded(.down))
        var micros = Int(((t - Double(secs)) * 1_000_000).rounded())
        if micros == 1_000_000 { secs += 1; micros = 0 }
        let c = TrackMonth.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(secs)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, micros)
    }
}

package struct ArchiveError: Error, CustomStringConvertible {
    package var description: String
    init(_ d: String) { description = d }
}

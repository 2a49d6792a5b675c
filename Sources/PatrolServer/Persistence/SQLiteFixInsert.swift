import FluentSQLiteDriver
import Foundation
import PatrolDomain

/// A batch's rows into `patrol_fixes` on SQLite, bound as SQLite values directly. The ingest of
/// every device goes through here, and SQLKit's generic statement builder and encoder cost more
/// than SQLite's own insert for a batch of hundreds of rows (profiled: see BENCHMARKS.md). The
/// values are stored exactly as Fluent stores them on SQLite (a UUID as its text, a time as seconds
/// since 1970), so every other reader of the table sees the same rows.
enum SQLiteFixInsert {
    /// The (unit, time) of the rows stored.
    static func run(_ rows: [FixStore.Row], on db: any SQLiteDatabase) async throws -> [(UUID, Date)] {
        guard !rows.isEmpty else { return [] }
        let placeholders = "(?,?,?,?,?,?,?,?,?)"
        var text = "INSERT INTO \"\(FixStore.table)\" (" + FixStore.columns.map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
        text.reserveCapacity(text.utf8.count + rows.count * (placeholders.utf8.count + 1) + 80)
        var binds: [SQLiteData] = []
        binds.reserveCapacity(rows.count * FixStore.columns.count)
        var unitText: [UUID: SQLiteData] = [:]
        for (i, r) in rows.enumerated() {
            if i > 0 { text += "," }
            text += placeholders
            let unit = unitText[r.unit] ?? .text(r.unit.uuidString)
            unitText[r.unit] = unit
            binds += [unit, .float(r.fix.at.timeIntervalSince1970), .float(r.fix.lat), .float(r.fix.lon),
                      optional(r.fix.speed), optional(r.fix.heading), optional(r.fix.accuracy), .integer(r.flags.rawValue),
                      .float(r.receivedAt.timeIntervalSince1970)]
        }
        // A resent fix meets the key (unit_id, at) and is skipped; RETURNING names only the rows added.
        text += " ON CONFLICT (\"unit_id\",\"at\") DO NOTHING RETURNING \"unit_id\", \"at\""
        let stored = try await db.query(text, binds)
        return stored.compactMap { row -> (UUID, Date)? in
            guard case .text(let unit)? = row.column("unit_id"), let id = UUID(uuidString: unit) else { return nil }
            switch row.column("at") {
            case .float(let seconds): return (id, Date(timeIntervalSince1970: seconds))
            case .integer(let seconds): return (id, Date(timeIntervalSince1970: Double(seconds)))
            default: return nil
            }
        }
    }

    private static func optional(_ value: Double?) -> SQLiteData { value.map(SQLiteData.float) ?? .null }
}

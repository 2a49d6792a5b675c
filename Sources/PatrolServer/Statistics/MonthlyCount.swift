import Foundation
import SQLKit

/// A count of a table's rows per China month and a few key columns, kept by database triggers in
/// the transaction of every insert, update and delete of those rows — whichever path writes them
/// (the API's stores, the demo and benchmark loaders, a restore) — so a year's public-security
/// table sums a few thousand counts instead of reading a million rows (#12 point 3, BENCHMARKS.md
/// "County report"). The figures answer whole months; `MonthSplit`'s pieces around them are
/// counted from the rows, so every period stays exact. Tests compare both ways on both databases.
package struct MonthlyCount: Sendable {
    /// The table counted, and the table of counts.
    package let source: String
    package let table: String
    /// The instant that places a row in a month.
    package let time: String
    /// The key columns, in the counts table's primary key after `month`; a nullable one is kept as ''.
    package let keys: [String]
    package let nullable: Set<String>
    /// Which rows count, over a row named `$row` (NEW or OLD in a trigger); nil: every row.
    package let counted: String?

    /// Incidents by grid path and type, merged calls left out (the table's rule).
    package static let incidents = MonthlyCount(source: "incidents", table: "incident_month_counts", time: "reported_at",
                                                keys: ["scope_path", "type"], nullable: [], counted: "$row.status <> 'merged'")
    /// Field records by station path, kind and subkind.
    package static let fieldRecords = MonthlyCount(source: "field_records", table: "field_record_month_counts", time: "at",
                                                   keys: ["station_path", "kind", "subkind"], nullable: ["subkind"], counted: nil)

    package static let all = [incidents, fieldRecords]

    // MARK: - SQL, per dialect

    /// The row's `yyyymm` in China time (UTC+8 all year). SQLite holds Fluent's dates as seconds
    /// since 1970 (a text date is read too, so no row can fail its insert here).
    func month(_ row: String, postgres: Bool) -> String {
        let t = "\(row).\(time)"
        return postgres
            ? "CAST(to_char((\(t) AT TIME ZONE 'UTC') + interval '8 hours', 'YYYYMM') AS integer)"
            : "CAST(CASE WHEN typeof(\(t)) IN ('real', 'integer') THEN strftime('%Y%m', \(t) + 28800, 'unixepoch') ELSE strftime('%Y%m', \(t), '+8 hours') END AS integer)"
    }

    func key(_ row: String, _ column: String) -> String { nullable.contains(column) ? "COALESCE(\(row).\(column), '')" : "\(row).\(column)" }

    func isCounted(_ row: String) -> String { counted.map { "(" + $0.replacingOccurrences(of: "$row", with: row) + ")" } ?? "TRUE" }

    /// Whether an update moved the row between counts (its month, a key, or whether it counts).
    func changed(postgres: Bool) -> String {
        let differs = postgres ? "IS DISTINCT FROM" : "IS NOT"
        var parts = ([time] + keys).map { "OLD.\($0) \(differs) NEW.\($0)" }
        if counted != nil { parts.append("\(isCounted("OLD")) \(differs) \(isCounted("NEW"))") }
        return "(" + parts.joined(separator: " OR ") + ")"
    }

    /// Adds one for `row`'s month and keys.
    func add(_ row: String, postgres: Bool) -> String {
        let columns = (["month"] + keys + ["n"]).joined(separator: ", ")
        let values = ([month(row, postgres: postgres)] + keys.map { key(row, $0) } + ["1"]).joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns)) VALUES (\(values)) ON CONFLICT (\((["month"] + keys).joined(separator: ", "))) DO UPDATE SET n = \(table).n + 1"
    }

    /// Takes one away from `row`'s month and keys.
    func subtract(_ row: String, postgres: Bool) -> String {
        let match = (["month = " + month(row, postgres: postgres)] + keys.map { "\($0) = " + key(row, $0) }).joined(separator: " AND ")
        return "UPDATE \(table) SET n = n - 1 WHERE \(match)"
    }

    /// The counts table, its triggers, and the counts of the rows already stored.
    package func create(on sql: any SQLDatabase) async throws {
        let postgres = sql.dialect.name == "postgresql"
        let keyColumns = keys.map { "\($0) TEXT NOT NULL" }.joined(separator: ", ")
        try await Self.run(sql, "CREATE TABLE \(table) (month INTEGER NOT NULL, \(keyColumns), n BIGINT NOT NULL, PRIMARY KEY (\((["month"] + keys).joined(separator: ", "))))")
        try await Self.run(sql, """
            INSERT INTO \(table) (\((["month"] + keys + ["n"]).joined(separator: ", ")))
            SELECT \(month(source, postgres: postgres)), \(keys.map { key(source, $0) }.joined(separator: ", ")), COUNT(*)
            FROM \(source) WHERE \(isCounted(source)) GROUP BY 1, \(keys.indices.map { String($0 + 2) }.joined(separator: ", "))
            """)
        // Each trigger does one thing: add for the new row, take away for the old one.
        let triggers: [(name: String, event: String, when: String, body: String)] = [
            ("insert", "INSERT", isCounted("NEW"), "add"),
            ("delete", "DELETE", isCounted("OLD"), "subtract"),
            ("update_old", "UPDATE", "\(isCounted("OLD")) AND \(changed(postgres: postgres))", "subtract"),
            ("update_new", "UPDATE", "\(isCounted("NEW")) AND \(changed(postgres: postgres))", "add"),
        ]
        if postgres {
            for (fn, row) in [("add", "NEW"), ("subtract", "OLD")] {
                let statement = fn == "add" ? add(row, postgres: true) : subtract(row, postgres: true)
                try await Self.run(sql, """
                    CREATE FUNCTION \(table)_\(fn)() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN \(statement); RETURN NULL; END $$
                    """)
            }
        }
        for t in triggers {
            let name = "\(table)_\(t.name)"
            if postgres {
                try await Self.run(sql, "CREATE TRIGGER \(name) AFTER \(t.event) ON \(source) FOR EACH ROW WHEN (\(t.when)) EXECUTE FUNCTION \(table)_\(t.body)()")
            } else {
                let statement = t.body == "add" ? add("NEW", postgres: false) : subtract("OLD", postgres: false)
                try await Self.run(sql, "CREATE TRIGGER \(name) AFTER \(t.event) ON \(source) FOR EACH ROW WHEN \(t.when) BEGIN \(statement); END")
            }
        }
    }

    /// Runs SQL built here from the definition's own names (no input reaches it).
    static func run(_ sql: any SQLDatabase, _ text: String) async throws { try await sql.raw(SQLQueryString(text)).run() }

    package func drop(on sql: any SQLDatabase) async throws {
        let postgres = sql.dialect.name == "postgresql"
        for t in ["insert", "delete", "update_old", "update_new"] {
            try await Self.run(sql, "DROP TRIGGER \(table)_\(t)" + (postgres ? " ON \(source)" : ""))
        }
        if postgres { for fn in ["add", "subtract"] { try await Self.run(sql, "DROP FUNCTION \(table)_\(fn)()") } }
        try await Self.run(sql, "DROP TABLE \(table)")
    }
}

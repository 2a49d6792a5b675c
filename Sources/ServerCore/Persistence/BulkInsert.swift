import Foundation
import SQLKit
import Fluent

/// Multi-row inserts with plain binds, for the demo's bulk history (disputes, the police year):
/// Fluent's per-model reflection was most of the load time for many small rows. Values bind
/// exactly as Fluent binds them.
package enum BulkInsert {
    package static func rows(_ table: String, _ columns: [String], _ rows: [[any SQLExpression]], on sql: any SQLDatabase) async throws {
        let perStatement = max(1, 8000 / columns.count)  // under SQLite's bound-parameter limit
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var builder = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(start + perStatement, rows.count)] { builder = builder.values(row) }
            try await builder.run()
        }
    }

    package static func bind(_ value: (any Encodable & Sendable)?) -> any SQLExpression {
        value.map { SQLBind($0) } ?? SQLLiteral.null
    }
}

/// After a bulk load the query planner's row statistics are stale; ANALYZE of the tables loaded
/// lets SQLite and PostgreSQL pick the list indexes. Only those tables: a bare ANALYZE walks the
/// whole database, and on a PostgreSQL shared by several schemas (the tests', each dropped when
/// its test ends) it fails on a table dropped while it walks.
package enum PlannerStatistics {
    package static func refresh(_ tables: [String], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, !tables.isEmpty else { return }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ANALYZE \(SQLList(tables.map { SQLIdentifier($0) }))").run()
        } else {
            for t in tables { try await sql.raw("ANALYZE \(ident: t)").run() }
        }
    }
}

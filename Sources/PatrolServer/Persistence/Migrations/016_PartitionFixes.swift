import Fluent
import Foundation
import SQLKit
import ServerCore

/// On PostgreSQL, `patrol_fixes` becomes a table partitioned by month of `at` (UTC): one partition
/// per month (`patrol_fixes_2026_12`) and a default partition, so that retention drops a whole month
/// as one table and a track read touches only the months it spans. The rows already stored move
/// across in the same transaction. SQLite keeps its one table (retention deletes by range there).
package struct M016PartitionFixes: AsyncMigration {
    package var name: String { "016_PartitionFixes" }

    package func prepare(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            let t = FixStore.table, temp = "\(t)_partitioned"
            try await sql.raw("CREATE TABLE \(ident: temp) (LIKE \(ident: t) INCLUDING DEFAULTS) PARTITION BY RANGE (at)").run()
            try await Self.keys(on: sql, table: temp)
            try await sql.raw("CREATE TABLE \(ident: TrackPartitions.defaultPartition) PARTITION OF \(ident: temp) DEFAULT").run()
            // A partition for every month that has rows, and for this month and the next two.
            let span = try await sql.raw("SELECT min(at) AS first, max(at) AS last FROM \(ident: t)").first()
            var months = Set(TrackMonth.containing(Date()).through(ahead: TrackPartitions.monthsAhead))
            if let first = try span?.decode(column: "first", as: Date?.self), let last = try span?.decode(column: "last", as: Date?.self) {
                var m = TrackMonth.containing(first)
                while m.start <= last { months.insert(m); m = m.next }
            }
            for m in months.sorted() { try await TrackPartitions.create(m, parent: temp, on: sql) }
            try await Self.copy(from: t, to: temp, on: sql)
            try await sql.raw("DROP TABLE \(ident: t)").run()
            try await Self.rename(temp, to: t, on: sql)
        }
    }

    /// Back to one plain table with every row, and no partition left behind.
    package func revert(on database: Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            let t = FixStore.table, temp = "\(t)_plain"
            try await sql.raw("CREATE TABLE \(ident: temp) (LIKE \(ident: t) INCLUDING DEFAULTS)").run()
            try await Self.keys(on: sql, table: temp)
            try await Self.copy(from: t, to: temp, on: sql)
            try await sql.raw("DROP TABLE \(ident: t)").run()  // and its partitions
            try await Self.rename(temp, to: t, on: sql)
        }
    }

    /// The key and the reference to the unit, as migration 014 made them (a foreign key's name is the
    /// table's own, the key's index name is the schema's: it takes the final name at `rename`).
    static func keys(on sql: any SQLDatabase, table: String) async throws {
        try await sql.raw("ALTER TABLE \(ident: table) ADD CONSTRAINT \(ident: table + "_pkey") PRIMARY KEY (unit_id, at)").run()
        try await sql.raw("""
            ALTER TABLE \(ident: table) ADD CONSTRAINT \(ident: FixStore.table + "_unit_id_fkey") FOREIGN KEY (unit_id) \
            REFERENCES \(ident: PatrolUnitModel.schema) (id) ON DELETE CASCADE
            """).run()
    }

    static let columns = "unit_id, at, lat, lon, speed, heading, accuracy, flags, received_at"

    static func copy(from: String, to: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("INSERT INTO \(ident: to) (\(unsafeRaw: columns)) SELECT \(unsafeRaw: columns) FROM \(ident: from)").run()
    }

    static func rename(_ temp: String, to table: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("ALTER TABLE \(ident: temp) RENAME TO \(ident: table)").run()
        try await sql.raw("ALTER TABLE \(ident: table) RENAME CONSTRAINT \(ident: temp + "_pkey") TO \(ident: table + "_pkey")").run()
    }

    package init() {}
}

import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Whether the database keeps what the server answered. A write is answered only after its
/// transaction commits; that promise is worth something only if the commit is on disk. SQLite: WAL
/// with `synchronous` FULL on every connection (`AppSetup.sqliteConnectionPragmas`), so an answered
/// write survives a killed server and a power cut. PostgreSQL: the server's own settings, which the
/// app cannot set for it: `fsync` on, `synchronous_commit` anything but `off`, `full_page_writes` on.
/// At start the app reads them; in production (`--env production`) it refuses to start on a
/// database that would lose answered writes, elsewhere it logs a warning (the CI and developer
/// clusters run throwaway data with all three off, for speed).
package enum DatabaseDurability {
    /// What is wrong with a PostgreSQL server's settings, as `SHOW` prints them; empty when durable.
    /// `synchronous_commit` `local`, `remote_write` and `remote_apply` all wait for the local WAL
    /// flush as `on` does (the remote ones also for a standby), so only `off` loses answered commits.
    package static func postgresProblems(fsync: String, synchronousCommit: String, fullPageWrites: String) -> [String] {
        var problems: [String] = []
        if fsync.lowercased() != "on" {
            problems.append("fsync=\(fsync): a crash of the machine can lose or corrupt committed data / 操作系统崩溃或断电会丢失已提交数据")
        }
        if synchronousCommit.lowercased() == "off" {
            problems.append("synchronous_commit=off: a write is answered before its WAL is on disk / 应答时数据尚未落盘")
        }
        if fullPageWrites.lowercased() != "on" {
            problems.append("full_page_writes=\(fullPageWrites): a power cut mid-write can leave torn pages / 断电可能造成页面损坏")
        }
        return problems
    }

    /// What is wrong with an SQLite connection's settings, as its `PRAGMA`s answer; empty when
    /// durable. `synchronous`: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA; in WAL mode NORMAL already keeps
    /// every commit through a killed process, and FULL (ours) through a power cut too.
    package static func sqliteProblems(journalMode: String, synchronous: Int) -> [String] {
        var problems: [String] = []
        if journalMode.lowercased() != "wal" { problems.append("journal_mode=\(journalMode), not wal") }
        if synchronous < 1 { problems.append("synchronous=\(synchronous) (OFF): a write is answered before it is on disk") }
        return problems
    }

    /// The settings of the connection `db`, read from the database itself: `PRAGMA`s on SQLite,
    /// `SHOW` on PostgreSQL. Nil for an in-memory SQLite (nothing there outlives the process).
    package static func problems(of db: any Database) async throws -> [String]? {
        guard let sql = db as? any SQLDatabase else { return nil }
        return try await problems(of: sql, sqlite: db is any SQLiteDatabase)
    }

    /// The same for a connection outside Fluent's pool (`OwnSQLiteConnection`'s).
    package static func problems(of sql: any SQLDatabase, sqlite: Bool) async throws -> [String]? {
        if sqlite {
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self) ?? ""
            if mode.lowercased() == "memory" { return nil }
            let sync = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self) ?? 0
            return sqliteProblems(journalMode: mode, synchronous: sync)
        }
        func show(_ name: String) async throws -> String {
            try await sql.raw("SHOW \(unsafeRaw: name)").first()?.decode(column: name, as: String.self) ?? ""
        }
        return postgresProblems(fsync: try await show("fsync"), synchronousCommit: try await show("synchronous_commit"),
                                fullPageWrites: try await show("full_page_writes"))
    }

    /// The start-up check (`AppSetup.database`): every event loop's connection (SQLite's settings
    /// are per connection), or one of PostgreSQL's (its settings are the server's). In production a
    /// problem stops start-up; in development it is a warning; the tests check it themselves.
    package static func check(_ app: Application, settings: Settings, environment: Environment) async throws {
        guard environment != .testing else { return }
        var found: [String] = []
        let loops = if case .sqlite = settings.database { Array(app.eventLoopGroup.makeIterator()) } else { [app.eventLoopGroup.next()] }
        for loop in loops {
            guard let db = app.databases.database(logger: app.logger, on: loop) else { continue }
            for p in try await problems(of: db) ?? [] where !found.contains(p) { found.append(p) }
        }
        guard !found.isEmpty else { return }
        let message = "the database would lose answered writes / 数据库设置不能保证已应答的写入不丢失: " + found.joined(separator: "; ")
        if environment == .production { throw Refused(message: message) }
        app.logger.warning("\(message) (refused under --env production)")
    }

    package struct Refused: Error, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }
}

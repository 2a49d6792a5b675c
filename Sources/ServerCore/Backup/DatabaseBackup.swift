import Fluent
import Foundation
import SQLKit
import Vapor

/// Online, consistent copies of the database and putting one back (#13, "Backup and restore").
///
/// SQLite: `VACUUM INTO` writes a transactionally consistent copy from a read transaction, so
/// the server keeps serving (WAL readers and writers go on) while it runs; the copy is one
/// compact file. PostgreSQL: `pg_dump` (custom format) from one snapshot, of the configured schema
/// only when one is set. Uploaded photos are rows of the database, so they travel with it.
///
/// Restoring replaces what is there, so it never throws away the current data: SQLite's file is
/// kept beside it (`….before-restore-<time>`), and it refuses while a server holds the file.
package struct DatabaseBackup {
    package let settings: Settings

    package init(settings: Settings) { self.settings = settings }

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Writes a consistent copy to `file` (which must not exist), through `db` of a running app.
    /// Returns the copy's size in bytes.
    @discardableResult
    package func backup(from db: any Database, to file: URL) async throws -> Int64 {
        guard !FileManager.default.fileExists(atPath: file.path) else {
            throw Failure(description: "\(file.path) 已存在，不覆盖 / already exists: not overwritten")
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Written under a temporary name and renamed: a copy cut short never looks finished.
        let partial = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).partial")
        try? FileManager.default.removeItem(at: partial)
        switch settings.database {
        case .sqlite(let path):
            guard path != ":memory:", let sql = db as? any SQLDatabase else { throw Failure(description: "内存数据库无法备份 / an in-memory database has no file to copy") }
            try await sql.raw("VACUUM INTO \(bind: partial.path)").run()
        case .postgres(let url):
            var args = ["--format=custom", "--no-owner", "--no-privileges", "--file=\(partial.path)"]
            if let schema = settings.postgresSchema { args.append("--schema=\(schema)") }
            try await Self.run("pg_dump", args + [url])
        }
        try FileManager.default.moveItem(at: partial, to: file)
        return (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Puts the copy in `file` back. SQLite: the server must be stopped (the file is replaced and
    /// the current one kept aside; the next start migrates an older copy forward). PostgreSQL: the
    /// copy's objects replace the current ones in one transaction.
    /// Returns where the replaced SQLite file was kept (nil on PostgreSQL).
    @discardableResult
    package func restore(from file: URL, at now: Date = Date()) async throws -> URL? {
        guard FileManager.default.fileExists(atPath: file.path) else { throw Failure(description: "\(file.path) 不存在 / does not exist") }
        switch settings.database {
        case .sqlite(let path):
            guard path != ":memory:" else { throw Failure(description: "内存数据库无法恢复 / an in-memory database cannot be restored") }
            try SQLiteFile.checkIsDatabase(file)
            let target = AppSetup.sqliteURL(path)
            try SQLiteFile.checkNotInUse(target)
            var kept: URL?
            if FileManager.default.fileExists(atPath: target.path) {
                let stamp = Int(now.timeIntervalSince1970)
                kept = target.deletingLastPathComponent().appendingPathComponent("\(target.lastPathComponent).before-restore-\(stamp)")
                try FileManager.default.moveItem(at: target, to: kept!)
                // Its write-ahead log goes with it (SQLite reads `<file>-wal` beside the file), so a
                // transaction not yet checkpointed stays in the copy kept aside.
                for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: target.path + suffix) {
                    try FileManager.default.moveItem(atPath: target.path + suffix, toPath: kept!.path + suffix)
                }
            }
            let incoming = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).restoring")
            try? FileManager.default.removeItem(at: incoming)
            try FileManager.default.copyItem(at: file, to: incoming)
            try FileManager.default.moveItem(at: incoming, to: target)
            return kept
        case .postgres(let url):
            // `pg_restore --clean` cannot drop a partition's inherited keys (the tracks' monthly
            // partitions), so the copy becomes a script run by psql in ONE transaction after
            // dropping what is there: a failure leaves the database as it was.
            let script = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString.prefix(8)).sql")
            defer { try? FileManager.default.removeItem(at: script) }
            try await Self.run("pg_restore", ["--no-owner", "--no-privileges", "--file=\(script.path)", file.path])
            let clear: String
            if let schema = settings.postgresSchema {
                clear = "DROP SCHEMA IF EXISTS \"\(schema.replacingOccurrences(of: "\"", with: "\"\""))\" CASCADE"
            } else {
                clear = """
                    DO $$ DECLARE r record; BEGIN
                      FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
                        EXECUTE 'DROP TABLE IF EXISTS ' || quote_ident(r.tablename) || ' CASCADE';
                      END LOOP;
                    END $$
                    """
            }
            try await Self.run("psql", ["--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", "--single-transaction", "--dbname=\(url)", "-c", clear, "-f", script.path])
            return nil
        }
    }

    /// Runs a PostgreSQL client program; its error output becomes the failure's message.
    static func run(_ program: String, _ arguments: [String]) async throws {
        let r: ChildProcess.Result
        do { r = try await ChildProcess.run(program, arguments) } catch { throw Failure(description: "\(program) 无法运行 / cannot run: \(error)") }
        guard r.status == 0 else {
            throw Failure(description: "\(program) 失败 / failed (\(r.status)): \(r.errors.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}

/// Checks on SQLite files made without opening them through the app.
enum SQLiteFile {
    /// A SQLite file starts with this header; a restore refuses anything else before touching data.
    static func checkIsDatabase(_ file: URL) throws {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 16) ?? Data()
        guard head == Data("SQLite format 3\u{0}".utf8) else {
            throw DatabaseBackup.Failure(description: "\(file.path) 不是 SQLite 数据库 / is not a SQLite database")
        }
    }

    /// A server using the file keeps its `-shm` mapped and holds a lock on it; a restore under it
    /// would pull the data out from under its connections. `flock`-free check: a server that
    /// stopped cleanly removes `-wal` and `-shm` (the last connection checkpoints and deletes them).
    static func checkNotInUse(_ file: URL) throws {
        let shm = file.path + "-shm"
        guard FileManager.default.fileExists(atPath: shm) else { return }
        // A left-over -shm after a crash is not a running server: try to take the write lock.
        let fd = open(shm, O_RDWR)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 0
        if fcntl(fd, F_GETLK, &lock) == 0, lock.l_type != Int16(F_UNLCK) {
            throw DatabaseBackup.Failure(description: "数据库正在被服务使用，请先停止服务 / the database is in use by a running server: stop it first")
        }
    }
}

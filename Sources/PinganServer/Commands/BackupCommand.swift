import Foundation
import ServerCore
import Vapor

/// `pingan backup FILE`: an online, consistent copy of the database while the server keeps
/// serving (SQLite `VACUUM INTO`, PostgreSQL `pg_dump`). Photos are rows, so they are in it.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Where to write the copy (must not exist).")
        var file: String
    }
    var help: String { "Write an online, consistent copy of the database to FILE (SQLite VACUUM INTO; PostgreSQL pg_dump). 在线备份。" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let file = AppSetup.sqliteURL(signature.file)
        let bytes = try await DatabaseBackup(settings: app.settings).backup(from: app.db, to: file)
        context.console.print("备份完成 / backup written: \(file.path) (\(bytes) bytes)")
    }
}

/// `pingan restore FILE`: puts a copy made by `pingan backup` back. On SQLite the server must be
/// stopped; the file it replaces is kept beside it. The next start migrates an older copy forward.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A copy made by `pingan backup`.")
        var file: String
    }
    var help: String { "Put a copy made by `pingan backup` back (SQLite: stop the server first; the current file is kept aside). 恢复备份。" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        // SQLite: this process's own connections must not hold the file being replaced.
        if case .sqlite = app.settings.database { await app.databases.shutdownAsync() }
        let kept = try await DatabaseBackup(settings: app.settings).restore(from: AppSetup.sqliteURL(signature.file))
        context.console.print("恢复完成 / restored from \(signature.file)" + (kept.map { "；原数据库保留在 / the replaced file is kept at \($0.path)" } ?? ""))
    }
}

import MediationDomain
import MediationServer
import ServerCore
import Fluent
import Vapor

/// `pingan migrate [--revert]`: apply (or undo) the numbered migrations, without a prompt so it
/// runs from scripts.
struct PinganMigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Undo every migration (drops all Pingan tables).")
        var revert: Bool
    }

    var help: String { "Apply the database migrations (or undo them with --revert). 迁移数据库结构。" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.revert {
            try await app.autoRevert()
            context.console.print("已撤销全部迁移 / all migrations reverted")
        } else {
            try await app.autoMigrate()
            context.console.print("数据库已是最新结构 / database migrated (\(app.settings.database.kindName))")
        }
    }
}

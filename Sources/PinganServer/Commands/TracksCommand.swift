import PatrolServer
import ServerCore
import Vapor

/// `pingan tracks archive [--dry-run]`: archive and remove the track months past
/// `PINGAN_TRACK_RETENTION_MONTHS` once, now (the server does it daily by itself).
struct TracksCommand: AsyncCommandGroup {
    var help: String { "Patrol tracks: archive (export the months past the retention window, then remove them). 轨迹归档。" }
    var commands: [String: any AnyAsyncCommand] { ["archive": Archive()] }
    var defaultCommand: (any AnyAsyncCommand)? { nil }

    struct Archive: AsyncCommand {
        struct Signature: CommandSignature {
            @Flag(name: "dry-run", help: "Only list the months that would be archived and their fixes.")
            var dryRun: Bool
        }
        var help: String { "Export each whole month older than PINGAN_TRACK_RETENTION_MONTHS to PINGAN_TRACK_ARCHIVE_DIR as CSV (gzip), check it, remove it." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application, s = app.settings
            let retention = TrackRetention(db: app.db, months: s.trackRetentionMonths, directory: s.trackArchiveDirectory)
            let report = try await retention.run(at: app.clock.now(), dryRun: signature.dryRun)
            let window = retention.cutoff(at: app.clock.now()).map { "keeping \($0) onwards (\(s.trackRetentionMonths) months)" } ?? "keeping all"
            context.console.print("轨迹归档\(signature.dryRun ? "（演练）" : "") / track archive\(signature.dryRun ? " (dry run)" : ""): \(window)")
            context.console.print(report.description)
        }
    }
}

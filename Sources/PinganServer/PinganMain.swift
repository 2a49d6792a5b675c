import MediationDomain
import MediationServer
import PatrolServer
import ServerCore
import Vapor

/// Entry for every non-routing command: reads settings, builds the app, runs the command.
public enum PinganMain {
    public static func run(arguments: [String]) async -> Int32 {
        do {
            var env = try Environment.detect(arguments: arguments)
            let settings = try Settings.fromEnvironment()
            try settings.logFormat.bootstrap(from: &env)  // text, or JSON lines (`PINGAN_LOG_FORMAT`)
            let app = try await Application.make(env)
            do {
                try await configure(app, settings: settings)
                registerCommands(app)
                // The timers (deadline sweep, spike watch) run only where the app serves; one-shot
                // commands (`demo --no-serve` included) leave them off.
                let serves = RepeatingJob.serves(arguments: arguments)
                if settings.sweepSeconds > 0, serves {
                    app.lifecycle.use(SweepScheduler.job(interval: .seconds(Int64(settings.sweepSeconds))))
                }
                if serves { app.lifecycle.use(SpikeMonitorJob()) }
                if serves, settings.backupDirectory != nil { app.lifecycle.use(NightlyBackup.job()) }
                if serves { app.lifecycle.use(AnalysisReportJob.job()) }
                try await app.execute()
                try await app.asyncShutdown()
                return 0
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        } catch {
            FileHandle.standardError.write(Data("pingan: \(describe(error))\n".utf8))
            return 1
        }
    }

    package static func registerCommands(_ app: Application) {
        app.asyncCommands.use(PinganMigrateCommand(), as: "migrate")
        app.asyncCommands.use(DemoCommand(), as: "demo")
        app.asyncCommands.use(UsersCommand(), as: "users")
        app.asyncCommands.use(ImportCommand(), as: "import")
        app.asyncCommands.use(SweepCommand(), as: "sweep")
        app.asyncCommands.use(BenchMediationCommand(), as: "bench")
        app.asyncCommands.use(SimulateCommand(), as: "simulate")
        app.asyncCommands.use(TracksCommand(), as: "tracks")
        app.asyncCommands.use(BackupCommand(), as: "backup")
        app.asyncCommands.use(RestoreCommand(), as: "restore")
    }

    /// One readable line, never a stack dump, for the person at the console.
    package static func describe(_ error: any Error) -> String {
        switch error {
        case let e as APIError: e.message
        case let e as CustomStringConvertible: e.description
        default: String(describing: error)
        }
    }
}

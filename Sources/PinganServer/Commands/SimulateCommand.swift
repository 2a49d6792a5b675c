import Foundation
import PatrolServer
import ServerCore
import Vapor

/// `pingan simulate [--url U] [--interval S] [--units N] [--duration S]`: drives the demo force
/// against a running server (`pingan demo` in another terminal, on the same database) like real
/// devices, through the same HTTP routes and device tokens as a phone. Ctrl-C or `--duration`
/// ends it; at the end the simulated officers sign off.
struct SimulateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "url", help: "The server to drive (default http://127.0.0.1:8080).")
        var url: String?
        @Option(name: "interval", help: "Seconds between fixes of a unit (default 5).")
        var interval: Double?
        @Option(name: "units", help: "Drive only the first N units by call sign.")
        var units: Int?
        @Option(name: "duration", help: "Stop after this many seconds (default: run until stopped).")
        var duration: Double?
        @Option(name: "speedup", help: "Patrol time runs N times faster than the clock, 1…5 (default 1).")
        var speedup: Double?
    }

    var help: String { "Drive the demo patrol units like real devices against a running server. 模拟巡逻单元上报定位。" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard (0.5...3600).contains(signature.interval ?? 5), (signature.units ?? 1) >= 1, (signature.duration ?? 1) > 0,
              (1...5).contains(signature.speedup ?? 1) else {
            throw SimulateUsage()
        }
        let simulator = PatrolSimulator(base: signature.url ?? "http://127.0.0.1:8080", interval: signature.interval ?? 5,
                                        unitLimit: signature.units, timeScale: signature.speedup ?? 1,
                                        route: app.roadNetwork.drivingPath)
        let console = context.console
        let units = try await simulator.start(app: app) { console.print($0) }
        try await simulator.drive(units, app: app, until: signature.duration.map { Date().addingTimeInterval($0) }) { console.print($0) }
        await simulator.stop(units, app: app)
    }
}

struct SimulateUsage: Error, CustomStringConvertible {
    var description: String { "--interval must be 0.5…3600 s, --units at least 1, --duration more than 0, --speedup 1…5" }
}

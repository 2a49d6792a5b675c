import MediationDomain
import MediationServer
import PatrolServer
import ServerCore
import Fluent
import Vapor

/// `pingan demo [--hostname H] [--port P]`: migrate, load the Ci County demo (idempotent) and serve.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on (default 127.0.0.1).")
        var hostname: String?
        @Option(name: "port", short: "p", help: "Port to listen on (default 8080).")
        var port: Int?
        @Flag(name: "no-serve", help: "Load the demo data and exit without serving.")
        var noServe: Bool
        @Flag(name: "simulate", help: "Also drive the demo patrol units like real devices (see `pingan simulate`).")
        var simulate: Bool
    }

    var help: String {
        "Migrate, load the Ci County demo (org tree, illustrative map, one account per role; password pingan-demo) and serve on http://127.0.0.1:8080. Running it again adds nothing twice. 加载磁县演示数据并启动服务。"
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        try await DemoOrgSeed.run(on: app) { context.console.print($0) }
        try await DemoDisputeSeed.run(on: app) { context.console.print($0) }
        try await DemoPoliceYearSeed.run(on: app) { context.console.print($0) }
        if signature.noServe { return }
        let host = signature.hostname ?? "127.0.0.1"
        let port = signature.port ?? 8080
        context.console.print("演示已就绪：http://\(host):\(port)  （管理员 admin / \(DemoOrgSeed.password)）")
        if signature.simulate { Self.simulate(app, base: "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)", console: context.console) }
        var serveContext = context
        serveContext.input = CommandInput(arguments: ["pingan", "--hostname", host, "--port", String(port)])
        try await app.servers.asyncCommand.run(using: &serveContext)
    }

    /// Starts the simulator beside the server once the server answers.
    static func simulate(_ app: Application, base: String, console: any Console) {
        Task {
            // Three times real time: on the demo map a car visibly moves between two looks.
            let simulator = PatrolSimulator(base: base, timeScale: 3, route: app.roadNetwork.drivingPath)
            for _ in 0..<120 {
                if (try? await app.client.get(URI(string: base + CoreRoutes.healthz.path)))?.status == .ok { break }
                try? await Task.sleep(for: .milliseconds(500))
            }
            do {
                let units = try await simulator.start(app: app) { console.print($0) }
                try await simulator.drive(units, app: app) { console.print($0) }
            } catch {
                console.error("模拟停止：\(error)")
            }
        }
    }
}

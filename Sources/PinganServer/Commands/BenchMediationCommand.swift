import MediationDomain
import MediationServer
import ServerCore
import Fluent
import Foundation
import PinganDomain
import SQLKit
import Vapor

/// `pingan bench mediation [--disputes 100000] [--queries 200]` (for BENCHMARKS.md, not for
/// counties): builds a fresh SQLite file in a temp directory, loads the demo org and N generated
/// disputes through the bulk loader, then times the county list and the township board through
/// the app's responder (routing, middleware, auth, controllers, JSON — everything but the socket).
/// The county lists are also read by plain SQL (same count and page, same connection) for a ratio.
struct BenchMediationCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "What to measure: mediation")
        var what: String
        @Option(name: "disputes", help: "Disputes to load (default 100000).")
        var disputes: Int?
        @Option(name: "queries", help: "Timed runs per query (default 200).")
        var queries: Int?
        @Option(name: "file", help: "Keep the SQLite file here; a file that already holds the disputes is measured again without loading.")
        var file: String?
        @Option(name: "units", help: "bench patrol: patrol units to sign on with device tokens (default 100).")
        var units: Int?
        @Option(name: "out", help: "bench patrol: where to write the units and tokens (default bench-units.json).")
        var out: String?
        @Option(name: "checkpoints", help: "bench dispatch: checkpoint sites to plan (default 60).")
        var checkpoints: Int?
        @Option(name: "incidents", help: "bench county-report: incidents to load, each with a field record (default 1000000).")
        var incidents: Int?
    }

    var help: String { "(developer) `bench mediation`: the dispute list and township board on SQLite with N generated disputes; `bench patrol`: prepare the database for the position-ingest load (Benchmarks/ingest); `bench dispatch`: prepare the dispatch load (Benchmarks/dispatch) and time routing, recommendation, containment and coverage in process; `bench county-report`: the county report for a year (both tables) with N disputes and M incidents, against plain SQL." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.what == "patrol" {
            try await BenchPatrolSetup.run(context.application, units: max(1, signature.units ?? 100), out: signature.out ?? "bench-units.json") {
                context.console.print($0)
            }
            return
        }
        if signature.what == "dispatch" {
            try await BenchDispatch.run(context.application, units: max(1, signature.units ?? 200), checkpoints: max(0, signature.checkpoints ?? 60),
                                        queries: max(1, signature.queries ?? 200), out: signature.out ?? "bench-dispatch") {
                context.console.print($0)
            }
            return
        }
        if signature.what == "county-report" {
            try await BenchCountyReport.run(context.application, disputes: max(1, signature.disputes ?? 100_000),
                                            incidents: max(0, signature.incidents ?? 1_000_000), file: signature.file,
                                            queries: max(1, signature.queries ?? 30)) { context.console.print($0) }
            return
        }
        guard signature.what == "mediation" else {
            throw APIError.badRequest("只支持 bench mediation / bench patrol / bench dispatch / bench county-report", code: "usage")
        }
        let total = max(1, signature.disputes ?? 100_000)
        let runs = max(1, signature.queries ?? 200)
        let kept = signature.file.map { URL(fileURLWithPath: $0) }
        let dir = kept?.deletingLastPathComponent() ?? FileManager.default.temporaryDirectory.appendingPathComponent("pingan-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if kept == nil { try? FileManager.default.removeItem(at: dir) } }
        let say = { (s: String) in context.console.print(s) }

        var settings = context.application.settings
        settings.database = .sqlite(path: kept?.path ?? dir.appendingPathComponent("bench.sqlite").path)
        settings.bcryptCost = 4
        let app = try await Application.make(.init(name: "bench", arguments: ["pingan"]))
        do {
            try await configure(app, settings: settings)
            try await app.autoMigrate()
            try await DemoOrgSeed.run(on: app)
            let loadStart = ContinuousClock.now
            let present = try await DisputeModel.query(on: app.db).count()
            // A kept file measured again (after a code change) keeps its disputes; it is not topped up.
            let loaded = present > 0 ? present : try await Self.load(total, on: app) { say($0) }
            try await DemoDisputeSeed.refreshPlannerStatistics(on: app.db)
            let loadTime = ContinuousClock.now - loadStart
            say(present > 0 ? "沿用 \(kept?.path ?? "") 中已有的 \(present) 件纠纷" : "已载入 \(loaded) 件纠纷，用时 \(Self.seconds(loadTime))")
            try await app.asyncBoot()
            let results = try await Self.measure(app, runs: runs)
            say("")
            say("| query | median ms | p90 ms | plain SQL median ms | plain SQL p90 ms | ours / plain | runs | note |")
            say("|---|---:|---:|---:|---:|---:|---:|---|")
            let f = { (x: Double) in String(format: "%.2f", x) }
            for r in results {
                let plain = r.plain.map { "\(f($0.median)) | \(f($0.p90)) | \(String(format: "%.1f", r.median / $0.median))×" } ?? "– | – | –"
                say("| \(r.name) | \(f(r.median)) | \(f(r.p90)) | \(plain) | \(r.runs) | \(r.note) |")
            }
            say("")
            say("plain SQL: the same count (COUNT(*)) and page (list columns, newest first) by `SQLDatabase.raw` on the same file")
            say("demo generator, one demo year (2,653 disputes): median \(f(try await Self.generatorTime(on: app))) ms of 5")
            say("")
            say("disputes \(loaded), load \(Self.seconds(loadTime)), SQLite file \(Self.fileSize(kept ?? dir.appendingPathComponent("bench.sqlite")))")
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Generated years of 10,000 disputes each (different seed per year, going back from the
    /// current one) until `total`.
    static func load(_ total: Int, on app: Application, log: (String) -> Void) async throws -> Int {
        let org = try await DemoDisputeSeed.org(on: app.db)
        let thisYear = LocalDate(app.clock.now(), in: PinganCalendar.shanghai).year
        var loaded = 0, k = 0
        while loaded < total {
            let n = min(10_000, total - loaded)
            let year = thisYear - 1 - k
            let batch = DemoDisputeSeed.generator(org, seed: DemoDisputeSeed.seed &+ UInt64(k) &* 7919, year: year, total: n).generate()
            let start = ContinuousClock.now
            loaded += try await DemoDisputeSeed.load(batch, org: org, on: app.db, at: app.clock.now())
            log("  \(year) 年：\(batch.count) 件，\(seconds(ContinuousClock.now - start))")
            k += 1
        }
        return loaded
    }

    struct Result {
        var name: String
        var median: Double
        var p90: Double
        var runs: Int
        var note: String
        /// The same page and count read by plain SQL on the same connection, if timed.
        var plain: (median: Double, p90: Double)?
    }

    /// A list request and the plain SQL it answers: the page (list columns, newest first) and the count.
    struct Query {
        var name, path, token, note: String
        var plainWhere: String?
        var offset = 0
    }

    /// The columns a list page reads (`DisputeModel.listRows`), so that both sides read the same.
    static let listColumns = DisputeListRow.columns.joined(separator: ", ")

    static func measure(_ app: Application, runs: Int) async throws -> [Result] {
        let bureau = try await token(app, "bureau")
        let judicial = try await token(app, "judicial")
        let queries: [Query] = [
            // The floor every API request pays (routing, middleware, the caller's token lookup, JSON):
            // what the lists cost beyond it is their own work.
            Query(name: "floor: GET /api/v1/me", path: "/api/v1/me", token: bureau, note: "token lookup and a small answer, no other query"),
            Query(name: "county list, first page", path: "/api/v1/disputes?limit=50", token: bureau, note: "as bureau (whole county)",
                  plainWhere: ""),
            Query(name: "county list, filtered", path: "/api/v1/disputes?limit=50&offset=50&level=village&category=01,02",
                  token: bureau, note: "village level, two categories, 2nd page",
                  plainWhere: "WHERE level = 'village' AND category IN ('01', '02')", offset: 50),
            Query(name: "county list, open red/orange", path: "/api/v1/disputes?limit=50&stage=registered,accepted,mediating&risk=orange,red",
                  token: bureau, note: "open + high risk",
                  plainWhere: "WHERE stage IN ('registered', 'accepted', 'mediating') AND risk IN ('orange', 'red')"),
            Query(name: "township board", path: "/api/v1/disputes/board", token: judicial, note: "GET /api/v1/disputes/board as judicial (磁州镇)"),
            Query(name: "statistics, county", path: "/api/v1/statistics", token: bureau, note: "M13 figures, whole county"),
        ]
        let sql = app.db as? any SQLDatabase
        var results: [Result] = []
        for query in queries {
            // Timed run by run after our request, so that noise on the shared machine hits both alike.
            var plain: (@Sendable () async throws -> Void)?
            if let w = query.plainWhere, let sql {
                let page = "SELECT \(listColumns) FROM disputes \(w) ORDER BY registered_at DESC, id LIMIT 50 OFFSET \(query.offset)"
                plain = {
                    _ = try await sql.raw("SELECT COUNT(*) FROM disputes \(unsafeRaw: w)").all()
                    _ = try await sql.raw("\(unsafeRaw: page)").all()
                }
            }
            for _ in 0..<5 { _ = try await get(app, query.path, token: query.token); try await plain?() }  // warm-up
            var times: [Double] = [], plainTimes: [Double] = []
            let began = ContinuousClock.now
            // A slow query stops after a minute (at least 5 runs), so one outlier cannot stall the run.
            while times.count < runs, times.count < 5 || ContinuousClock.now - began < .seconds(60) {
                let start = ContinuousClock.now
                let res = try await get(app, query.path, token: query.token)
                times.append(ms(ContinuousClock.now - start))
                guard res.status == .ok else { throw APIError.badRequest("\(query.path) → \(res.status.code)", code: "bench") }
                if let plain {
                    let t = ContinuousClock.now
                    try await plain()
                    plainTimes.append(ms(ContinuousClock.now - t))
                }
            }
            results.append(Result(name: query.name, median: median(times), p90: p90(times), runs: times.count, note: query.note,
                                  plain: plainTimes.isEmpty ? nil : (median(plainTimes), p90(plainTimes))))
        }
        return results
    }

    static func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
    static func p90(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[min(s.count - 1, s.count * 9 / 10)] }

    /// Time of the demo generator for one demo year (2,653 disputes), median of 5 (it was a time
    /// bound in `DemoTests`, which fails by chance on a shared machine).
    static func generatorTime(on app: Application) async throws -> Double {
        let org = try await DemoDisputeSeed.org(on: app.db)
        let year = LocalDate(app.clock.now(), in: PinganCalendar.shanghai).year
        var times: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            _ = DemoDisputeSeed.generator(org, year: year).generate()
            times.append(ms(ContinuousClock.now - start))
        }
        return median(times)
    }

    static func get(_ app: Application, _ path: String, token: String) async throws -> Response {
        let req = Request(application: app, method: .GET, url: URI(string: path),
                          headers: ["Authorization": "Bearer \(token)"], on: app.eventLoopGroup.next())
        let res = try await app.responder.respond(to: req).get()
        _ = try await res.body.collect(on: req.eventLoop).get()
        return res
    }

    static func token(_ app: Application, _ username: String) async throws -> String {
        let body = #"{"username":"\#(username)","password":"\#(DemoOrgSeed.password)"}"#
        let req = Request(application: app, method: .POST, url: URI(string: "/api/v1/auth/login"),
                          headers: ["Content-Type": "application/json"], collectedBody: ByteBuffer(string: body), on: app.eventLoopGroup.next())
        let res = try await app.responder.respond(to: req).get()
        struct Login: Decodable { var token: String }
        guard res.status == .ok, let data = res.body.data else { throw APIError.unauthorized }
        return try JSONDecoder().decode(Login.self, from: data).token
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func seconds(_ d: Duration) -> String { String(format: "%.1f s", ms(d) / 1000) }

    static func fileSize(_ file: URL) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        return String(format: "%.0f MB", Double(size) / 1_048_576)
    }
}

import Fluent
import Foundation
import MediationDomain
import MediationServer
import PatrolDomain
import PatrolServer
import PinganDomain
import ServerCore
import SQLKit
import Vapor

/// `pingan bench county-report [--disputes 100000] [--incidents 1000000] [--file F] [--queries 30]`
/// (#12 point 3, for BENCHMARKS.md): a fresh SQLite file (or a kept one, measured again without
/// loading), the demo org and one county year at scale (`BenchCountyLoad`), then "the county report
/// for a year" — the mediation table (`GET /api/v1/statistics/county`, as the county justice bureau)
/// and the public-security table (`GET /api/v1/police-statistics`, as the command centre's
/// dispatcher), both for the whole county and last calendar year — through the app's responder
/// (everything but the socket). Each run also times plain SQL aggregates over the same file that
/// compute the same figures, and the figures of both are compared: a difference stops the run.
enum BenchCountyReport {
    static func run(_ base: Application, disputes: Int, incidents: Int, file: String?, queries runs: Int, say: @escaping (String) -> Void) async throws {
        let kept = file.map { URL(fileURLWithPath: $0) }
        let dir = kept?.deletingLastPathComponent() ?? FileManager.default.temporaryDirectory.appendingPathComponent("pingan-county-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if kept == nil { try? FileManager.default.removeItem(at: dir) } }
        let path = kept ?? dir.appendingPathComponent("county.sqlite")

        var settings = base.settings
        settings.database = .sqlite(path: path.path)
        settings.bcryptCost = 4
        let app = try await Application.make(.init(name: "bench", arguments: ["pingan"]))
        do {
            try await configure(app, settings: settings)
            try await app.autoMigrate()
            try await DemoOrgSeed.run(on: app)
            let year = LocalDate(app.clock.now(), in: PinganCalendar.shanghai).year - 1
            let loadStart = ContinuousClock.now
            let present = try await DisputeModel.query(on: app.db).count()
            if present > 0 {
                say("沿用 \(path.path)：纠纷 \(present) 件，警情 \(try await IncidentModel.query(on: app.db).count()) 起，现场记录 \(try await FieldRecordModel.query(on: app.db).count()) 条")
            } else {
                _ = try await BenchCountyLoad.load(disputes: disputes, incidents: incidents, year: year, on: app, log: say)
                say("载入用时 \(BenchMediationCommand.seconds(ContinuousClock.now - loadStart))")
            }
            try await app.asyncBoot()
            try await measure(app, year: year, runs: runs, say: say)
            say("SQLite file \(BenchMediationCommand.fileSize(path))")
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// The two tables' requests for the whole county and `year`.
    struct Requests {
        var mediation: String
        var police: String
        var bureau: String
        var dispatcher: String
    }

    static func requests(_ app: Application, county: UUID, year: Int) async throws -> Requests {
        let (from, to) = BenchCountyLoad.period(year: year)
        let period = "orgUnit=\(county.uuidString)&from=\(PoliceScopeText.instant(from))&to=\(PoliceScopeText.instant(to))"
        return Requests(mediation: CountyStatisticsRoutes.table.path + "?" + period, police: PoliceStatisticsRoutes.table.path + "?" + period,
                        bureau: try await BenchMediationCommand.token(app, "bureau"),
                        dispatcher: try await BenchMediationCommand.token(app, "dispatcher"))
    }

    /// Both tables of the county report, as the API answers them.
    static func report(_ app: Application, _ r: Requests) async throws -> (CountyTableDTO, PublicSecurityTableDTO) {
        (try await table(app, r.mediation, r.bureau), try await table(app, r.police, r.dispatcher))
    }

    static func table<T: Decodable>(_ app: Application, _ path: String, _ token: String) async throws -> T {
        let res = try await BenchMediationCommand.get(app, path, token: token)
        guard res.status == .ok else { throw APIError.badRequest("\(path) → \(res.status.code)", code: "bench") }
        return try res.content.decode(T.self)
    }

    static func measure(_ app: Application, year: Int, runs: Int, say: (String) -> Void) async throws {
        guard let county = try await OrgUnitModel.query(on: app.db).filter(\.$parentID == nil).first()?.requireID(),
              let sql = app.db as? any SQLDatabase else { throw APIError.badRequest("no county", code: "bench") }
        let r = try await requests(app, county: county, year: year)
        let plain = CountyReportSQL(sql: sql, county: try await OrgUnitModel.find(county, on: app.db)!.path, period: BenchCountyLoad.period(year: year))

        // The figures first: the report must say what plain SQL says.
        let (mediation, police) = try await report(app, r)
        let figures = try await plain.figures()
        let mismatches = figures.mismatches(mediation, police)
        guard mismatches.isEmpty else {
            for m in mismatches { say("不一致 / MISMATCH: \(m)") }
            throw APIError.badRequest("the county report differs from plain SQL: \(mismatches.joined(separator: "; "))", code: "bench")
        }
        say("\(year) 年全县：受理 \(mediation.value(.received)) 件，调解成功 \(mediation.value(.settled)) 件；警情 \(figures.incidents) 起，"
            + "巡逻 \(figures.shifts) 人次，现场记录 \(figures.fieldRecords) 条 — 与直接 SQL 统计逐项相同（\(figures.compared) 项）")

        for _ in 0..<3 { _ = try await report(app, r); _ = try await plain.figures() }  // warm-up
        var times: [String: [Double]] = [:]
        for _ in 0..<runs {
            var t = ContinuousClock.now
            let _: CountyTableDTO = try await table(app, r.mediation, r.bureau)
            let m = BenchMediationCommand.ms(ContinuousClock.now - t)
            t = ContinuousClock.now
            let _: PublicSecurityTableDTO = try await table(app, r.police, r.dispatcher)
            let p = BenchMediationCommand.ms(ContinuousClock.now - t)
            t = ContinuousClock.now
            _ = try await plain.mediation()
            let pm = BenchMediationCommand.ms(ContinuousClock.now - t)
            t = ContinuousClock.now
            _ = try await plain.police()
            let pp = BenchMediationCommand.ms(ContinuousClock.now - t)
            for (k, v) in [("m", m), ("p", p), ("r", m + p), ("pm", pm), ("pp", pp), ("pr", pm + pp)] { times[k, default: []].append(v) }
        }
        let f = { (x: Double) in String(format: "%.1f", x) }
        func line(_ name: String, _ key: String) -> String {
            let s = times[key]!.sorted()
            return "| \(name) | \(f(s[s.count / 2])) | \(f(s[min(s.count - 1, s.count * 99 / 100)])) | \(f(s.last!)) | \(s.count) |"
        }
        func p50(_ key: String) -> Double { let s = times[key]!.sorted(); return s[s.count / 2] }
        say("")
        say("| query | p50 ms | p99 ms | max ms | runs |")
        say("|---|---:|---:|---:|---:|")
        say(line("mediation table `GET /api/v1/statistics/county` (bureau)", "m"))
        say(line("public-security table `GET /api/v1/police-statistics` (dispatcher)", "p"))
        say(line("**county report (both tables)**", "r"))
        say(line("plain SQL, mediation figures", "pm"))
        say(line("plain SQL, public-security figures", "pp"))
        say(line("plain SQL, both", "pr"))
        say("")
        say("county report / plain SQL (p50): \(String(format: "%.2f", p50("r") / p50("pr")))× "
            + "(mediation \(String(format: "%.2f", p50("m") / p50("pm")))×, public security \(String(format: "%.2f", p50("p") / p50("pp")))×)")
        say("county report p50 \(f(p50("r"))) ms: " + (p50("r") < 300 ? "under 300 ms" : "**over 300 ms**"))
    }
}

/// The RFC 3339 instants the API reads (`from`/`to`), without fractions.
enum PoliceScopeText {
    static func instant(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }
}

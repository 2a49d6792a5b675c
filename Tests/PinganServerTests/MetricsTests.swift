import Fluent
import Foundation
@testable import MediationServer
@testable import PatrolServer
@testable import PinganServer
@testable import ServerCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// `/metrics` (#13 point 8): Prometheus text from a configured address only, requests by route
/// pattern, fixes stored, live subscribers, job runs; a request id on every answer.
@Suite("Metrics and request ids", .serialized)
struct MetricsTests {
    /// One scrape, read into its samples: `name{label="value",…}` (labels sorted) → value.
    struct Scrape {
        var text: String
        var samples: [String: Double] = [:]

        init(_ text: String) {
            self.text = text
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
                samples[Self.key(String(line[..<space]))] = value
            }
        }

        /// The series as the tests name it: labels in name order, whatever order they were written in.
        static func key(_ series: String) -> String {
            guard let open = series.firstIndex(of: "{"), series.hasSuffix("}") else { return series }
            let inner = series[series.index(after: open)..<series.index(before: series.endIndex)]
            let labels = inner.split(separator: ",").map(String.init).sorted()
            return series[..<open] + "{" + labels.joined(separator: ",") + "}"
        }

        static func series(_ name: String, _ labels: [String: String]) -> String {
            labels.isEmpty ? name : name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "}"
        }

        /// The sample's value; 0 when the series has not been written yet (nothing counted).
        func value(_ name: String, _ labels: [String: String] = [:]) -> Double { samples[Self.series(name, labels)] ?? 0 }
    }

    /// Scrapes the served app over loopback, as Prometheus on the same machine would.
    static func scrape(_ app: Application, port: Int, headers: HTTPHeaders = [:]) async throws -> (ClientResponse, Scrape) {
        let res = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/metrics"), headers: headers)
        return (res, Scrape(res.body.map { String(buffer: $0) } ?? ""))
    }

    /// `count` fixes a second apart, ending a second ago, close together (a car in town).
    static func fixBatch(_ unitID: UUID, count: Int) -> String {
        let now = Date()
        let fixes = (0..<count).map { i in
            let at = now.addingTimeInterval(Double(i - count))
            return #"{"lat":\#(36.36 + Double(i) * 0.00005),"lon":114.37,"at":"\#(at.formatted(.iso8601))","speed":5}"#
        }
        return #"{"unitId":"\#(unitID)","fixes":[\#(fixes.joined(separator: ","))]}"#
    }

    @Test("From loopback: requests by route pattern, fixes stored, live subscribers and job runs, each rising by what was done",
          arguments: TestDatabase.available)
    func scrapeFromLoopback(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let port = try await LiveFeedTests.serve(app)
            let (first, before) = try await Self.scrape(app, port: port)
            #expect(first.status == .ok)
            #expect(first.headers.first(name: .contentType) == "text/plain; version=0.0.4; charset=utf-8")
            #expect(first.headers.first(name: "X-Request-Id") != nil)

            // Three reads of one org unit and one of another: one series, by the route's pattern.
            let token = try await app.token("bureau")
            let village = try await app.unit(code: "130427100201"), other = try await app.unit(code: "130427103201")
            for id in [village.id!, village.id!, other.id!] {
                #expect(try await app.api(.GET, CoreRoutes.orgUnit.link(id), token: token).status == .ok)
            }
            let missing = try await app.api(.GET, CoreRoutes.orgUnit.link(UUID()), token: token)
            #expect(missing.status == .notFound)
            let route = ["route": "/api/v1/org-units/:id", "method": "GET"]
            let ok = route.merging(["status": "2xx"]) { a, _ in a }, notFound = route.merging(["status": "4xx"]) { a, _ in a }

            // A batch of 7 fixes from a unit on duty.
            let (unit, device) = try await LiveFeedTests.unitOnDuty(app)
            let batch = Self.fixBatch(unit.id!, count: 7)
            let posted = try await app.api(.POST, PatrolRoutes.positions.link(), token: device, json: batch)
            #expect(posted.status == .ok, "\(posted.body.string)")
            let stored = try posted.content.decode(FixBatchResult.self).stored
            let rows = try await (app.db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(FixStore.table).where("unit_id", .equal, SQLBind(unit.id!)).first()?.decode(column: "n", as: Int.self)
            #expect(stored == 7 && rows == 7, "stored \(stored), rows \(rows ?? -1)")
            // The same batch again: nothing new is stored, so nothing more is counted.
            let again = try await app.api(.POST, PatrolRoutes.positions.link(), token: device, json: batch)
            #expect(try again.content.decode(FixBatchResult.self).stored == 0)

            // Two live subscribers.
            let dispatcher = try await LiveFeedTests.subscribe(app, port: port, token: try await app.token("dispatcher"))
            let commander = try await LiveFeedTests.subscribe(app, port: port, token: try await app.token("commander"))
            let subscribed = await app.liveFeed.hub.count

            // The deadline sweep's run, as its timer makes it, and a job that fails.
            await SweepScheduler.job(interval: .seconds(300)).run(app)
            await RepeatingJob("failing test job", initialDelay: .seconds(1), interval: .seconds(1)) { _ in
                throw Abort(.internalServerError, reason: "on purpose")
            }.run(app)

            let (_, after) = try await Self.scrape(app, port: port)
            #expect(after.value(RequestMetrics.requests, ok) - before.value(RequestMetrics.requests, ok) == 3)
            #expect(after.value(RequestMetrics.requests, notFound) - before.value(RequestMetrics.requests, notFound) == 1)
            #expect(after.value(RequestMetrics.duration + "_count", route) - before.value(RequestMetrics.duration + "_count", route) == 4)
            #expect(after.value(RequestMetrics.duration + "_bucket", route.merging(["le": "+Inf"]) { a, _ in a })
                    == after.value(RequestMetrics.duration + "_count", route))
            // Label values stay patterns: no id of a record asked for appears anywhere.
            for id in [village.id!, other.id!, unit.id!] { #expect(!after.text.lowercased().contains(id.uuidString.lowercased())) }
            // The scrape before counts itself under its own route.
            #expect(after.value(RequestMetrics.requests, ["route": "/metrics", "method": "GET", "status": "2xx"]) >= 1)

            #expect(after.value(PatrolMetrics.fixesIngested) - before.value(PatrolMetrics.fixesIngested) == Double(stored))
            #expect(subscribed == 2)
            #expect(after.value(PatrolMetrics.liveSubscribers) == Double(subscribed))
            #expect(after.samples[PatrolMetrics.trackWriterQueue] == 0, "nothing waits for the track writer once the batch is answered")
            #expect(after.samples[PatrolMetrics.noticesUndelivered] != nil)
            #expect(after.value(AppMetrics.jobRuns, ["job": "deadline sweep", "outcome": "ok"]) == 1)
            #expect(after.value(AppMetrics.jobRuns, ["job": "failing test job", "outcome": "failed"]) == 1)
            #expect(after.value(AppMetrics.jobRuns, ["job": "failing test job", "outcome": "ok"]) == 0)

            // A subscriber leaves: the gauge follows at the next scrape.
            await commander.close()
            var left = after
            for _ in 0..<100 where left.value(PatrolMetrics.liveSubscribers) != 1 {
                try await Task.sleep(for: .milliseconds(50))
                left = try await Self.scrape(app, port: port).1
            }
            #expect(left.value(PatrolMetrics.liveSubscribers) == 1)
            await dispatcher.close()
            await LiveFeedTests.stop(app)
        }
    }

    @Test("From an address not configured, or through a proxy for one, /metrics is the 404 of a path that does not exist")
    func refusedElsewhere() async throws {
        try await withApp(.sqlite, seed: false, adjust: { $0.metricsAllow = AddressAllowList(parsing: "10.9.8.0/24")! }) { app in
            let port = try await LiveFeedTests.serve(app)
            let (res, scrape) = try await Self.scrape(app, port: port)
            let nowhere = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/no-such-page"))
            #expect(res.status == .notFound)
            #expect(res.body.map { String(buffer: $0) } == nowhere.body.map { String(buffer: $0) })
            #expect(scrape.samples.isEmpty)
            await LiveFeedTests.stop(app)
        }
        try await withApp(.sqlite, seed: false) { app in
            let port = try await LiveFeedTests.serve(app)
            #expect(try await Self.scrape(app, port: port).0.status == .ok, "loopback is allowed by default")
            // A local proxy forwarding a client from outside: the client's address is not allowed.
            #expect(try await Self.scrape(app, port: port, headers: ["X-Forwarded-For": "203.0.113.9"]).0.status == .notFound)
            #expect(try await Self.scrape(app, port: port, headers: ["X-Forwarded-For": "127.0.0.1, 203.0.113.9"]).0.status == .notFound)
            #expect(try await Self.scrape(app, port: port, headers: ["Forwarded": #"for="[2001:db8::1]:4711""#]).0.status == .notFound)
            #expect(try await Self.scrape(app, port: port, headers: ["X-Forwarded-For": "127.0.0.1"]).0.status == .ok)
            await LiveFeedTests.stop(app)
            // A request with no address at all (in memory) is not from an allowed one.
            #expect(try await app.testing().sendRequest(.GET, "/metrics").status == .notFound)
        }
    }

    @Test("Every answer carries X-Request-Id: a well-formed one supplied is kept, in the request's log metadata too")
    func requestIDs() async throws {
        try await withApp(.sqlite, seed: false) { app in
            app.get("request-id-probe") { req in req.logger[metadataKey: RequestID.metadataKey]?.description ?? "" }
            let fresh = try await app.testing().sendRequest(.GET, "/request-id-probe")
            let id = try #require(fresh.headers.first(name: "X-Request-Id"))
            #expect(UUID(uuidString: id) != nil)
            #expect(fresh.body.string == id, "the handler's logger carries the answer's id")

            let kept = try await app.testing().sendRequest(.GET, "/request-id-probe", headers: ["X-Request-Id": "nginx-7f3a.42:1"])
            #expect(kept.headers.first(name: "X-Request-Id") == "nginx-7f3a.42:1")
            #expect(kept.body.string == "nginx-7f3a.42:1")

            for bad in ["two words", String(repeating: "a", count: 65), "id\"}{", "ид"] {
                let res = try await app.testing().sendRequest(.GET, "/request-id-probe", headers: ["X-Request-Id": bad])
                let given = try #require(res.headers.first(name: "X-Request-Id"))
                #expect(given != bad && UUID(uuidString: given) != nil, "\(bad) must be replaced")
                #expect(res.body.string == given)
            }
            // Errors too, and distinct requests get distinct ids.
            let a = try await app.api(.GET, "/api/v1/me", token: nil), b = try await app.api(.GET, "/api/v1/me", token: nil)
            #expect(a.status == .unauthorized)
            #expect(a.headers.first(name: "X-Request-Id") != nil && a.headers.first(name: "X-Request-Id") != b.headers.first(name: "X-Request-Id"))
        }
    }

    @Test("The settings: PINGAN_METRICS_ALLOW (addresses and CIDR blocks) and PINGAN_LOG_FORMAT")
    func settings() throws {
        let defaults = try Settings.fromEnvironment([:])
        #expect(defaults.metricsAllow == .loopback && defaults.logFormat == .text)
        #expect(defaults.metricsAllow.allows("127.0.0.1") && defaults.metricsAllow.allows("::1") && defaults.metricsAllow.allows("::ffff:127.0.0.1"))
        #expect(!defaults.metricsAllow.allows("127.0.0.2") && !defaults.metricsAllow.allows(nil) && !defaults.metricsAllow.allows("localhost"))
        let set = try Settings.fromEnvironment(["PINGAN_METRICS_ALLOW": "10.20.0.0/16, fd00::/8", "PINGAN_LOG_FORMAT": "json"])
        #expect(set.logFormat == .json)
        #expect(set.metricsAllow.allows("10.20.255.1") && !set.metricsAllow.allows("10.21.0.1"))
        #expect(set.metricsAllow.allows("fd12::3") && !set.metricsAllow.allows("fe80::1") && !set.metricsAllow.allows("127.0.0.1"))
        #expect(try Settings.fromEnvironment(["PINGAN_METRICS_ALLOW": ""]).metricsAllow.ranges.isEmpty, "an empty list allows no one")
        for (key, value) in [("PINGAN_METRICS_ALLOW", "10.0.0.0/33"), ("PINGAN_METRICS_ALLOW", "localhost"), ("PINGAN_LOG_FORMAT", "xml")] {
            #expect(throws: Settings.Invalid.self, "\(key)=\(value)") { try Settings.fromEnvironment([key: value]) }
        }
    }
}

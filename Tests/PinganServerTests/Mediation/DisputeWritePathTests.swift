import Fluent
import Foundation
import Logging
import PinganDomain
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Collects the SQL statements a database logs (Fluent logs each one at `.trace`).
final class StatementLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ s: String) { lock.withLock { lines.append(s) } }
    var statements: [String] { lock.withLock { lines } }
    func reset() { lock.withLock { lines = [] } }

    /// Queries reading the `disputes` table (not `dispute_events`, `dispute_parties`): Fluent logs
    /// each query it runs as "Running query" with its action and schema, on every driver.
    var disputeReads: [String] {
        statements.filter {
            $0.hasPrefix("Running query") && $0.contains(" schema=disputes ")
                && ($0.contains("action=read") || $0.contains("action=aggregate"))
        }
    }

    /// Every query Fluent ran.
    var queries: [String] { statements.filter { $0.hasPrefix("Running query") } }

    struct Handler: LogHandler {
        let log: StatementLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
                 function: String, line: UInt) {
            log.add(message.description + " " + (metadata ?? [:]).merging(self.metadata) { a, _ in a }
                .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
    }

    /// `app`'s database, logging into this collector.
    func database(_ app: Application) -> any Database {
        let logger = Logger(label: "statement-count") { _ in Handler(log: self) }
        return app.databases.database(logger: logger, on: app.eventLoopGroup.any())!
    }
}

@Suite("One write path for a dispute")
struct DisputeWritePathTests {
    @Test("Appending an event reads the dispute row once", arguments: TestDatabase.available)
    func appendReadsTheRowOnce(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("mediator")
            let id = try await DirectiveFixtures.dispute(app, token: token)
            let mediator = try #require(try await UserModel.query(on: app.db).filter(\.$username == "mediator").first())
            let log = StatementLog()
            let counted = log.database(app)
            let actor = EventActor(systemFor: mediator.orgUnitID)
            // What `POST /disputes/{id}/events` does: the scope check's read, then the append.
            let store = DisputeStore(db: counted)
            let m = try #require(try await store.find(id, scopePath: "/"))
            let r = try await store.history.append(to: m, eventID: UUID(), kind: .accepted(Acceptance(note: "受理")), baseVersion: 1,
                                                   by: actor, at: Date())
            #expect(r.outcome == .created && r.state.stage == .accepted && r.model.version == 2)
            #expect(log.queries.count > 3, "the database logged no queries")
            #expect(log.disputeReads.count == 1, "\(log.disputeReads)")
            // The row moved on under the unique (dispute_id, seq): a second writer of version 1 loses.
            let stale = try #require(try await DisputeModel.find(id, on: app.db))
            stale.version = 1
            await #expect(throws: DomainError.self) {
                _ = try await DisputeStore(db: app.db).history.append(to: stale, eventID: UUID(), kind: .commentAdded(DisputeNote(text: "迟到")),
                                                                      baseVersion: nil, by: actor, at: Date())
            }
        }
    }

    @Test("A supervision order's deadline has one colour in the list and on the detail page", arguments: TestDatabase.available)
    func listAndDetailAgreeNearADeadline(db: TestDatabase) async throws {
        // 2026-11-10 16:00 in Shanghai; the order is due 2026-11-15 15:00, 4 days 23 hours away.
        let start = ISO8601DateFormatter().date(from: "2026-11-10T08:00:00Z")!
        let due = ISO8601DateFormatter().date(from: "2026-11-15T07:00:00Z")!
        let clock = TestClock(start)
        try await withApp(db, clock: clock) { app in
            let mediator = try await app.token("mediator")
            let bureau = try await app.token("bureau")
            let id = try await DirectiveFixtures.dispute(app, token: mediator)
            #expect(try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: mediator,
                                      json: DisputeFixtures.event("accepted", base: 1)).status == .created)
            let township = try await app.unit(code: "130427100000")
            let order = try await app.api(.POST, "/api/v1/supervision-orders", token: bureau, json: #"""
                {"disputeId":"\#(id)","assigneeOrgUnitId":"\#(township.id!)","instruction":"限期化解","deadline":"\#(DirectiveFixtures.iso(due))"}
                """#)
            #expect(order.status == .created, "\(order.body.string)")

            func statuses() async throws -> (list: String?, detail: String?, dueSoon: Int) {
                let list = try await app.api(.GET, "/api/v1/disputes", token: mediator)
                let item = list.items.first { $0["id"] as? String == id.uuidString }
                let detail = try await app.api(.GET, "/api/v1/disputes/\(id)", token: mediator).json
                let deadlines = detail["deadlines"] as? [[String: Any]] ?? []
                let supervision = deadlines.first { $0["kind"] as? String == "supervision" }
                let soon = try await app.api(.GET, "/api/v1/disputes?dueSoon=true", token: mediator).total
                return (item?["deadlineStatus"] as? String, (supervision?["status"] as? [String: Any])?["status"] as? String, soon)
            }
            let before = try await statuses()
            #expect(before.list == "ok" && before.detail == "ok" && before.dueSoon == 0, "\(before)")
            clock.set(ISO8601DateFormatter().date(from: "2026-11-10T16:00:00Z")!)  // midnight in Shanghai
            let after = try await statuses()
            #expect(after.list == "warning" && after.detail == "warning" && after.dueSoon == 1, "\(after)")
        }
    }

    @Test("Domain refusals reach the client as 409, 404 and 422", arguments: TestDatabase.available)
    func domainErrorsAreMapped(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("mediator")
            let id = try await DirectiveFixtures.dispute(app, token: token)
            let stale = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: token, json: DisputeFixtures.event("accepted", base: 0))
            #expect(stale.status == .conflict && stale.errorCode == "version_conflict")
            let early = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: token,
                                          json: DisputeFixtures.event("fulfilled", base: 1, payload: #"{"evidence":"已付款","attachmentIds":[]}"#))
            #expect(early.status == .unprocessableEntity && early.errorCode == "invalid_transition", "\(early.status) \(early.body.string)")
            let eventID = UUID()
            #expect(try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: token,
                                      json: DisputeFixtures.event("accepted", base: 1, id: eventID)).status == .created)
            let reused = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: token,
                                           json: DisputeFixtures.event("comment_added", base: 2, id: eventID, payload: #"{"text":"另一事件"}"#))
            #expect(reused.status == .conflict && reused.errorCode == "duplicate_event", "\(reused.body.string)")
            // A resend with a negative version is malformed, refused before the resend is answered (Schemathesis).
            let negative = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: token,
                                             json: DisputeFixtures.event("accepted", base: -1, id: eventID))
            #expect(negative.status == .unprocessableEntity && negative.errorCode == "invalid_version", "\(negative.status) \(negative.body.string)")
            #expect(ErrorShapeMiddleware.classify(DomainError.notFound("纠纷")).0 == .notFound)
        }
    }
}

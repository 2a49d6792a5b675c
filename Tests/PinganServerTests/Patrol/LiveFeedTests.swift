import Fluent
import Foundation
import NIOConcurrencyHelpers
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting
import WebSocketKit

/// The live stream (#9 points 3, 4 and 6): subscribers get the updates of the units they see and
/// nothing else; with two instances on one PostgreSQL, a fix posted to either reaches the
/// subscribers of both.
@Suite("Live updates over WebSocket", .serialized)
struct LiveFeedTests {
    /// Serves `app` on a free loopback port (booting it, so the relay listens) and returns the port.
    static func serve(_ app: Application) async throws -> Int {
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        try await app.asyncBoot()
        try await app.server.start()
        guard let port = app.http.server.shared.localAddress?.port else { throw TestSetupError.other("no port bound") }
        return port
    }

    /// Stops serving, then gives answers still in flight a moment before the databases close.
    static func stop(_ app: Application) async {
        await app.server.shutdown()
        try? await Task.sleep(for: .milliseconds(500))
    }

    /// A subscriber: the messages it got, as JSON objects.
    final class Inbox: @unchecked Sendable {  // its state is behind the lock
        private let state = NIOLockedValueBox<(messages: [[String: Any]], socket: WebSocket?)>(([], nil))
        var messages: [[String: Any]] { state.withLockedValue { $0.messages } }
        func add(_ text: String) {
            guard let m = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return }
            state.withLockedValue { $0.messages.append(m) }
        }
        func attach(_ ws: WebSocket) { state.withLockedValue { $0.socket = ws } }
        func close() async { try? await state.withLockedValue { $0.socket }?.close() }

        /// Waits up to `seconds` for a message matching `match` (30 by default: in a loaded fresh-clone
        /// run an officer's copy of a fix came more than 10 s after the dispatcher's).
        func first(within seconds: Double = 30, _ match: @escaping ([String: Any]) -> Bool) async throws -> [String: Any]? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let m = messages.first(where: match) { return m }
                try await Task.sleep(for: .milliseconds(20))
            }
            // Once more after the deadline: on a starved machine the sleep itself can outlast it,
            // and a message that came meanwhile must still count.
            return messages.first(where: match)
        }
    }

    static func subscribe(_ app: Application, port: Int, token: String) async throws -> Inbox {
        let inbox = Inbox()
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        try await WebSocket.connect(to: "ws://127.0.0.1:\(port)/api/v1/live", headers: headers, on: app.eventLoopGroup) { ws in
            inbox.attach(ws)
            ws.onText { _, text in inbox.add(text) }
        }
        guard try await inbox.first({ $0["type"] as? String == "hello" }) != nil else { throw TestSetupError.other("no hello") }
        return inbox
    }

    static func fixBatch(_ unitID: UUID, at: Date, lat: Double = 36.36) -> String {
        #"{"unitId":"\#(unitID)","fixes":[{"lat":\#(lat),"lon":114.37,"at":"\#(at.formatted(.iso8601))","speed":5}]}"#
    }

    /// Signs the demo officer on to a unit of 城关派出所 and issues a terminal: the unit and its token.
    static func unitOnDuty(_ app: Application) async throws -> (PatrolUnitModel, String) {
        let unit = try await PatrolAPITests.unitOf(app, station: "130427000000-GAJ-PCS01")
        let on = try await app.api(.POST, PatrolRoutes.signOn.link(unit.id!), token: try await app.token("patrol"),
                                   json: #"{"id":"\#(UUID())","at":"\#(Date().addingTimeInterval(-600).formatted(.iso8601))"}"#)
        guard on.status == .created else { throw TestSetupError.other("sign-on: \(on.body.string)") }
        let issued = try await app.api(.POST, PatrolRoutes.issueDevice.link(unit.id!), token: try await app.token("commander"),
                                       json: #"{"kind":"vehicle_terminal"}"#)
        return (unit, try #require(try issued.content.decode(DeviceDTO.self).token))
    }

    @Test("Each subscriber gets the updates of the units it sees, and nothing else", arguments: TestDatabase.available)
    func scoped(db: TestDatabase) async throws {
        // Pings a minute apart: in a loaded fresh-clone run the test's own client, on the process's
        // shared event loops, once missed a 20 s pong and the server closed the dispatcher's stream.
        try await withApp(db, adjust: { $0.livePingSeconds = 60 }) { app in
            let port = try await Self.serve(app)
            let admin = try await app.token("admin")
            let pcs05 = try await app.unit(code: "130427000000-GAJ-PCS05")
            let made = try await app.api(.POST, "/api/v1/users", token: admin, json: #"""
                {"username":"commander05","password":"pingan-demo","displayName":"讲武城所长","role":"station_commander","orgUnitId":"\#(pcs05.id!)"}
                """#)
            #expect(made.status == .created, "\(made.body.string)")
            // Justice gets 404 before any upgrade; a plain GET (no upgrade headers) is told to upgrade.
            #expect(try await app.api(.GET, PatrolRoutes.live.link(), token: try await app.token("bureau")).status == .notFound)
            let plain = try await app.api(.GET, PatrolRoutes.live.link(), token: try await app.token("dispatcher"))
            #expect(plain.status == .upgradeRequired && plain.errorCode == "upgrade_required")

            let dispatcher = try await Self.subscribe(app, port: port, token: try await app.token("dispatcher"))
            let officer = try await Self.subscribe(app, port: port, token: try await app.token("patrol"))
            let elsewhere = try await Self.subscribe(app, port: port, token: try await app.token("commander05"))
            // One hub for all three: a second one (a lost first use of the app's storage) once left
            // the first subscriber hearing nothing.
            #expect(elsewhere.messages.first?["subscribers"] as? Int == 3)

            let (unit, device) = try await Self.unitOnDuty(app)
            let id = unit.id!.uuidString
            func about(_ type: String) -> ([String: Any]) -> Bool { { $0["type"] as? String == type && ($0["unitId"] as? String)?.uppercased() == id } }
            #expect(try await dispatcher.first(within: 30, about("status"))?["status"] as? String == "available")
            #expect(try await officer.first(about("shift"))?["onShift"] as? Bool == true, "the officer's stream follows their own sign-on")

            let posted = try await app.api(.POST, PatrolRoutes.positions.link(), token: device, json: Self.fixBatch(unit.id!, at: Date().addingTimeInterval(-5)))
            #expect(posted.status == .ok, "\(posted.body.string)")
            // Up to 30 s: on a loaded two-core CI machine the stream's delivery once took over 10.
            let seen = try await dispatcher.first(within: 30, about("position"))
            #expect((seen?["position"] as? [String: Any])?["lat"] as? Double == 36.36)
            #expect(try await officer.first(about("position")) != nil)
            // Another station's commander: only the hello, after the others have all had theirs.
            try await Task.sleep(for: .milliseconds(300))
            #expect(elsewhere.messages.map { $0["type"] as? String } == ["hello"])
            for inbox in [dispatcher, officer, elsewhere] { await inbox.close() }
            await Self.stop(app)
        }
    }

    @Test("Two instances on one PostgreSQL each deliver a fix posted to the other",
          .enabled(if: TestDatabase.available.contains(.postgres)))
    func twoInstances() async throws {
        try await withApp(.postgres) { a in
            let portA = try await Self.serve(a)
            let b = try await Application.make(.testing)
            b.logger.logLevel = .warning
            do {
                try await configure(b, settings: a.settings)
                let portB = try await Self.serve(b)
                let onA = try await Self.subscribe(a, port: portA, token: try await a.token("dispatcher"))
                let onB = try await Self.subscribe(b, port: portB, token: try await b.token("dispatcher"))
                let (unit, device) = try await Self.unitOnDuty(a)
                let id = unit.id!.uuidString
                func position(lat: Double) -> ([String: Any]) -> Bool {
                    { $0["type"] as? String == "position" && ($0["unitId"] as? String)?.uppercased() == id
                        && ($0["position"] as? [String: Any])?["lat"] as? Double == lat }
                }
                // Posted to A, seen on B's stream, and B's unit answer starts from it.
                let first = try await a.api(.POST, PatrolRoutes.positions.link(), token: device, json: Self.fixBatch(unit.id!, at: Date().addingTimeInterval(-20), lat: 36.361))
                #expect(first.status == .ok)
                #expect(try await onB.first(position(lat: 36.361)) != nil, "B's subscriber got A's fix")
                #expect(try await onA.first(position(lat: 36.361)) != nil)
                let shown = try await b.api(.GET, PatrolRoutes.unit.link(unit.id!), token: try await b.token("dispatcher")).content.decode(PatrolUnitDTO.self)
                #expect(shown.position?.lat == 36.361)
                // Posted to B, seen on A's stream, exactly once.
                let second = try await b.api(.POST, PatrolRoutes.positions.link(), token: device, json: Self.fixBatch(unit.id!, at: Date().addingTimeInterval(-10), lat: 36.362))
                #expect(second.status == .ok)
                #expect(try await onA.first(position(lat: 36.362)) != nil, "A's subscriber got B's fix")
                #expect(try await onB.first(position(lat: 36.362)) != nil)
                try await Task.sleep(for: .milliseconds(300))
                #expect(onA.messages.filter(position(lat: 36.362)).count == 1 && onB.messages.filter(position(lat: 36.362)).count == 1)
                await onA.close(); await onB.close()
                await Self.stop(b)
                try await b.asyncShutdown()
                await Self.stop(a)
            } catch {
                await b.server.shutdown()
                try? await b.asyncShutdown()
                throw error
            }
        }
    }
}

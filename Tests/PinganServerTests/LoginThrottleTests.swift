import Fluent
import Foundation
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// The login throttle behind a proxy (issue #13, point 6): it keys on the client's address, which
/// only a configured trusted proxy may name in `X-Forwarded-For`, and its counts are in the
/// database so every instance shares them.
@Suite("Login throttle behind proxies")
struct LoginThrottleTests {
    static let trusted = TrustedProxies(parsing: "127.0.0.1, 10.0.0.0/8, fd00::/8")!

    @Test("The client address is the peer, or the right-most untrusted hop a trusted proxy names")
    func resolve() {
        func client(_ peer: String?, _ xff: [String]) -> String? { ClientAddress.resolve(peer: peer, forwardedFor: xff, trusted: Self.trusted) }
        // An untrusted peer's header is ignored, whatever it says.
        #expect(client("198.51.100.7", ["203.0.113.5"]) == "198.51.100.7")
        #expect(client("198.51.100.7", []) == "198.51.100.7")
        // A trusted proxy names the client; a forged left part (written by the client) is skipped.
        #expect(client("127.0.0.1", ["203.0.113.5"]) == "203.0.113.5")
        #expect(client("127.0.0.1", ["9.9.9.9, 203.0.113.5"]) == "203.0.113.5")
        #expect(client("127.0.0.1", ["9.9.9.9", "203.0.113.5"]) == "203.0.113.5")
        // Two trusted proxies in a row (load balancer then nginx): both hops are skipped.
        #expect(client("127.0.0.1", ["9.9.9.9, 203.0.113.5, 10.1.2.3"]) == "203.0.113.5")
        // A trusted proxy without the header is itself the client; garbage stops at the proxy.
        #expect(client("127.0.0.1", []) == "127.0.0.1")
        #expect(client("127.0.0.1", ["not-an-address"]) == "127.0.0.1")
        // IPv6, and IPv4 seen through a dual-stack socket.
        #expect(client("fd00::1", ["2001:db8::9"]) == "2001:db8::9")
        #expect(client("::ffff:127.0.0.1", ["203.0.113.5"]) == "203.0.113.5")
        #expect(client("fe80::1", ["203.0.113.5"]) == "fe80::1")
        #expect(client(nil, ["203.0.113.5"]) == nil)
    }

    @Test("Address blocks match by prefix; the setting names every bad entry")
    func ranges() throws {
        let block = try #require(IPRange("10.0.0.0/8"))
        #expect(block.contains(IPAddress("10.255.0.1")!) && !block.contains(IPAddress("11.0.0.1")!))
        #expect(try #require(IPRange("192.168.1.0/23")).contains(IPAddress("192.168.0.9")!))
        #expect(!(try #require(IPRange("192.168.1.0/24")).contains(IPAddress("192.168.0.9")!)))
        #expect(try #require(IPRange("0.0.0.0/0")).contains(IPAddress("8.8.8.8")!))
        #expect(!(try #require(IPRange("0.0.0.0/0")).contains(IPAddress("::1")!)))
        #expect(IPRange("10.0.0.0/33") == nil && IPRange("10.0.0/8") == nil && IPRange("host.example") == nil)
        #expect(TrustedProxies(parsing: "")?.ranges.isEmpty == true)
        #expect(try Settings.fromEnvironment([:]).trustedProxies.ranges.isEmpty)
        #expect(try Settings.fromEnvironment(["PINGAN_TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/8"]).trustedProxies.ranges.count == 2)
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["PINGAN_TRUSTED_PROXIES": "127.0.0.1,nginx"]) }
    }

    @Test("Through the real server: a spoofed X-Forwarded-For from an untrusted peer does not change the key; from a trusted proxy it does",
          arguments: TestDatabase.available)
    func forwardedFor(db: TestDatabase) async throws {
        // No trusted proxy: the peer (127.0.0.1) is the key whatever the header claims.
        try await withApp(db, clock: TestClock(Date(timeIntervalSince1970: 1_790_000_000))) { app in
            let server = try Self.live(app)
            for i in 0..<5 {
                #expect(try await Self.login(server, "judicial", "bad-password", forwardedFor: "203.0.113.\(i)").status == .unauthorized)
            }
            let spoofed = try await Self.login(server, "judicial", DemoOrgSeed.password, forwardedFor: "198.51.100.99")
            #expect(spoofed.status == .tooManyRequests, "a new forged address must not reset the count")
            let keys = try await LoginFailureModel.query(on: app.db).all().map(\.key)
            #expect(keys == Array(repeating: "judicial|127.0.0.1", count: 5))
        }
        // 127.0.0.1 trusted: the client it names is the key, and the client's own forged part is not.
        try await withApp(db, clock: TestClock(Date(timeIntervalSince1970: 1_790_000_000)),
                          adjust: { $0.trustedProxies = TrustedProxies(parsing: "127.0.0.1")! }) { app in
            let server = try Self.live(app)
            for i in 0..<5 {
                let r = try await Self.login(server, "judicial", "bad-password", forwardedFor: "9.9.9.\(i), 203.0.113.5")
                #expect(r.status == .unauthorized)
            }
            #expect(try await Self.login(server, "judicial", DemoOrgSeed.password, forwardedFor: "203.0.113.5").status == .tooManyRequests)
            #expect(try await Self.login(server, "judicial", DemoOrgSeed.password, forwardedFor: "8.8.8.8, 203.0.113.5").status == .tooManyRequests)
            // Another client behind the same proxy is not locked out.
            #expect(try await Self.login(server, "judicial", DemoOrgSeed.password, forwardedFor: "203.0.113.6").status == .ok)
            let keys = Set(try await LoginFailureModel.query(on: app.db).all().map(\.key))
            #expect(keys == ["judicial|203.0.113.5"])
        }
    }

    @Test("Two instances on one database share the count: failures on one lock the login on the other", arguments: TestDatabase.available)
    func sharedAcrossInstances(db: TestDatabase) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_790_000_000))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("throttle-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        try await withApp(db, clock: clock, adjust: { if db == .sqlite { $0.database = .sqlite(path: file) } }) { a in
            let b = try await Application.make(.testing)
            b.logger.logLevel = .warning
            do {
                try await configure(b, settings: a.settings)
                b.clock = AppClock { clock.now }
                for _ in 0..<5 {
                    #expect(try await a.api(.POST, "/api/v1/auth/login", token: nil, json: #"{"username":"judicial","password":"wrong-password"}"#).status == .unauthorized)
                }
                let onB = try await b.api(.POST, "/api/v1/auth/login", token: nil, json: #"{"username":"judicial","password":"\#(DemoOrgSeed.password)"}"#)
                #expect(onB.status == .tooManyRequests && onB.errorCode == "too_many_attempts")
                // After the pause B lets the user in, and its success clears the count for A too.
                clock.advance(301)
                _ = try await b.token("judicial")
                #expect(try await LoginFailureModel.query(on: a.db).count() == 0)
                try await b.asyncShutdown()
            } catch {
                try? await b.asyncShutdown()
                throw error
            }
        }
    }

    /// The app served on a free loopback port, so requests have a real peer address.
    static func live(_ app: Application) throws -> any TestingApplicationTester {
        try app.testing(method: .running(hostname: "127.0.0.1", port: Int.random(in: 41_000...49_000)))
    }

    static func login(_ server: any TestingApplicationTester, _ user: String, _ password: String, forwardedFor: String) async throws -> TestingHTTPResponse {
        try await server.sendRequest(.POST, "/api/v1/auth/login", headers: ["Content-Type": "application/json", "X-Forwarded-For": forwardedFor],
                                     body: ByteBuffer(string: #"{"username":"\#(user)","password":"\#(password)"}"#))
    }
}

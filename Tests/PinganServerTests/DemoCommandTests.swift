import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Acceptance 1 of the foundation, end to end: the real `pingan demo` binary on a fresh SQLite
/// file serves the demo, and a second run duplicates nothing.
@Suite("pingan demo", .serialized)
struct DemoCommandTests {
    static var binary: URL {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir.appendingPathComponent("pingan"), dir.deletingLastPathComponent().appendingPathComponent("pingan")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root.appendingPathComponent(".build/debug/pingan")
    }

    /// Below Linux's ephemeral range (32768–60999), so no outgoing connection of a parallel test
    /// holds it; another listener still might, so `startDemo` tries again on another port.
    static func freePort() -> Int { Int.random(in: 20_000...32_000) }

    struct Server {
        let process: Process
        let port: Int
        let log: URL
        func stop() {
            process.interrupt()
            process.waitUntilExit()
        }
    }

    static func startDemo(sqlite: String) async throws -> Server {
        for attempt in 1...3 {
            do {
                return try await startDemo(sqlite: sqlite, port: freePort())
            } catch DemoError.didNotStart(let log) where log.contains("Address already in use") && attempt < 3 {
                continue
            }
        }
        throw DemoError.didNotStart("no free port")
    }

    static func startDemo(sqlite: String, port: Int) async throws -> Server {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-demo-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let p = Process()
        p.executableURL = binary
        p.arguments = ["demo", "--port", String(port)]
        var env = ProcessInfo.processInfo.environment
        env["PINGAN_SQLITE_PATH"] = sqlite
        env["DATABASE_URL"] = nil
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        p.currentDirectoryURL = root
        p.environment = env
        let handle = try FileHandle(forWritingTo: log)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        // Seeding hashes ten demo passwords at full bcrypt cost: allow it a while.
        for _ in 0..<240 {
            if let (_, code) = try? await get(port, "/healthz"), code == 200 { return Server(process: p, port: port, log: log) }
            if !p.isRunning { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        p.terminate()
        throw DemoError.didNotStart(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))
    }

    enum DemoError: Error { case didNotStart(String) }

    static func get(_ port: Int, _ path: String, token: String? = nil) async throws -> (Data, Int) {
        var req = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if let token { req.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, res) = try await URLSession.shared.data(for: req)
        return (data, (res as! HTTPURLResponse).statusCode)
    }

    static func counts(_ port: Int) async throws -> [String: Int] {
        var req = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/auth/login")!)
        req.httpMethod = "POST"
        req.setValue("application/json", forHTTPHeaderField: "Content-Type")
        req.httpBody = Data(#"{"username":"admin","password":"pingan-demo"}"#.utf8)
        let (data, _) = try await URLSession.shared.data(for: req)
        let token = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["token"] as? String)
        var out: [String: Int] = [:]
        for kind in ["township", "village", "community", "department", "police_station", "patrol_grid"] {
            let (body, code) = try await get(port, "/api/v1/org-units?kind=\(kind)&limit=1", token: token)
            #expect(code == 200)
            out[kind] = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["total"] as? Int
        }
        let (users, _) = try await get(port, "/api/v1/users?limit=1", token: token)
        out["users"] = (try JSONSerialization.jsonObject(with: users) as? [String: Any])?["total"] as? Int
        return out
    }

    @Test("serves the demo on a fresh database, and a second run adds nothing")
    func demoServes() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-demo-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlite = dir.appendingPathComponent("pingan.sqlite").path

        let first = try await Self.startDemo(sqlite: sqlite)
        let (health, code) = try await Self.get(first.port, "/healthz")
        #expect(code == 200)
        #expect(String(decoding: health, as: UTF8.self).contains("sqlite"))
        let c1 = try await Self.counts(first.port)
        first.stop()
        #expect(c1["township"] == 11)
        #expect((c1["village"] ?? 0) + (c1["community"] ?? 0) == 259)
        #expect(c1["department"] == 37)
        #expect(c1["police_station"] == 13)
        #expect(c1["patrol_grid"] == 20)
        // The eleven demo accounts, lawyer2…lawyer6 (LawyerSeed) and the past year's 216 patrol officers (DemoPoliceYearSeed).
        #expect(c1["users"] == 11 + 5 + 216)
        #expect(FileManager.default.fileExists(atPath: sqlite))

        let second = try await Self.startDemo(sqlite: sqlite)
        let c2 = try await Self.counts(second.port)
        second.stop()
        #expect(c2 == c1)
    }
}

import Foundation
import Testing

/// The console commands a county's administrator uses, run as the real binary on a fresh file.
@Suite("pingan commands", .serialized)
struct CommandLineTests {
    struct Run {
        var code: Int32
        var output: String
    }

    /// Runs the binary on a thread of its own: a `demo --no-serve` takes long, and waiting for it on
    /// one of Swift's cooperative threads (two on CI's two cores) stalled every other test meanwhile.
    static func pingan(_ args: [String], sqlite: String, stdin: String? = nil) async throws -> Run {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Run, any Error>) in
            Thread { done.resume(with: Result { try blockingPingan(args, sqlite: sqlite, stdin: stdin) }) }.start()
        }
    }

    static func blockingPingan(_ args: [String], sqlite: String, stdin: String? = nil) throws -> Run {
        let p = Process()
        p.executableURL = DemoCommandTests.binary
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["PINGAN_SQLITE_PATH"] = sqlite
        env["DATABASE_URL"] = nil
        env["LOG_LEVEL"] = "warning"
        p.environment = env
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        p.currentDirectoryURL = root
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(code: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    @Test("migrate, users, import org and import boundary work and refuse bad input with one clear line")
    func commands() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-cli-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("p.sqlite").path

        #expect(try await Self.pingan(["migrate"], sqlite: db).code == 0)
        let seeded = try await Self.pingan(["demo", "--no-serve"], sqlite: db)
        #expect(seeded.code == 0, "\(seeded.output)")

        let add = try await Self.pingan(["users", "add", "huang", "--role", "mediator", "--unit", "130427108201-TWH", "--name", "黄调解",
                                   "--password", "pingan-demo-2"], sqlite: db)
        #expect(add.code == 0, "\(add.output)")
        let list = try await Self.pingan(["users", "list"], sqlite: db)
        #expect(list.output.contains("huang") && list.output.contains("mediator") && list.output.contains("个账号"))
        let badRole = try await Self.pingan(["users", "add", "x1", "--role", "mediator", "--unit", "130427000000-GAJ-PCS01", "--password", "pingan-demo"], sqlite: db)
        #expect(badRole.code != 0)
        #expect(badRole.output.contains("pingan:") && badRole.output.split(separator: "\n").count <= 3)
        #expect(try await Self.pingan(["users", "passwd", "huang", "--password", "another-pass"], sqlite: db).code == 0)

        let csv = dir.appendingPathComponent("areas.csv")
        try "code,name,kind,parent_code\n130427108201-P1,一片,area,130427108201\n130427108201-P2,\"二片, 东\",area,130427108201\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let imported = try await Self.pingan(["import", "org", csv.path], sqlite: db)
        #expect(imported.code == 0 && imported.output.contains("新增 2"), "\(imported.output)")
        let again = try await Self.pingan(["import", "org", csv.path], sqlite: db)
        #expect(again.output.contains("新增 0"), "\(again.output)")

        let bad = dir.appendingPathComponent("bad.csv")
        try "code,name,kind,parent_code\nX,坏,castle,130427108201\nY,无上级,area,NOPE\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try await Self.pingan(["import", "org", bad.path], sqlite: db)
        #expect(refused.code != 0 && refused.output.contains("第 2 行"), "\(refused.output)")

        let geo = dir.appendingPathComponent("grid.geojson")
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"130427108000"},"geometry":{"type":"Polygon","coordinates":[[[114.0,36.4],[114.1,36.4],[114.1,36.5],[114.0,36.4]]]}}]}"#
            .write(to: geo, atomically: true, encoding: .utf8)
        let boundary = try await Self.pingan(["import", "boundary", geo.path], sqlite: db)
        #expect(boundary.code == 0 && boundary.output.contains("1"), "\(boundary.output)")
        let notGeo = dir.appendingPathComponent("x.geojson")
        try "{\"type\":\"Topology\"}".write(to: notGeo, atomically: true, encoding: .utf8)
        #expect(try await Self.pingan(["import", "boundary", notGeo.path], sqlite: db).code != 0)
        #expect(try await Self.pingan(["import", "org", dir.appendingPathComponent("missing.csv").path], sqlite: db).code != 0)

        let reverted = try await Self.pingan(["migrate", "--revert"], sqlite: db)
        #expect(reverted.code == 0, "\(reverted.output)")
    }
}

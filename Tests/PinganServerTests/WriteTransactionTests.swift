import Fluent
import Foundation
@testable import PinganServer
@testable import ServerCore
import SQLKit
import Testing
import Vapor

/// Transactions that read and then write, from several connections at once: on an SQLite file a
/// deferred transaction failed with SQLITE_BUSY when another had written since its read (found by
/// the API fuzzer as a 500 on deciding a discussion; 43 of 120 concurrent decides failed by hand).
@Suite("Write transactions under concurrency")
struct WriteTransactionTests {
    @Test("On an SQLite file, 20 concurrent read-then-write transactions over both connections all commit")
    func readThenWrite() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-tx-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try await withApp(.sqlite, seed: false, adjust: { $0.database = .sqlite(path: dir.appendingPathComponent("tx.sqlite").path) }) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("CREATE TABLE scratch (n INTEGER NOT NULL, seen INTEGER NOT NULL)").run()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<20 {
                    group.addTask {
                        // Each task on the next event loop's connection: the two connections interleave.
                        let db = try #require(app.databases.database(logger: app.logger, on: app.eventLoopGroup.next()))
                        try await db.writeTransaction { tx in
                            let tsql = tx as! any SQLDatabase
                            let seen = try await tsql.raw("SELECT count(*) AS c FROM scratch").first()?.decode(column: "c", as: Int.self) ?? -1
                            await Task.yield()
                            try await tsql.raw("INSERT INTO scratch (n, seen) VALUES (\(bind: i), \(bind: seen))").run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await sql.raw("SELECT n, seen FROM scratch ORDER BY seen").all()
            #expect(rows.count == 20)
            // Serialised: each transaction saw exactly the rows committed before it.
            #expect(try rows.map { try $0.decode(column: "seen", as: Int.self) } == Array(0..<20))
        }
    }
}

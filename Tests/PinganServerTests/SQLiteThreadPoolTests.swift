import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
@testable import PinganServer
@testable import ServerCore
import SQLKit
import Testing
import Vapor

/// A CI run once stalled until its time ran out: SQLiteNIO waits for another connection's lock by
/// retrying on its thread, and every application in the process shared one thread per core. These
/// are the conditions of that stall, one application per core, each with a connection waiting
/// for its other connection's open transaction; every transaction must still finish.
@Suite("SQLite connections wait for a lock without stopping other applications' databases")
struct SQLiteThreadPoolTests {
    @Test("Each application has its own thread pool, a thread for every connection and two more")
    func ownPool() async throws {
        try await Self.withFileApp { app in
            let loops = Array(app.eventLoopGroup.makeIterator()).count
            #expect(app.databases.threadPool === app.threadPool)
            #expect(app.threadPool !== NIOSingletons.posixBlockingThreadPool)
            // Starts one task per thread and counts how many run at once.
            let running = NIOLockedValueBox((now: 0, most: 0))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<(loops + 2) {
                    group.addTask {
                        try await app.threadPool.runIfActive {
                            running.withLockedValue { $0.now += 1; $0.most = max($0.most, $0.now) }
                            usleep(200_000)
                            running.withLockedValue { $0.now -= 1 }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(running.withLockedValue { $0.most } == loops + 2)
        }
    }

    @Test("One application per core, each with a writer waiting for its other connection's transaction: all commit")
    func waitersDoNotStall() async throws {
        let apps = max(2, System.coreCount)
        // Unstructured tasks and a deadline: a stall fails this test instead of never ending the run.
        let outcome = NIOLockedValueBox((done: 0, failures: [String](), answered: false))
        let finished: Int = await withCheckedContinuation { (answer: CheckedContinuation<Int, Never>) in
            @Sendable func report(_ change: (inout (done: Int, failures: [String], answered: Bool)) -> Void) {
                let resume: Int? = outcome.withLockedValue { o in
                    change(&o)
                    guard !o.answered, o.done + o.failures.count == apps else { return nil }
                    o.answered = true
                    return o.done
                }
                if let resume { answer.resume(returning: resume) }
            }
            for _ in 0..<apps {
                Task {
                    do {
                        let ordered = try await Self.withFileApp { app in try await Self.holdAndWait(app) }
                        report { if ordered { $0.done += 1 } else { $0.failures.append("rows out of order") } }
                    } catch {
                        report { $0.failures.append("\(error)") }
                    }
                }
            }
            Task {
                try? await Task.sleep(for: .seconds(60))
                let resume: Int? = outcome.withLockedValue { o in
                    guard !o.answered else { return nil }
                    o.answered = true
                    return o.done
                }
                if let resume { answer.resume(returning: resume) }
            }
        }
        #expect(outcome.withLockedValue { $0.failures }.isEmpty)
        #expect(finished == apps, "every application's transaction and its waiter finished, in order, within 60 s")
    }

    /// One connection holds the write lock while the other's insert waits for it; then the holder
    /// writes and commits. True when both rows are there, the holder's first.
    static func holdAndWait(_ app: Application) async throws -> Bool {
        let loops = Array(app.eventLoopGroup.makeIterator())
        try #require(loops.count >= 2, "two event loops give two connections")
        let holder = try #require(app.databases.database(logger: app.logger, on: loops[0]) as? any SQLDatabase)
        let waiter = try #require(app.databases.database(logger: app.logger, on: loops[1]) as? any SQLDatabase)
        try await holder.raw("CREATE TABLE lock_probe (who TEXT)").run()
        try await holder.raw("BEGIN IMMEDIATE").run()
        // The waiter's insert meets the write lock and retries on its thread.
        let waiting = Task { try await waiter.raw("INSERT INTO lock_probe VALUES ('waiter')").run() }
        try await Task.sleep(for: .milliseconds(300))
        // The holder's next statements need a thread of the same pool.
        try await holder.raw("INSERT INTO lock_probe VALUES ('holder')").run()
        try await holder.raw("COMMIT").run()
        try await waiting.value
        let rows = try await holder.raw("SELECT who FROM lock_probe ORDER BY rowid").all()
        return try rows.map { try $0.decode(column: "who", as: String.self) } == ["holder", "waiter"]
    }

    /// An application on an SQLite file of its own, as the server and the browser tests run.
    static func withFileApp<T: Sendable>(_ body: (Application) async throws -> T) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-pool-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, settings: Settings(database: .sqlite(path: dir.appendingPathComponent("p.sqlite").path), bcryptCost: 4))
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

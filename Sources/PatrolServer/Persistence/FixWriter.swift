import Fluent
import Foundation
import PatrolDomain
import ServerCore
import Vapor

/// Group commit for tracks. Every device's batch of this instance is written here, one transaction
/// at a time: the batches that arrive while a transaction commits wait and go into the next one
/// together. So a hundred devices pay one commit (one WAL sync on SQLite) instead of a hundred,
/// SQLite's single writer never queues on its own lock, and still each answer comes only after
/// the transaction holding its batch committed.
package actor FixWriter {
    /// One device batch, already checked against the fix rules and the unit's shifts.
    package typealias Batch = FixStore.Batch

    private struct Waiting {
        let batch: Batch
        let done: CheckedContinuation<FixStore.Appended, any Error>
    }

    /// A transaction holds at most this many batches (40,000 fixes at the largest batch), so one
    /// commit never makes the batches behind it wait long.
    package static let maxGroup = 80

    private let db: any Database
    /// The SQLite file, when the database is one: the writer then uses a connection of its own.
    private let sqliteFile: String?
    private let logger: Logger
    private var own: SQLiteTrackConnection?
    private var closed = false
    private var waiting: [Waiting] = []
    private var writing = false
    /// Transactions committed (a test reads it to see batches share them).
    package private(set) var commits = 0
    /// Batches waiting for the next transaction (the queue depth `/metrics` shows).
    package var queued: Int { waiting.count }

    package init(db: any Database, sqliteFile: String? = nil, logger: Logger = Logger(label: "pingan.tracks")) {
        self.db = db; self.sqliteFile = sqliteFile; self.logger = logger
    }

    /// Closes the writer's own connection (at shutdown, after the batches in flight).
    package func close() async {
        closed = true
        while writing { await Task.yield() }
        await own?.close()
        own = nil
    }

    /// Stores `batch` and returns what was new, once the transaction holding it committed.
    package func append(_ batch: Batch) async throws -> FixStore.Appended {
        try await withCheckedThrowingContinuation { done in
            waiting.append(Waiting(batch: batch, done: done))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            let group = Array(waiting.prefix(Self.maxGroup))
            waiting.removeFirst(group.count)
            await commit(group)
        }
        writing = false
    }

    private func commit(_ group: [Waiting]) async {
        let batches = group.map(\.batch)
        do {
            let results: [FixStore.Appended]
            if let sqliteFile, !closed {
                if own == nil { own = try await SQLiteTrackConnection.open(path: sqliteFile, logger: logger) }
                results = try await own!.transaction { store in try await store.append(batches) }
            } else {
                results = try await db.writeTransaction { tx in try await FixStore(db: tx).append(batches) }
            }
            commits += 1
            for (w, r) in zip(group, results) { w.done.resume(returning: r) }
        } catch {
            guard group.count > 1 else { group[0].done.resume(throwing: error); return }
            // One batch's fault must not fail the others it was grouped with: each again alone.
            for w in group { await commit([w]) }
        }
    }
}

extension Application {
    private struct FixWriterKey: StorageKey { typealias Value = FixWriter }

    /// The app's one writer of tracks (made when the patrol wing boots, before any request).
    package var fixWriter: FixWriter {
        sharedService(FixWriterKey.self) {
            var file: String?
            if case .sqlite(let path) = settings.database, path != ":memory:" { file = AppSetup.sqliteURL(path).path }
            return FixWriter(db: db, sqliteFile: file, logger: logger)
        }
    }
}

/// Closes the track writer's own connection when the app shuts down.
struct FixWriterLifecycle: LifecycleHandler {
    func shutdownAsync(_ app: Application) async { await app.fixWriter.close() }
}

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
    private var waiting: [Waiting] = []
    private var writing = false
    /// Transactions committed and batches they held: how well batches are grouped (`/metrics`-style
    /// figures for the benchmark).
    package private(set) var commits = 0
    package private(set) var batches = 0

    package init(db: any Database) { self.db = db }

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
            let results = try await db.writeTransaction { tx in try await FixStore(db: tx).append(batches) }
            commits += 1
            self.batches += group.count
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
        if let writer = storage[FixWriterKey.self] { return writer }
        let writer = FixWriter(db: db)
        storage[FixWriterKey.self] = writer
        return writer
    }
}

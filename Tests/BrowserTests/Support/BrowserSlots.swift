import Foundation

/// How many browser tests run at once (`PINGAN_BROWSER_SLOTS`, default 3). Swift Testing runs the
/// ~20 browser suites in parallel; on CI's 2 cores that was up to 20 Chromiums and live servers at
/// once, and pages that load in 2 s alone took over 30 (four command-map tests timed out in one
/// run). A test waits for a slot before its server and browser start, so the times it measures are
/// its own; the rest of the suite goes on meanwhile.
actor BrowserSlots {
    static let shared = BrowserSlots(count: max(1, Int(ProcessInfo.processInfo.environment["PINGAN_BROWSER_SLOTS"] ?? "") ?? 3))

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }

    /// Runs `body` holding a slot.
    nonisolated func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }
}

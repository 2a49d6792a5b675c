import Foundation
import PatrolDomain
import Vapor

/// The latest position of every unit, held in memory (P3): the command map reads it on every
/// update, so it is never a database query. Only a newer fix moves a unit (`LivePosition.advanced`).
package actor LivePositionBook {
    private var positions: [UUID: LivePosition] = [:]
    /// Units whose track was read for a start position (found or not), so it is read once.
    private var loaded = Set<UUID>()

    package func position(of unit: UUID) -> LivePosition? { positions[unit] }

    /// The live positions of `units`; those not yet in memory (since the server started) are read
    /// from their tracks once and kept.
    package func positions(of units: [UUID], loadingFrom store: FixStore) async throws -> [UUID: LivePosition] {
        let missing = units.filter { positions[$0] == nil && !loaded.contains($0) }
        if !missing.isEmpty {
            let found = try await store.latest(units: missing)
            for (unit, p) in found { advance(unit, to: p) }
            loaded.formUnion(missing)
        }
        let wanted = Set(units)
        return positions.filter { wanted.contains($0.key) }
    }

    /// Moves `unit` to `candidate` if it is newer; true when the live position changed.
    @discardableResult
    package func advance(_ unit: UUID, to candidate: LivePosition) -> Bool {
        let before = positions[unit]
        let after = LivePosition.advanced(before, by: candidate.fix, flags: candidate.flags)
        positions[unit] = after
        return after != before
    }

    package init() {}
}

extension Application {
    private struct LivePositionBookKey: StorageKey { typealias Value = LivePositionBook }

    /// The app's one book of live positions.
    package var livePositions: LivePositionBook {
        sharedService(LivePositionBookKey.self) { LivePositionBook() }
    }
}

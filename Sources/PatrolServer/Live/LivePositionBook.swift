import Foundation
import PatrolDomain
import Vapor

/// The latest position of every unit, held in memory (P3): the command map reads it on every
/// update, so it is never a database query. Only a newer fix moves a unit (`LivePosition.advanced`).
package actor LivePositionBook {
    private var positions: [UUID: LivePosition] = [:]

    package func position(of unit: UUID) -> LivePosition? { positions[unit] }

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
        if let book = storage[LivePositionBookKey.self] { return book }
        let book = LivePositionBook()
        storage[LivePositionBookKey.self] = book
        return book
    }
}

import Foundation
import Vapor

/// One update on the live stream (`/api/v1/live`): a unit moved, changed status, or an officer
/// signed on or off it. The same JSON goes to subscribers and, on PostgreSQL, through NOTIFY to
/// the other instances; `stationPath` lets each instance pick the subscribers in scope.
package struct LiveEvent: Content {
    package enum Kind: String, Codable, Sendable { case position, status, shift }
    package var type: Kind
    package var unitId: UUID
    package var stationPath: String
    package var position: PositionDTO?
    package var status: String?
    package var statusLabel: String?
    package var statusColour: String?
    /// For a shift: the officer, and whether they are now on it.
    package var officerId: UUID?
    package var onShift: Bool?
    /// When the server accepted what the event reports: subscribers measure their delay from it.
    package var sentAt: Date
    /// The instance that published it, so an instance skips its own NOTIFY.
    package var origin: String

    package static func position(_ unit: PatrolUnitModel, _ p: PositionDTO, origin: String, at: Date) -> LiveEvent {
        position(unit: unit.id!, stationPath: unit.stationPath, p, origin: origin, at: at)
    }

    package static func position(unit: UUID, stationPath: String, _ p: PositionDTO, origin: String, at: Date) -> LiveEvent {
        LiveEvent(type: .position, unitId: unit, stationPath: stationPath, position: p, sentAt: at, origin: origin)
    }

    package static func status(_ unit: PatrolUnitModel, origin: String, at: Date) -> LiveEvent {
        let dto = PatrolUnitDTO(unit, names: [:], position: nil, now: at)
        return LiveEvent(type: .status, unitId: unit.id!, stationPath: unit.stationPath, status: dto.status, statusLabel: dto.statusLabel,
                         statusColour: dto.statusColour, sentAt: at, origin: origin)
    }

    package static func shift(_ unit: PatrolUnitModel, officer: UUID, onShift: Bool, origin: String, at: Date) -> LiveEvent {
        LiveEvent(type: .shift, unitId: unit.id!, stationPath: unit.stationPath, officerId: officer, onShift: onShift, sentAt: at, origin: origin)
    }

    package init(type: Kind, unitId: UUID, stationPath: String, position: PositionDTO? = nil, status: String? = nil,
                 statusLabel: String? = nil, statusColour: String? = nil, officerId: UUID? = nil, onShift: Bool? = nil,
                 sentAt: Date, origin: String) {
        self.type = type; self.unitId = unitId; self.stationPath = stationPath; self.position = position; self.status = status
        self.statusLabel = statusLabel; self.statusColour = statusColour; self.officerId = officerId; self.onShift = onShift
        self.sentAt = sentAt; self.origin = origin
    }
}

import Foundation
import PatrolDomain
import PinganDomain
import Vapor

/// A unit as lists and the map show it: what it is, where it belongs, its status in words and
/// colour, and its live position (greyed when stale).
package struct PatrolUnitDTO: Content {
    package var id: UUID
    package var callSign: String
    package var kind: String
    package var kindLabel: String
    package var status: String
    package var statusLabel: String
    package var statusColour: String
    package var stationOrgUnitId: UUID
    package var stationName: String
    package var homeGridOrgUnitId: UUID?
    package var homeGridName: String?
    package var capabilities: [String]
    package var moves: Bool
    package var position: PositionDTO?
    /// No fix for `LivePosition.staleAfter`: the map greys the unit and dispatch leaves it out.
    package var stale: Bool

    package init(_ m: PatrolUnitModel, names: [UUID: String], position: LivePosition?, now: Date) {
        let kind = m.unitKind, status = PatrolUnitStatus(rawValue: m.status) ?? .offDuty
        id = m.id!
        callSign = m.callSign
        self.kind = m.kind
        kindLabel = kind?.label ?? m.kind
        self.status = status.rawValue
        statusLabel = status.label
        statusColour = status.colour
        stationOrgUnitId = m.stationOrgUnitID
        stationName = names[m.stationOrgUnitID] ?? ""
        homeGridOrgUnitId = m.homeGridOrgUnitID
        homeGridName = m.homeGridOrgUnitID.flatMap { names[$0] }
        capabilities = m.capabilities.split(separator: ",").map(String.init)
        moves = kind?.moves ?? true
        self.position = position.map(PositionDTO.init)
        stale = position.map { $0.isStale(at: now, after: LivePosition.staleAfter) } ?? true
    }
}

/// One fix as the API shows it, with its flags by name.
package struct PositionDTO: Content {
    package var lat: Double
    package var lon: Double
    package var at: Date
    package var speed: Double?
    package var heading: Double?
    package var accuracy: Double?
    package var flags: [String]

    package init(_ p: LivePosition) { self.init(fix: p.fix, flags: p.flags) }

    /// Back to the domain's live position (flags by name), as a relayed event carries it.
    package var livePosition: LivePosition {
        LivePosition(fix: Fix(lat: lat, lon: lon, at: at, speed: speed, heading: heading, accuracy: accuracy),
                     flags: FixFlags(FixFlags.codes.filter { flags.contains($0.1) }.map(\.0)))
    }
    package init(fix f: Fix, flags: FixFlags) {
        lat = f.lat; lon = f.lon; at = f.at; speed = f.speed; heading = f.heading; accuracy = f.accuracy; self.flags = flags.names
    }
}

package struct StatusChangeRequest: Content {
    /// Made by the phone, so a tap resent from its queue is one change.
    package var id: UUID
    package var status: PatrolUnitStatus
    /// When it was tapped (the phone's clock); now when absent.
    package var at: Date?
}

package struct SignOnRequest: Content {
    package var id: UUID
    package var at: Date?
}

package struct SignOffRequest: Content {
    /// The shift being ended (the phone got it at sign-on): a resend then answers that shift.
    package var shiftId: UUID
    package var at: Date?
}

package struct ShiftDTO: Content {
    package var id: UUID
    package var unitId: UUID
    package var officerId: UUID
    package var signedOnAt: Date
    package var signedOffAt: Date?
    package init(_ m: PatrolShiftModel) {
        id = m.id!; unitId = m.unitID; officerId = m.officerID; signedOnAt = m.signedOnAt; signedOffAt = m.signedOffAt
    }
}

package struct IssueDeviceRequest: Content {
    package var kind: PatrolDeviceKind
}

package struct DeviceDTO: Content {
    package var id: UUID
    package var unitId: UUID
    package var kind: String
    package var kindLabel: String
    package var issuedAt: Date
    package var revokedAt: Date?
    /// Present only in the answer that issues it: the server keeps only its hash.
    package var token: String?
    package init(_ m: PatrolDeviceModel, token: String? = nil) {
        id = m.id!; unitId = m.unitID; kind = m.kind; kindLabel = PatrolDeviceKind(rawValue: m.kind)?.label ?? m.kind
        issuedAt = m.issuedAt; revokedAt = m.revokedAt; self.token = token
    }
}

package struct FixBatchRequest: Content {
    package var unitId: UUID
    package var fixes: [Fix]
}

package struct FixBatchResult: Content {
    package var stored: Int
    package var duplicates: Int
    package var offDuty: Int
}

package struct TrackDTO: Content {
    package var unitId: UUID
    package var from: Date
    package var to: Date
    package var fixes: [PositionDTO]
}

import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// The limits of video patrol's bodies, declared once for the handlers and the API document.
enum VideoPatrolChecks {
    static let nameMax = 100
    static let descriptionMax = 1000
    static let plateMax = 20
    static let gridsMax = 30
    static let cameraCodePattern = "^[A-Za-z0-9-]{1,32}$"

    /// A WGS84 point or 422.
    static func place(lat: Double, lon: Double) throws -> GeoPoint {
        guard lat.isFinite, lon.isFinite, (-90...90).contains(lat), (-180...180).contains(lon) else {
            throw DomainError.invalid("invalid_place", "the place is not a WGS84 coordinate", "地点坐标无效")
        }
        return GeoPoint(lat: lat, lon: lon)
    }
}

package struct CameraInput: Content {
    package var code: String
    package var name: String
    package var kind: CameraKind
    package var lat: Double
    package var lon: Double
    package var gridId: UUID?
}

package struct CameraUpdate: Content {
    package var name: String?
    package var kind: CameraKind?
    package var lat: Double?
    package var lon: Double?
    package var gridId: UUID?
}

package struct CameraDTO: Content {
    package var id: UUID
    package var code: String
    package var name: String
    package var kind: String
    package var kindLabel: String
    package var lat: Double
    package var lon: Double
    package var gridId: UUID?
    package var gridName: String?
    package var illustrative: Bool
}

package struct VideoNoticeInput: Content {
    package struct Place: Content {
        package var lat: Double
        package var lon: Double
        package var label: String?
    }
    package var id: UUID
    package var kind: VideoNoticeKind
    package var description: String
    package var plate: String?
    /// base64 of a JPEG or PNG.
    package var photo: String?
    package var place: Place
    package var seenAt: Date
    package var cameraId: UUID?
    package var gridIds: [UUID]
}

package struct VideoNoticeAcknowledgementInput: Content {
    /// The tap's id on the phone (the queue's); the acknowledgement itself is once per unit.
    package var id: UUID?
    package var unitId: UUID?
    package var at: Date?
}

package struct VideoNoticeConversionInput: Content {
    /// The incident's id, made by the client: a resend answers the same conversion.
    package var id: UUID
    package var type: IncidentType?
    package var priority: IncidentPriority?
}

package struct VideoNoticeDTO: Content {
    package struct Place: Content {
        package var lat: Double
        package var lon: Double
        package var label: String
    }
    package struct Grid: Content {
        package var id: UUID
        package var name: String
    }
    package struct Recipient: Content {
        package var unitId: UUID
        package var callSign: String
        package var gridName: String
        package var acknowledgedAt: Date?
        package var acknowledgedBy: String?
    }
    package var id: UUID
    package var kind: String
    package var kindLabel: String
    package var description: String
    package var plate: String?
    package var hasPhoto: Bool
    package var photoUrl: String?
    package var place: Place
    package var seenAt: Date
    package var cameraId: UUID?
    package var cameraName: String?
    package var raisedBy: String
    package var raisedAt: Date
    package var grids: [Grid]
    package var recipients: [Recipient]
    package var recipientCount: Int
    package var acknowledgedCount: Int
    /// Every recipient has acknowledged (a notice that reached no unit is not complete).
    package var complete: Bool
    package var incidentId: UUID?
    package var convertedBy: String?
    package var convertedAt: Date?
}

import Foundation
import PinganDomain

/// The two kinds of device that report a unit's fixes (P3). A vehicle terminal reports all the
/// time; a phone's web page only while it is open, since a browser does not track in the background.
public enum PatrolDeviceKind: String, Codable, CaseIterable, Sendable, Labelled {
    case vehicleTerminal = "vehicle_terminal"
    case phone

    public var label: String {
        switch self {
        case .vehicleTerminal: "车载GPS"
        case .phone: "手机"
        }
    }
}

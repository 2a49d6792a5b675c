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

/// The time a phone gives a write it queued offline (a tap, a sign-on). It may come minutes or
/// days late and is kept as given; a time after the server's (a phone clock running fast) is
/// taken as now, since a change dated in the future would hide every real change after it.
public enum QueuedWriteTime {
    public static func clamped(_ at: Date?, now: Date) -> Date {
        guard let at, at.timeIntervalSinceReferenceDate.isFinite else { return now }
        return min(at, now)
    }
}

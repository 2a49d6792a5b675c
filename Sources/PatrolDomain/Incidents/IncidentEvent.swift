import Foundation
import PinganDomain

/// A place an incident happens: where the dispatcher clicked, what they searched, or coordinates
/// read out by the caller, with the words the caller used.
public struct IncidentPlace: Codable, Sendable, Hashable {
    public var lat: Double
    public var lon: Double
    /// "村委会东侧路口", a village name found by search, or empty.
    public var label: String

    public init(lat: Double, lon: Double, label: String = "") { self.lat = lat; self.lon = lon; self.label = label }

    private enum Keys: String, CodingKey { case lat, lon, label }
    /// The label may be left out (a map click has none).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(lat: try c.decode(Double.self, forKey: .lat), lon: try c.decode(Double.self, forKey: .lon),
                  label: try c.decodeIfPresent(String.self, forKey: .label) ?? "")
    }
}

/// One call about an incident. Three callers reporting one fight are three calls on one incident,
/// so the counts are not inflated.
public struct IncidentCall: Codable, Sendable, Hashable {
    public var callerName: String
    public var callerPhone: String
    public var at: Date
    public var note: String

    public init(callerName: String, callerPhone: String, at: Date, note: String = "") {
        self.callerName = callerName; self.callerPhone = callerPhone; self.at = at; self.note = note
    }

    /// The call as lists show it: the name and phone masked the way parties are (`Masking`).
    public var masked: IncidentCall {
        var c = self
        c.callerName = Masking.name(callerName)
        c.callerPhone = Masking.phone(callerPhone)
        return c
    }
}

/// What the dispatcher records when a call comes in (P4).
public struct IncidentIntake: Codable, Sendable, Hashable {
    public var type: IncidentType
    public var priority: IncidentPriority
    public var place: IncidentPlace
    public var description: String
    public var call: IncidentCall
    /// The people a dispute call is about (纠纷类警情): matched against mediation's parties (X1).
    /// Optional in the stored form: incidents recorded before X1 have none.
    public var parties: [IncidentParty]?
    /// The call reports violence or threats (打架、扬言报复): the dispute's risk goes red.
    public var reportsViolence: Bool?

    public init(type: IncidentType, priority: IncidentPriority, place: IncidentPlace, description: String, call: IncidentCall,
                parties: [IncidentParty]? = nil, reportsViolence: Bool? = nil) {
        self.type = type; self.priority = priority; self.place = place; self.description = description; self.call = call
        self.parties = parties; self.reportsViolence = reportsViolence
    }
}

/// A person a dispute call is about: a name, and a phone or an ID number so the mediation side can
/// tell them from another person of the same name.
public struct IncidentParty: Codable, Sendable, Hashable {
    public var name: String
    public var phone: String?
    public var idNumber: String?
    public init(name: String, phone: String? = nil, idNumber: String? = nil) { self.name = name; self.phone = phone; self.idNumber = idNumber }

    /// At most this many people on one call.
    public static let maximumPerCall = 10
}

/// What happened to an incident: its timeline is a list of these, append only, each with a
/// client-made id so a resend from a weak connection is stored once.
public enum IncidentEventKind: Codable, Sendable, Hashable {
    case reported(IncidentIntake)
    /// Another call about the same event.
    case callLinked(IncidentCall)
    /// The dispatcher corrects what was recorded (the type once the scene is known, the priority).
    case reclassified(type: IncidentType, priority: IncidentPriority)
    /// A unit sent. `etaSeconds` is the routing core's estimate at the time; `reason` is required
    /// when the unit was taken off another incident's task.
    case dispatched(unitId: UUID, etaSeconds: Double?, reason: String?)
    case acknowledged(unitId: UUID)
    case enRoute(unitId: UUID)
    case onScene(unitId: UUID)
    case cleared(unitId: UUID, disposition: String)
    /// The unit's task here ended because it was sent to `toIncidentId`: never a silent reset.
    case interrupted(unitId: UUID, reason: String, toIncidentId: UUID)
    /// The incident is closed without (or after) the units: a false alarm, handled by phone.
    case closed(disposition: String)
    /// This incident was a second report of `intoIncidentId`; its calls move there and it closes.
    case merged(intoIncidentId: UUID)
    /// The calls of `fromIncidentId`, merged into this one.
    case absorbed(fromIncidentId: UUID, calls: [IncidentCall])

    public var type: IncidentEventType {
        switch self {
        case .reported: .reported
        case .callLinked: .callLinked
        case .reclassified: .reclassified
        case .dispatched: .dispatched
        case .acknowledged: .acknowledged
        case .enRoute: .enRoute
        case .onScene: .onScene
        case .cleared: .cleared
        case .interrupted: .interrupted
        case .closed: .closed
        case .merged: .merged
        case .absorbed: .absorbed
        }
    }

    /// The unit the event is about, if any.
    public var unitId: UUID? {
        switch self {
        case .dispatched(let u, _, _), .acknowledged(let u), .enRoute(let u), .onScene(let u), .cleared(let u, _), .interrupted(let u, _, _): u
        default: nil
        }
    }
}

/// The event types, as the API and the timeline name them.
public enum IncidentEventType: String, Codable, CaseIterable, Sendable, Labelled {
    case reported, callLinked = "call_linked", reclassified, dispatched, acknowledged, enRoute = "en_route", onScene = "on_scene"
    case cleared, interrupted, closed, merged, absorbed

    public var label: String {
        switch self {
        case .reported: "接警登记"
        case .callLinked: "同一警情再次来电"
        case .reclassified: "更正警情类别"
        case .dispatched: "派警"
        case .acknowledged: "民警确认接收"
        case .enRoute: "赶赴现场"
        case .onScene: "到达现场"
        case .cleared: "处置完毕"
        case .interrupted: "改派（原任务中断）"
        case .closed: "警情办结"
        case .merged: "并入另一警情"
        case .absorbed: "合并重复警情"
        }
    }
}

/// One event on an incident's timeline. `at` is when it happened (a phone's queued tap keeps its
/// own time); the store adds when it was recorded.
public struct IncidentEvent: Codable, Sendable, Hashable {
    public var id: UUID
    public var incidentId: UUID
    public var at: Date
    public var actorUserId: UUID?
    public var kind: IncidentEventKind

    public init(id: UUID, incidentId: UUID, at: Date, actorUserId: UUID?, kind: IncidentEventKind) {
        self.id = id; self.incidentId = incidentId; self.at = at; self.actorUserId = actorUserId; self.kind = kind
    }

    public var type: IncidentEventType { kind.type }
}

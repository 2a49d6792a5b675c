import Foundation
import PinganDomain

/// Where an incident stands, as the list and the command map show it.
public enum IncidentStatus: String, Codable, CaseIterable, Sendable, Labelled {
    case open            // recorded, nobody sent yet
    case dispatched      // a unit is sent or on its way
    case onScene = "on_scene"
    case closed          // every unit cleared, or closed by the dispatcher
    case merged          // a second report of another incident

    public var label: String {
        switch self {
        case .open: "待派警"
        case .dispatched: "已派警"
        case .onScene: "现场处置"
        case .closed: "已办结"
        case .merged: "已合并"
        }
    }

    public var isOpen: Bool { self == .open || self == .dispatched || self == .onScene }
}

/// An incident as its timeline leaves it: a fold over its events, so what the list shows and what
/// happened can never disagree.
public struct IncidentState: Codable, Sendable, Hashable {
    public var id: UUID
    public var type: IncidentType
    public var priority: IncidentPriority
    public var place: IncidentPlace
    public var description: String
    public var calls: [IncidentCall]
    public var reportedAt: Date
    public var tasks: [IncidentTask]
    public var closedAt: Date?
    public var disposition: String?
    public var mergedInto: UUID?
    /// A dispute call's people and whether it reported violence (X1); nil for incidents before X1.
    public var parties: [IncidentParty]?
    public var reportsViolence: Bool?
    /// The number of events so far; an edit names the version it was based on.
    public var version: Int

    public var status: IncidentStatus {
        if mergedInto != nil { return .merged }
        if closedAt != nil { return .closed }
        if tasks.contains(where: { $0.state == .onScene }) { return .onScene }
        if tasks.contains(where: \.state.isActive) { return .dispatched }
        return .open
    }

    /// The first dispatch and the first arrival: the response intervals start and end here.
    public var firstDispatchedAt: Date? { tasks.map(\.assignedAt).min() }
    public var firstOnSceneAt: Date? { tasks.compactMap(\.onSceneAt).min() }

    public func task(of unit: UUID) -> IncidentTask? { tasks.last { $0.unitId == unit } }
    public var activeUnits: [UUID] { tasks.filter(\.state.isActive).map(\.unitId) }

    public init(registering event: IncidentEvent) throws(DomainError) {
        guard case .reported(let intake) = event.kind else {
            throw .invalid("not_registered", "an incident's first event must be its report", "警情的第一条记录必须是接警登记")
        }
        try intake.validate()
        id = event.incidentId
        type = intake.type
        priority = intake.priority
        place = intake.place
        description = intake.description
        calls = [intake.call]
        reportedAt = intake.call.at
        parties = intake.parties
        reportsViolence = intake.reportsViolence
        tasks = []
        version = 1
    }

    /// The state after `event`, or the refusal that says why not.
    public func applying(_ event: IncidentEvent) throws(DomainError) -> IncidentState {
        var s = self
        let at = event.at
        func requireOpen() throws(DomainError) {
            guard status.isOpen else {
                throw DomainError(code: "incident_closed", message: "the incident is \(status.rawValue)",
                                  messageZh: "警情\(status.label)，不能再\(event.type.label)", kind: .conflict)
            }
        }
        func step(_ unit: UUID, _ next: IncidentTaskState) throws(DomainError) {
            guard let i = s.tasks.lastIndex(where: { $0.unitId == unit }) else {
                throw DomainError(code: "no_task", message: "the unit has no task on this incident", messageZh: "该单元在本警情没有任务", kind: .conflict)
            }
            s.tasks[i] = try s.tasks[i].advanced(to: next, at: at)
        }
        switch event.kind {
        case .reported:
            throw .invalid("already_reported", "the incident is already recorded", "警情已登记")
        case .callLinked(let call):
            try requireOpen()
            try call.validate()
            s.calls.append(call)
        case .reclassified(let type, let priority):
            try requireOpen()
            s.type = type
            s.priority = priority
        case .dispatched(let unit, let eta, _):
            try requireOpen()
            if let t = task(of: unit), t.state.isActive {
                throw DomainError(code: "already_dispatched", message: "the unit is already on this incident",
                                  messageZh: "该单元已派往本警情", kind: .conflict)
            }
            s.tasks.append(IncidentTask(unitId: unit, dispatchEventId: event.id, etaSeconds: eta, assignedAt: at))
        case .acknowledged(let unit): try step(unit, .acknowledged)
        case .enRoute(let unit): try step(unit, .enRoute)
        case .onScene(let unit): try step(unit, .onScene)
        case .cleared(let unit, let disposition):
            try Self.requireText(disposition, "disposition", "处置结果")
            try step(unit, .cleared)
            let i = s.tasks.lastIndex { $0.unitId == unit }!
            s.tasks[i].disposition = disposition
            // The last unit to clear closes the incident with its disposition.
            if !s.tasks.contains(where: \.state.isActive), s.closedAt == nil {
                s.closedAt = s.tasks[i].clearedAt
                s.disposition = disposition
            }
        case .interrupted(let unit, let reason, _):
            try Self.requireText(reason, "reason", "改派理由")
            try step(unit, .interrupted)
            let i = s.tasks.lastIndex { $0.unitId == unit }!
            s.tasks[i].interruptedReason = reason
        case .closed(let disposition):
            try requireOpen()
            try Self.requireText(disposition, "disposition", "处置结果")
            if let busy = s.tasks.first(where: \.state.isActive) {
                throw DomainError(code: "units_on_task", message: "unit \(busy.unitId) is still on the incident: clear it first",
                                  messageZh: "仍有单元在处置本警情，请先由其处置完毕", kind: .conflict)
            }
            s.closedAt = at
            s.disposition = disposition
        case .merged(let into):
            try requireOpen()
            guard into != id else { throw .invalid("merge_self", "an incident cannot be merged into itself", "不能与自身合并") }
            if !s.activeUnits.isEmpty {
                throw DomainError(code: "units_on_task", message: "units are on this incident: merge the other one into it instead",
                                  messageZh: "本警情已有单元在处置，请将另一警情并入本警情", kind: .conflict)
            }
            s.mergedInto = into
            s.closedAt = at
        case .absorbed(_, let calls):
            try requireOpen()
            s.calls.append(contentsOf: calls)
        }
        s.version += 1
        return s
    }

    static func requireText(_ text: String, _ field: String, _ fieldZh: String) throws(DomainError) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalid("missing_\(field)", "\(field) is required", "请填写\(fieldZh)")
        }
    }
}

extension IncidentIntake {
    public func validate() throws(DomainError) {
        guard (-90...90).contains(place.lat), (-180...180).contains(place.lon) else {
            throw .invalid("invalid_place", "the place is not a WGS84 coordinate", "警情地点坐标无效")
        }
        try call.validate()
        if description.count > 2000 { throw .invalid("description_too_long", "the description is over 2000 characters", "警情描述超过 2000 字") }
        let people = parties ?? []
        if people.count > IncidentParty.maximumPerCall {
            throw .invalid("too_many_parties", "at most \(IncidentParty.maximumPerCall) parties", "当事人最多 \(IncidentParty.maximumPerCall) 人")
        }
        for p in people { try p.validate() }
    }
}

extension IncidentParty {
    public func validate() throws(DomainError) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > 50 { throw .invalid("invalid_party", "a party's name must be 1–50 characters", "当事人姓名须为 1–50 字") }
        if let phone, phone.count > 20 || !phone.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == " " }) {
            throw .invalid("invalid_phone", "a party's phone must be digits", "当事人电话只能是数字")
        }
        if let idNumber {
            do { _ = try ChineseIDNumber(idNumber) } catch { throw .invalid("invalid_id_number", "a party's ID number is not a valid resident ID", "当事人身份证号无效") }
        }
    }
}

extension IncidentCall {
    public func validate() throws(DomainError) {
        if callerPhone.count > 20 || !callerPhone.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == " " }) {
            throw .invalid("invalid_phone", "the caller's phone must be digits", "报警人电话只能是数字")
        }
        if callerName.count > 50 { throw .invalid("invalid_caller", "the caller's name is over 50 characters", "报警人姓名超过 50 字") }
    }
}

/// The one decision for an incident's timeline, as for disputes: a resend (same id, same content)
/// changes nothing; the same id with other content is `duplicate_event`; an edit based on an old
/// version is `version_conflict`.
public enum IncidentHistory {
    /// nil when `event` is a resend of `existing`, else the state after it.
    public static func next(after state: IncidentState?, appending event: IncidentEvent, basedOn expectedVersion: Int?,
                            existing: IncidentEvent?) throws(DomainError) -> IncidentState? {
        if let existing {
            guard existing.incidentId == event.incidentId, existing.kind == event.kind else { throw .duplicateEvent(event.id) }
            return nil
        }
        let version = state?.version ?? 0
        if let expectedVersion, expectedVersion != version {
            throw DomainError(code: "version_conflict",
                              message: "edit was based on version \(expectedVersion) but the incident is at version \(version)",
                              messageZh: "该警情已被他人更新（基于第 \(expectedVersion) 版，当前为第 \(version) 版），请刷新后重试")
        }
        return if let state { try state.applying(event) } else { try IncidentState(registering: event) }
    }
}

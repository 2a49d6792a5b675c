import Foundation
import PinganDomain

/// The workflow stage of a dispute (M4).
///
/// registered → accepted | rejected; accepted → mediating (first session) | terminated;
/// mediating → agreed | terminated; agreed → fulfilled → followedUp → archived;
/// rejected and terminated → archived.
public enum DisputeStage: String, Codable, CaseIterable, Sendable, Labelled {
    case registered
    case accepted
    case rejected
    case mediating
    case agreed
    case terminated
    case fulfilled
    case followedUp = "followed_up"
    case archived

    public var label: String {
        switch self {
        case .registered: "已登记"
        case .accepted: "已受理"
        case .rejected: "不予受理"
        case .mediating: "调处中"
        case .agreed: "已达成协议"
        case .terminated: "已终止调解"
        case .fulfilled: "已履行"
        case .followedUp: "已回访"
        case .archived: "已归档"
        }
    }

    /// Still being worked on (not rejected, terminated, or past agreement).
    public var isOpen: Bool { self == .registered || self == .accepted || self == .mediating }
}

/// A level change, with when it happened.
public struct EscalationRecord: Hashable, Codable, Sendable {
    public var escalation: Escalation
    public var at: Date
}

/// A comment or guidance, with who and when.
public struct NoteRecord: Hashable, Codable, Sendable {
    public var kind: DisputeEventType
    public var text: String
    public var at: Date
    public var actorUserId: UUID
    public var actorOrgUnitId: UUID
}

/// State of a judicial confirmation (司法确认).
public struct JudicialConfirmationState: Hashable, Codable, Sendable {
    public var court: String
    public var requestedAt: Date
    public var decidedAt: Date?
    public var confirmed: Bool?
}

/// The current state of a dispute, derived by folding its events (`replay`). Never edited directly.
public struct DisputeState: Hashable, Codable, Sendable {
    public private(set) var disputeId: UUID
    /// Number of events applied; edits carry the version they were based on.
    public private(set) var version: Int
    public private(set) var stage: DisputeStage
    public private(set) var intake: DisputeIntake
    public private(set) var registeredAt: Date
    /// The level that first received the dispute (used for "received by level").
    public private(set) var receivedLevel: MediationLevel
    /// The level handling it now.
    public private(set) var level: MediationLevel
    public private(set) var handlingOrgUnitId: UUID
    public private(set) var channel: MediationChannel
    public private(set) var acceptedAt: Date?
    public private(set) var rejection: Rejection?
    public private(set) var sessions: [MediationSession]
    public private(set) var agreement: MediationAgreement?
    public private(set) var agreedAt: Date?
    /// The level at which the agreement was reached ("小事不出村、大事不出乡" measured).
    public private(set) var settledLevel: MediationLevel?
    public private(set) var termination: Termination?
    public private(set) var terminatedAt: Date?
    public private(set) var fulfilment: Fulfilment?
    public private(set) var fulfilledAt: Date?
    public private(set) var followUps: [FollowUpVisit]
    public private(set) var caseNumber: CaseNumber?
    public private(set) var archivedAt: Date?
    public private(set) var escalations: [EscalationRecord]
    /// Last recorded rules assessment.
    public private(set) var riskAssessment: RiskAssessment?
    public private(set) var riskOverride: RiskOverride?
    public private(set) var majorReport: MajorDisputeReport?
    public private(set) var majorReportFiledAt: Date?
    public private(set) var policeNotifiedAt: Date?
    public private(set) var judicialConfirmation: JudicialConfirmationState?
    public private(set) var supervisionOrders: [SupervisionOrder]
    public private(set) var assignments: [DisputeAssignment]
    public private(set) var notes: [NoteRecord]
    public private(set) var lastEventAt: Date

    // MARK: Derived

    /// Current risk level: the override if any, else the last assessment, else blue.
    public var riskLevel: RiskLevel { riskOverride?.level ?? riskAssessment?.level ?? .blue }
    /// Sessions that ended without agreement.
    public var failedSessionCount: Int { sessions.filter { $0.outcome == .failed }.count }
    /// An agreement was reached (调解成功).
    public var isSettled: Bool { agreement != nil }
    /// Handed up at least once.
    public var wasEscalated: Bool { !escalations.isEmpty }
    /// A difficult dispute (疑难纠纷) at the recorded risk level (`isDifficult(risk:)`).
    public var isDifficult: Bool { isDifficult(risk: riskLevel) }
    /// The one definition of 疑难纠纷: escalated, two or more failed sessions, or risk orange/red.
    /// `risk` is passed in because the projection assesses risk afresh (police referrals).
    public func isDifficult(risk: RiskLevel) -> Bool { wasEscalated || failedSessionCount >= 2 || risk >= .orange }
    /// Red/orange risk and no major-dispute report filed yet.
    public var majorReportDue: Bool { riskLevel.needsMajorReport && majorReportFiledAt == nil }
    /// When the current level's mediation clock started: the last escalation or the acceptance.
    public var mediationClockStart: Date? {
        guard let acceptedAt else { return nil }
        return max(acceptedAt, escalations.last?.at ?? acceptedAt)
    }

    /// Facts for the risk rules; police calls, and violence a police call reported, come from the
    /// police side (X1).
    public func riskFacts(policeCallsWithin30Days: Int = 0, policeReportedViolence: Bool = false) -> RiskFacts {
        RiskFacts(threatOfViolence: intake.riskSigns.threatOfViolence || policeReportedViolence, threatOfSelfHarm: intake.riskSigns.threatOfSelfHarm,
                  policeCallsWithin30Days: policeCallsWithin30Days, peopleInvolved: intake.peopleInvolved,
                  plannedCollectivePetition: intake.riskSigns.plannedCollectivePetition,
                  crossesVillages: intake.riskSigns.crossesVillages, amount: intake.amount,
                  failedSessions: failedSessionCount)
    }

    /// Assesses risk now with `rules`; the recorded override wins.
    public func assessRisk(rules: RiskRules = .default, policeCallsWithin30Days: Int = 0, policeReportedViolence: Bool = false) -> RiskAssessment {
        RiskAssessor.assess(facts: riskFacts(policeCallsWithin30Days: policeCallsWithin30Days, policeReportedViolence: policeReportedViolence),
                            rules: rules, override: riskOverride)
    }

    /// The deadlines running now (mediation, judicial confirmation, performance, open supervision orders).
    public func deadlines(clock: LegalClock) -> [LegalDeadline] {
        var result: [LegalDeadline] = []
        if stage == .accepted || stage == .mediating, let start = mediationClockStart {
            result.append(clock.deadline(.mediation, from: start, limit: clock.limits.mediationLimit(for: channel)))
        }
        if let agreement, agreement.form == .written, judicialConfirmation == nil,
           [.agreed, .fulfilled, .followedUp].contains(stage) {
            result.append(clock.deadline(.judicialConfirmation, from: agreement.effectiveDate, limit: clock.limits.judicialConfirmation))
        }
        if stage == .agreed, let due = agreement?.performanceDeadline {
            result.append(clock.deadline(.performance, lastDay: LocalDate(due, in: clock.calendar)))
        }
        if stage != .archived {
            for order in supervisionOrders where order.answeredAt == nil {
                result.append(clock.deadline(.supervision, passingAt: order.deadline, supervisionOrderId: order.id))
            }
        }
        return result
    }

    // MARK: What the stage allows

    /// The stages in which an event of `type` may be recorded; `nil` when the stage does not
    /// matter (comments, a court's decision). The one table of the workflow: `applying` enforces
    /// it and `allows` answers it for the pages' buttons.
    public static func stages(allowing type: DisputeEventType) -> Set<DisputeStage>? {
        let running = Set(DisputeStage.allCases).subtracting([.archived])
        switch type {
        case .registered: return []
        case .accepted, .rejected: return [.registered]
        case .sessionHeld, .terminated: return [.accepted, .mediating]
        case .agreementSigned: return [.mediating]
        case .fulfilled: return [.agreed]
        case .followUpVisited: return [.fulfilled, .followedUp]
        case .archived: return [.followedUp, .terminated, .rejected]
        case .escalated: return [.registered, .accepted, .mediating]
        case .judicialConfirmationRequested: return [.agreed, .fulfilled, .followedUp]
        case .riskAssessed, .riskOverridden, .majorReportFiled, .policeNotified, .supervisionOrdered, .supervisionAnswered,
             .assigned, .guidanceGiven:
            return running
        case .judicialConfirmationDecided, .commentAdded: return nil
        }
    }

    /// Whether an event of `type` may be recorded now: the stage allows it and the state meets
    /// the event's own preconditions (a level above, a written agreement not yet sent to court, a
    /// pending court decision). Free-text and time checks are left to `applying`.
    public func allows(_ type: DisputeEventType) -> Bool {
        if let stages = Self.stages(allowing: type), !stages.contains(stage) { return false }
        switch type {
        case .escalated: return level.handUpLevel != nil
        case .judicialConfirmationRequested: return agreement?.form == .written && judicialConfirmation == nil
        case .judicialConfirmationDecided: return judicialConfirmation != nil && judicialConfirmation?.decidedAt == nil
        default: return true
        }
    }

    // MARK: Folding

    /// Folds `events` (first must be `registered`) into a state. Throws on any invalid step.
    public static func replay(_ events: [DisputeEvent], limits: TimeLimits = .default) throws(DomainError) -> DisputeState {
        guard let first = events.first else {
            throw .invalid("empty_history", "a dispute needs at least its registered event", "纠纷至少应有登记记录")
        }
        var state = try DisputeState(registering: first)
        var seen: Set<UUID> = [first.id]
        for e in events.dropFirst() {
            guard seen.insert(e.id).inserted else {
                throw .invalid("duplicate_event", "event \(e.id) appears twice", "事件 \(e.id) 重复")
            }
            state = try state.applying(e, limits: limits)
        }
        return state
    }

    /// Starts a state from a `registered` event.
    public init(registering e: DisputeEvent) throws(DomainError) {
        guard case .registered(let intake) = e.kind else {
            throw .invalidTransition(event: e.type.rawValue, eventZh: e.type.label, stage: "none", stageZh: "未登记")
        }
        try intake.validate()
        disputeId = e.disputeId
        version = 1
        stage = .registered
        self.intake = intake
        registeredAt = e.at
        receivedLevel = intake.level
        level = intake.level
        handlingOrgUnitId = intake.handlingOrgUnitId
        channel = intake.channel
        sessions = []
        followUps = []
        escalations = []
        supervisionOrders = []
        assignments = []
        notes = []
        lastEventAt = e.at
    }

    /// The state after `e`, or a `DomainError` (`invalid_transition`, …) if the workflow forbids it.
    public func applying(_ e: DisputeEvent, limits: TimeLimits = .default) throws(DomainError) -> DisputeState {
        guard e.disputeId == disputeId else {
            throw .invalid("wrong_dispute", "event belongs to dispute \(e.disputeId)", "该事件不属于本纠纷")
        }
        if let stages = Self.stages(allowing: e.type), !stages.contains(stage) {
            throw .invalidTransition(event: e.type.rawValue, eventZh: e.type.label, stage: stage.rawValue, stageZh: stage.label)
        }
        var s = self
        switch e.kind {
        case .registered:
            break  // unreachable: no stage allows a second registration
        case .accepted:
            s.stage = .accepted
            s.acceptedAt = e.at
        case .rejected(let r):
            try Self.nonEmpty(r.reason, "reason", "不予受理理由")
            try Self.nonEmpty(r.properChannel, "proper channel", "告知的解决途径")
            s.stage = .rejected
            s.rejection = r
        case .sessionHeld(let session):
            s.stage = .mediating
            s.sessions.append(session)
        case .agreementSigned(let a):
            if a.form == .written {
                try Self.nonEmpty(a.terms, "agreement terms", "协议内容")
                guard !a.parties.isEmpty else {
                    throw .invalid("invalid_agreement", "a written agreement names its parties", "书面协议应载明当事人")
                }
            }
            s.stage = .agreed
            s.agreement = a
            s.agreedAt = e.at
            s.settledLevel = level
        case .terminated(let t):
            try Self.nonEmpty(t.reason, "reason", "终止调解理由")
            s.stage = .terminated
            s.termination = t
            s.terminatedAt = e.at
        case .fulfilled(let f):
            try Self.nonEmpty(f.evidence, "evidence", "履行情况")
            s.stage = .fulfilled
            s.fulfilment = f
            s.fulfilledAt = e.at
        case .followUpVisited(let v):
            s.stage = .followedUp
            s.followUps.append(v)
        case .archived(let a):
            s.stage = .archived
            s.caseNumber = a.caseNumber
            s.archivedAt = e.at
        case .escalated(let x):
            guard x.fromLevel == level else {
                throw .invalid("invalid_escalation", "dispute is at \(level.rawValue), not \(x.fromLevel.rawValue)",
                               "纠纷当前在\(level.label)，不是\(x.fromLevel.label)")
            }
            guard [.township, .county].contains(x.toLevel), x.toLevel.rank > x.fromLevel.rank else {
                throw .invalid("invalid_escalation", "cannot escalate from \(x.fromLevel.rawValue) to \(x.toLevel.rawValue)",
                               "不能从\(x.fromLevel.label)上报到\(x.toLevel.label)（县级为最高级）")
            }
            s.level = x.toLevel
            s.handlingOrgUnitId = x.toOrgUnitId
            s.escalations.append(EscalationRecord(escalation: x, at: e.at))
        case .riskAssessed(let a):
            s.riskAssessment = a
        case .riskOverridden(let o):
            try Self.nonEmpty(o.reason, "override reason", "调整理由")
            s.riskOverride = o
        case .majorReportFiled(let r):
            s.majorReport = r
            s.majorReportFiledAt = e.at
        case .policeNotified:
            s.policeNotifiedAt = e.at
        case .judicialConfirmationRequested(let r):
            guard let a = agreement, a.form == .written else {
                throw .invalid("invalid_judicial_confirmation", "only a written agreement can be confirmed", "只有书面调解协议可以申请司法确认")
            }
            guard judicialConfirmation == nil else {
                throw .invalid("invalid_judicial_confirmation", "already requested", "已申请司法确认")
            }
            let clock = LegalClock(limits: limits)
            let deadline = clock.deadline(.judicialConfirmation, from: a.effectiveDate, limit: limits.judicialConfirmation)
            guard e.at < deadline.passesAt else {
                throw .invalid("judicial_confirmation_window_closed",
                               "the window closed on \(deadline.lastDay)", "申请司法确认的期限已于 \(deadline.lastDay) 届满")
            }
            s.judicialConfirmation = JudicialConfirmationState(court: r.court, requestedAt: e.at)
        case .judicialConfirmationDecided(let d):
            guard var jc = judicialConfirmation, jc.decidedAt == nil else {
                throw .invalid("invalid_judicial_confirmation", "no pending request", "没有待决的司法确认申请")
            }
            jc.decidedAt = e.at
            jc.confirmed = d.confirmed
            s.judicialConfirmation = jc
        case .supervisionOrdered(let o):
            guard !supervisionOrders.contains(where: { $0.id == o.id }) else {
                throw .invalid("invalid_supervision", "order \(o.id) exists", "督办单已存在")
            }
            s.supervisionOrders.append(o)
        case .supervisionAnswered(let r):
            guard let i = supervisionOrders.firstIndex(where: { $0.id == r.orderId }), supervisionOrders[i].answeredAt == nil else {
                throw .invalid("invalid_supervision", "no open order \(r.orderId)", "没有待回复的督办单")
            }
            s.supervisionOrders[i].answeredAt = e.at
            s.supervisionOrders[i].reply = r.reply
        case .assigned(let a):
            s.assignments.append(a)
        case .guidanceGiven(let n):
            s.notes.append(NoteRecord(kind: .guidanceGiven, text: n.text, at: e.at, actorUserId: e.actorUserId, actorOrgUnitId: e.actorOrgUnitId))
        case .commentAdded(let n):
            s.notes.append(NoteRecord(kind: .commentAdded, text: n.text, at: e.at, actorUserId: e.actorUserId, actorOrgUnitId: e.actorOrgUnitId))
        }
        s.version += 1
        s.lastEventAt = max(lastEventAt, e.at)
        return s
    }

    private static func nonEmpty(_ text: String, _ field: String, _ fieldZh: String) throws(DomainError) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalid("missing_field", "\(field) is required", "\(fieldZh)不能为空")
        }
    }
}

/// A dispute's append-only history with its folded state; the unit of optimistic concurrency.
public struct DisputeHistory: Hashable, Codable, Sendable {
    /// What `append` did.
    public enum AppendResult: String, Sendable, Codable {
        /// The event was new and applied.
        case appended
        /// The same event (same id and content) was already there: a safe client retry.
        case alreadyApplied = "already_applied"
    }

    public private(set) var events: [DisputeEvent]
    /// `nil` while empty (before registration).
    public private(set) var state: DisputeState?
    public let limits: TimeLimits

    /// An empty history.
    public init(limits: TimeLimits = .default) {
        events = []
        state = nil
        self.limits = limits
    }

    /// A history from stored events (replayed and checked).
    public init(events: [DisputeEvent], limits: TimeLimits = .default) throws(DomainError) {
        self.events = events
        self.limits = limits
        state = events.isEmpty ? nil : try DisputeState.replay(events, limits: limits)
    }

    /// Number of events.
    public var version: Int { events.count }

    /// Appends `event` if the caller's view (`basedOn`) is current. A repeat of an event already
    /// stored (same id, same content) returns `.alreadyApplied`; same id with other content throws
    /// `duplicate_event`; a stale `basedOn` throws `version_conflict`.
    @discardableResult
    public mutating func append(_ event: DisputeEvent, basedOn expectedVersion: Int) throws(DomainError) -> AppendResult {
        let existing = events.first(where: { $0.id == event.id })
        guard let next = try Self.next(after: state, appending: event, basedOn: expectedVersion, existing: existing, limits: limits) else {
            return .alreadyApplied
        }
        events.append(event)
        state = next
        return .appended
    }

    /// The rule of `append` for a history kept elsewhere (the server's event table keeps the
    /// state and looks up only the event with the same id): `nil` when `event` is a repeat of
    /// `existing`, else the state after it. Same id with other content throws `duplicate_event`;
    /// a `basedOn` other than the state's version throws `version_conflict` (`nil`: the writer
    /// does not edit on a view, e.g. a rule of the server).
    public static func next(after state: DisputeState?, appending event: DisputeEvent, basedOn expectedVersion: Int?,
                            existing: DisputeEvent?, limits: TimeLimits = .default) throws(DomainError) -> DisputeState? {
        if let existing {
            guard existing == event else { throw .duplicateEvent(event.id) }
            return nil
        }
        let version = state?.version ?? 0
        if let expectedVersion, expectedVersion != version { throw .versionConflict(expected: expectedVersion, actual: version) }
        return if let state { try state.applying(event, limits: limits) } else { try DisputeState(registering: event) }
    }
}

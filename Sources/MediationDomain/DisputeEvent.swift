import Foundation
import PinganDomain

/// The type code of a dispute event, as stored in the `type` JSON field (snake_case).
public enum DisputeEventType: String, Codable, CaseIterable, Sendable, Labelled {
    case registered
    case accepted
    case rejected
    case sessionHeld = "session_held"
    case agreementSigned = "agreement_signed"
    case terminated
    case fulfilled
    case followUpVisited = "follow_up_visited"
    case archived
    case escalated
    case riskAssessed = "risk_assessed"
    case riskOverridden = "risk_overridden"
    case majorReportFiled = "major_report_filed"
    case policeNotified = "police_notified"
    case judicialConfirmationRequested = "judicial_confirmation_requested"
    case judicialConfirmationDecided = "judicial_confirmation_decided"
    case supervisionOrdered = "supervision_ordered"
    case supervisionAnswered = "supervision_answered"
    case assigned
    case commentAdded = "comment_added"
    case guidanceGiven = "guidance_given"

    /// Chinese display label.
    public var label: String {
        switch self {
        case .registered: "登记"
        case .accepted: "受理"
        case .rejected: "不予受理"
        case .sessionHeld: "调处"
        case .agreementSigned: "达成协议"
        case .terminated: "终止调解"
        case .fulfilled: "履行"
        case .followUpVisited: "回访"
        case .archived: "归档"
        case .escalated: "上报"
        case .riskAssessed: "风险评估"
        case .riskOverridden: "人工调整风险等级"
        case .majorReportFiled: "重大纠纷报告"
        case .policeNotified: "通报公安"
        case .judicialConfirmationRequested: "申请司法确认"
        case .judicialConfirmationDecided: "司法确认结果"
        case .supervisionOrdered: "督办"
        case .supervisionAnswered: "督办回复"
        case .assigned: "指派"
        case .commentAdded: "备注"
        case .guidanceGiven: "指导意见"
        }
    }
}

/// What happened, with its payload. Encoded inside `DisputeEvent` as `"type"` + `"payload"`.
public enum DisputeEventKind: Hashable, Sendable {
    /// Registered (申请/登记): the intake.
    case registered(DisputeIntake)
    /// Accepted for mediation (受理).
    case accepted(Acceptance)
    /// Not accepted (不予受理), with the reason and the proper channel.
    case rejected(Rejection)
    /// A mediation session was held (调处).
    case sessionHeld(MediationSession)
    /// An agreement was reached (达成协议).
    case agreementSigned(MediationAgreement)
    /// Mediation ended without agreement (终止调解).
    case terminated(Termination)
    /// The agreement was performed (履行).
    case fulfilled(Fulfilment)
    /// A follow-up visit (回访).
    case followUpVisited(FollowUpVisit)
    /// Closed into the archive (归档) with a case number.
    case archived(Archival)
    /// Handed up to a higher level (M6).
    case escalated(Escalation)
    /// The rules' risk assessment was recorded (M5).
    case riskAssessed(RiskAssessment)
    /// A manual risk level; wins over the rules.
    case riskOverridden(RiskOverride)
    /// Major-dispute report sent to the judicial office and the bureau.
    case majorReportFiled(MajorDisputeReport)
    /// Police notified (a criminal case may follow).
    case policeNotified(PoliceNotification)
    /// Judicial confirmation (司法确认) requested.
    case judicialConfirmationRequested(JudicialConfirmationRequest)
    /// The court decided on judicial confirmation.
    case judicialConfirmationDecided(JudicialConfirmationDecision)
    /// A supervision order (督办) with a deadline.
    case supervisionOrdered(SupervisionOrder)
    /// The handling unit answered a supervision order.
    case supervisionAnswered(SupervisionReply)
    /// A mediator, lawyer or officer was assigned.
    case assigned(DisputeAssignment)
    /// A comment.
    case commentAdded(DisputeNote)
    /// Guidance from a higher level (M7).
    case guidanceGiven(DisputeNote)

    /// The type code.
    public var type: DisputeEventType {
        switch self {
        case .registered: .registered
        case .accepted: .accepted
        case .rejected: .rejected
        case .sessionHeld: .sessionHeld
        case .agreementSigned: .agreementSigned
        case .terminated: .terminated
        case .fulfilled: .fulfilled
        case .followUpVisited: .followUpVisited
        case .archived: .archived
        case .escalated: .escalated
        case .riskAssessed: .riskAssessed
        case .riskOverridden: .riskOverridden
        case .majorReportFiled: .majorReportFiled
        case .policeNotified: .policeNotified
        case .judicialConfirmationRequested: .judicialConfirmationRequested
        case .judicialConfirmationDecided: .judicialConfirmationDecided
        case .supervisionOrdered: .supervisionOrdered
        case .supervisionAnswered: .supervisionAnswered
        case .assigned: .assigned
        case .commentAdded: .commentAdded
        case .guidanceGiven: .guidanceGiven
        }
    }

    fileprivate func encodePayload(to c: inout KeyedEncodingContainer<DisputeEvent.CodingKeys>) throws {
        switch self {
        case .registered(let v): try c.encode(v, forKey: .payload)
        case .accepted(let v): try c.encode(v, forKey: .payload)
        case .rejected(let v): try c.encode(v, forKey: .payload)
        case .sessionHeld(let v): try c.encode(v, forKey: .payload)
        case .agreementSigned(let v): try c.encode(v, forKey: .payload)
        case .terminated(let v): try c.encode(v, forKey: .payload)
        case .fulfilled(let v): try c.encode(v, forKey: .payload)
        case .followUpVisited(let v): try c.encode(v, forKey: .payload)
        case .archived(let v): try c.encode(v, forKey: .payload)
        case .escalated(let v): try c.encode(v, forKey: .payload)
        case .riskAssessed(let v): try c.encode(v, forKey: .payload)
        case .riskOverridden(let v): try c.encode(v, forKey: .payload)
        case .majorReportFiled(let v): try c.encode(v, forKey: .payload)
        case .policeNotified(let v): try c.encode(v, forKey: .payload)
        case .judicialConfirmationRequested(let v): try c.encode(v, forKey: .payload)
        case .judicialConfirmationDecided(let v): try c.encode(v, forKey: .payload)
        case .supervisionOrdered(let v): try c.encode(v, forKey: .payload)
        case .supervisionAnswered(let v): try c.encode(v, forKey: .payload)
        case .assigned(let v): try c.encode(v, forKey: .payload)
        case .commentAdded(let v): try c.encode(v, forKey: .payload)
        case .guidanceGiven(let v): try c.encode(v, forKey: .payload)
        }
    }

    fileprivate static func decode(_ type: DisputeEventType, from c: KeyedDecodingContainer<DisputeEvent.CodingKeys>) throws -> DisputeEventKind {
        switch type {
        case .registered: .registered(try c.decode(DisputeIntake.self, forKey: .payload))
        case .accepted: .accepted(try c.decode(Acceptance.self, forKey: .payload))
        case .rejected: .rejected(try c.decode(Rejection.self, forKey: .payload))
        case .sessionHeld: .sessionHeld(try c.decode(MediationSession.self, forKey: .payload))
        case .agreementSigned: .agreementSigned(try c.decode(MediationAgreement.self, forKey: .payload))
        case .terminated: .terminated(try c.decode(Termination.self, forKey: .payload))
        case .fulfilled: .fulfilled(try c.decode(Fulfilment.self, forKey: .payload))
        case .followUpVisited: .followUpVisited(try c.decode(FollowUpVisit.self, forKey: .payload))
        case .archived: .archived(try c.decode(Archival.self, forKey: .payload))
        case .escalated: .escalated(try c.decode(Escalation.self, forKey: .payload))
        case .riskAssessed: .riskAssessed(try c.decode(RiskAssessment.self, forKey: .payload))
        case .riskOverridden: .riskOverridden(try c.decode(RiskOverride.self, forKey: .payload))
        case .majorReportFiled: .majorReportFiled(try c.decode(MajorDisputeReport.self, forKey: .payload))
        case .policeNotified: .policeNotified(try c.decode(PoliceNotification.self, forKey: .payload))
        case .judicialConfirmationRequested: .judicialConfirmationRequested(try c.decode(JudicialConfirmationRequest.self, forKey: .payload))
        case .judicialConfirmationDecided: .judicialConfirmationDecided(try c.decode(JudicialConfirmationDecision.self, forKey: .payload))
        case .supervisionOrdered: .supervisionOrdered(try c.decode(SupervisionOrder.self, forKey: .payload))
        case .supervisionAnswered: .supervisionAnswered(try c.decode(SupervisionReply.self, forKey: .payload))
        case .assigned: .assigned(try c.decode(DisputeAssignment.self, forKey: .payload))
        case .commentAdded: .commentAdded(try c.decode(DisputeNote.self, forKey: .payload))
        case .guidanceGiven: .guidanceGiven(try c.decode(DisputeNote.self, forKey: .payload))
        }
    }
}

/// One entry of a dispute's append-only history (X3).
///
/// JSON shape (camelCase fields; `type` is a `DisputeEventType` code):
/// ```json
/// {"id": "…", "disputeId": "…", "at": "2026-03-01T02:00:00Z", "actorUserId": "…",
///  "actorOrgUnitId": "…", "type": "session_held",
///  "payload": {"time": "…", "place": "村委会", "participants": ["张三"], "record": "…", "outcome": "failed"}}
/// ```
/// The `id` is made by the client (a phone on a poor connection can retry safely).
public struct DisputeEvent: Hashable, Codable, Sendable, Identifiable {
    /// Client-made id; appending the same id twice is a no-op (see `DisputeHistory`).
    public var id: UUID
    /// The dispute this event belongs to.
    public var disputeId: UUID
    /// When it happened.
    public var at: Date
    public var actorUserId: UUID
    public var actorOrgUnitId: UUID
    public var kind: DisputeEventKind

    public init(id: UUID, disputeId: UUID, at: Date, actorUserId: UUID, actorOrgUnitId: UUID, kind: DisputeEventKind) {
        self.id = id
        self.disputeId = disputeId
        self.at = at
        self.actorUserId = actorUserId
        self.actorOrgUnitId = actorOrgUnitId
        self.kind = kind
    }

    /// The type code of `kind`.
    public var type: DisputeEventType { kind.type }

    enum CodingKeys: String, CodingKey {
        case id, disputeId, at, actorUserId, actorOrgUnitId, type, payload
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        disputeId = try c.decode(UUID.self, forKey: .disputeId)
        at = try c.decode(Date.self, forKey: .at)
        actorUserId = try c.decode(UUID.self, forKey: .actorUserId)
        actorOrgUnitId = try c.decode(UUID.self, forKey: .actorOrgUnitId)
        kind = try DisputeEventKind.decode(try c.decode(DisputeEventType.self, forKey: .type), from: c)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(disputeId, forKey: .disputeId)
        try c.encode(at, forKey: .at)
        try c.encode(actorUserId, forKey: .actorUserId)
        try c.encode(actorOrgUnitId, forKey: .actorOrgUnitId)
        try c.encode(kind.type, forKey: .type)
        try kind.encodePayload(to: &c)
    }
}

/// A new event as a client sends it: `{"type": …, "payload": …}`. The server adds the dispute,
/// the time and the actor, so a phone cannot back-date or impersonate.
public struct DisputeEventDraft: Decodable, Sendable {
    public var kind: DisputeEventKind

    public init(kind: DisputeEventKind) { self.kind = kind }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DisputeEvent.CodingKeys.self)
        kind = try DisputeEventKind.decode(try c.decode(DisputeEventType.self, forKey: .type), from: c)
    }
}

import Foundation
import PinganDomain

/// Payload of `accepted` (受理).
public struct Acceptance: Hashable, Codable, Sendable {
    public var note: String?
    public init(note: String? = nil) { self.note = note }
}

/// Payload of `rejected` (不予受理): why, and where the parties should go instead.
public struct Rejection: Hashable, Codable, Sendable {
    public var reason: String
    /// The proper channel, in words (e.g. "向人民法院起诉").
    public var properChannel: String
    public init(reason: String, properChannel: String) {
        self.reason = reason
        self.properChannel = properChannel
    }
}

/// Outcome of one mediation session.
public enum SessionOutcome: String, Codable, CaseIterable, Sendable, Labelled {
    case succeeded
    case failed
    public var label: String { self == .succeeded ? "调解成功" : "调解未成" }
}

/// Payload of `sessionHeld`: one mediation session (调处).
public struct MediationSession: Hashable, Codable, Sendable {
    public var time: Date
    public var place: String
    public var participants: [String]
    /// What was said and done (调解笔录).
    public var record: String
    public var outcome: SessionOutcome
    public init(time: Date, place: String, participants: [String], record: String, outcome: SessionOutcome) {
        self.time = time
        self.place = place
        self.participants = participants
        self.record = record
        self.outcome = outcome
    }
}

/// Written or oral agreement.
public enum AgreementForm: String, Codable, CaseIterable, Sendable, Labelled {
    case written
    case oral
    public var label: String { self == .written ? "书面协议" : "口头协议" }
}

/// Payload of `agreementSigned`: the mediation agreement (调解协议书).
public struct MediationAgreement: Hashable, Codable, Sendable {
    public var form: AgreementForm
    /// Names of the parties bound by it.
    public var parties: [String]
    /// Main facts of the dispute.
    public var facts: String
    /// Who bears what responsibility.
    public var responsibilities: String
    /// The agreed terms.
    public var terms: String
    /// Manner of performance (履行方式).
    public var performanceManner: String
    /// Deadline of performance (履行期限), if any.
    public var performanceDeadline: Date?
    /// When the agreement takes effect; the 30-day judicial-confirmation window runs from here.
    public var effectiveDate: Date
    /// Amount agreed, in yuan.
    public var amount: Decimal?

    public init(form: AgreementForm, parties: [String], facts: String, responsibilities: String, terms: String,
                performanceManner: String, performanceDeadline: Date? = nil, effectiveDate: Date, amount: Decimal? = nil) {
        self.form = form
        self.parties = parties
        self.facts = facts
        self.responsibilities = responsibilities
        self.terms = terms
        self.performanceManner = performanceManner
        self.performanceDeadline = performanceDeadline
        self.effectiveDate = effectiveDate
        self.amount = amount
    }
}

/// Other routes open to the parties when mediation ends without agreement.
public enum DisputeRoute: String, Codable, CaseIterable, Sendable, Labelled {
    case litigation
    case arbitration
    case labourArbitration = "labour_arbitration"
    case administrativeHandling = "administrative_handling"
    case petition
    public var label: String {
        switch self {
        case .litigation: "向人民法院起诉"
        case .arbitration: "申请仲裁"
        case .labourArbitration: "申请劳动人事争议仲裁"
        case .administrativeHandling: "请求有关行政机关处理"
        case .petition: "依法信访"
        }
    }
}

/// Payload of `terminated` (终止调解).
public struct Termination: Hashable, Codable, Sendable {
    public var reason: String
    public var otherRoutes: [DisputeRoute]
    public init(reason: String, otherRoutes: [DisputeRoute]) {
        self.reason = reason
        self.otherRoutes = otherRoutes
    }
}

/// Payload of `fulfilled` (履行): evidence the agreement was performed.
public struct Fulfilment: Hashable, Codable, Sendable {
    public var evidence: String
    /// Ids of stored attachments (receipts, photos), if any.
    public var attachmentIds: [UUID]
    public init(evidence: String, attachmentIds: [UUID] = []) {
        self.evidence = evidence
        self.attachmentIds = attachmentIds
    }

    private enum CodingKeys: String, CodingKey { case evidence, attachmentIds }

    /// Attachments are optional: absent or null is none (the detail page's form sends none).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        evidence = try c.decode(String.self, forKey: .evidence)
        attachmentIds = try c.decodeIfPresent([UUID].self, forKey: .attachmentIds) ?? []
    }
}

/// Payload of `followUpVisited` (回访).
public struct FollowUpVisit: Hashable, Codable, Sendable {
    public var record: String
    public var satisfied: Bool
    public init(record: String, satisfied: Bool) {
        self.record = record
        self.satisfied = satisfied
    }
}

/// Payload of `archived` (归档).
public struct Archival: Hashable, Codable, Sendable {
    public var caseNumber: CaseNumber
    public init(caseNumber: CaseNumber) { self.caseNumber = caseNumber }
}

/// Payload of `escalated`: hand-up to a higher level (M6).
public struct Escalation: Hashable, Codable, Sendable {
    public var fromLevel: MediationLevel
    public var toLevel: MediationLevel
    public var toOrgUnitId: UUID
    public var reason: String
    /// `true` when raised by the overdue rule rather than by a person.
    public var automatic: Bool
    public init(fromLevel: MediationLevel, toLevel: MediationLevel, toOrgUnitId: UUID, reason: String, automatic: Bool) {
        self.fromLevel = fromLevel
        self.toLevel = toLevel
        self.toOrgUnitId = toOrgUnitId
        self.reason = reason
        self.automatic = automatic
    }
}

/// Payload of `riskOverridden`: a manual risk level with its reason. It wins over the rules.
public struct RiskOverride: Hashable, Codable, Sendable {
    public var level: RiskLevel
    public var reason: String
    public init(level: RiskLevel, reason: String) {
        self.level = level
        self.reason = reason
    }
}

/// Payload of `policeNotified`: police told because a criminal case may follow (民转刑 risk).
public struct PoliceNotification: Hashable, Codable, Sendable {
    public var note: String
    public var policeStationOrgUnitId: UUID?
    public init(note: String, policeStationOrgUnitId: UUID? = nil) {
        self.note = note
        self.policeStationOrgUnitId = policeStationOrgUnitId
    }
}

/// Payload of `judicialConfirmationRequested` (申请司法确认).
public struct JudicialConfirmationRequest: Hashable, Codable, Sendable {
    public var court: String
    public var note: String?
    public init(court: String, note: String? = nil) {
        self.court = court
        self.note = note
    }
}

/// Payload of `judicialConfirmationDecided`.
public struct JudicialConfirmationDecision: Hashable, Codable, Sendable {
    public var confirmed: Bool
    public var note: String?
    public init(confirmed: Bool, note: String? = nil) {
        self.confirmed = confirmed
        self.note = note
    }
}

/// Payload of `commentAdded` and `guidanceGiven`.
public struct DisputeNote: Hashable, Codable, Sendable {
    public var text: String
    public init(text: String) { self.text = text }
}

/// Who is assigned to help.
public enum AssigneeRole: String, Codable, CaseIterable, Sendable, Labelled {
    case mediator
    case lawyer
    case judicialOfficer = "judicial_officer"
    public var label: String {
        switch self {
        case .mediator: "调解员"
        case .lawyer: "律师"
        case .judicialOfficer: "司法所工作人员"
        }
    }
}

/// Payload of `assigned`: a mediator, a consulting lawyer (M11) or an officer.
public struct DisputeAssignment: Hashable, Codable, Sendable {
    public var role: AssigneeRole
    public var userId: UUID?
    public var name: String
    public var note: String?
    public init(role: AssigneeRole, userId: UUID? = nil, name: String, note: String? = nil) {
        self.role = role
        self.userId = userId
        self.name = name
        self.note = note
    }
}

/// Payload of `majorReportFiled`: the major-dispute report (重大纠纷报告) sent up at once.
public struct MajorDisputeReport: Hashable, Codable, Sendable {
    /// Township judicial office and county justice bureau.
    public var recipientOrgUnitIds: [UUID]
    public var riskLevel: RiskLevel
    public var summary: String
    public init(recipientOrgUnitIds: [UUID], riskLevel: RiskLevel, summary: String) {
        self.recipientOrgUnitIds = recipientOrgUnitIds
        self.riskLevel = riskLevel
        self.summary = summary
    }
}

/// Payload of `supervisionAnswered`: the handling unit's reply to a supervision order.
public struct SupervisionReply: Hashable, Codable, Sendable {
    public var orderId: UUID
    public var reply: String
    public init(orderId: UUID, reply: String) {
        self.orderId = orderId
        self.reply = reply
    }
}

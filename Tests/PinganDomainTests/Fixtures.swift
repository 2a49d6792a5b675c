import Foundation
@testable import MediationDomain
import PinganDomain

/// Shared fixed ids, dates (Asia/Shanghai) and event builders for tests.
enum F {
    static let cal = PinganCalendar.shanghai
    static let dispute = UUID(uuidString: "00000000-0000-0000-0000-00000000D001")!
    static let user = UUID(uuidString: "00000000-0000-0000-0000-00000000A001")!
    static let village = UUID(uuidString: "00000000-0000-0000-0000-00000000C001")!
    static let township = UUID(uuidString: "00000000-0000-0000-0000-00000000B001")!
    static let county = UUID(uuidString: "00000000-0000-0000-0000-00000000E001")!
    static let validID = "11010519491231002X"

    /// A moment in Asia/Shanghai.
    static func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 9, _ min: Int = 0) -> Date {
        cal.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }

    static func intake(level: MediationLevel = .village, channel: MediationChannel = .peoplesMediation,
                       category: DisputeCategory = .neighbourhood, people: Int = 2, amount: Decimal? = nil,
                       signs: RiskSigns = .none, idNumber: String? = validID) -> DisputeIntake {
        DisputeIntake(
            parties: [Party(name: "张三", sex: .male, idNumber: idNumber, phone: "13812345678", address: "东村 1 号", role: .applicant),
                      Party(name: "李四", sex: .female, role: .respondent)],
            category: category, subcategoryCode: category.subcategories[0].code, source: .partyApplication,
            channel: channel, level: level, handlingOrgUnitId: level == .township ? township : village,
            villageId: village, townshipId: township, place: "东村", peopleInvolved: people, amount: amount,
            summary: "邻里通行纠纷", riskSigns: signs)
    }

    static func ev(_ kind: DisputeEventKind, _ at: Date, dispute: UUID = dispute) -> DisputeEvent {
        DisputeEvent(id: UUID(), disputeId: dispute, at: at, actorUserId: user, actorOrgUnitId: village, kind: kind)
    }

    static func session(_ outcome: SessionOutcome, _ at: Date) -> DisputeEventKind {
        .sessionHeld(MediationSession(time: at, place: "村委会", participants: ["张三", "李四"], record: "笔录", outcome: outcome))
    }

    static func agreement(_ effective: Date, form: AgreementForm = .written) -> DisputeEventKind {
        .agreementSigned(MediationAgreement(form: form, parties: ["张三", "李四"], facts: "事实", responsibilities: "各半",
                                            terms: "李四让出通道", performanceManner: "即时履行",
                                            performanceDeadline: effective.addingTimeInterval(86400 * 10), effectiveDate: effective))
    }

    static func escalation(_ from: MediationLevel, _ to: MediationLevel, automatic: Bool = false) -> DisputeEventKind {
        .escalated(Escalation(fromLevel: from, toLevel: to, toOrgUnitId: to == .county ? county : township, reason: "调解未成", automatic: automatic))
    }

    /// registered → accepted → session → agreement → fulfilled → follow-up → archived.
    static func happyPath() -> [DisputeEvent] {
        [ev(.registered(intake()), at(2026, 3, 2)),
         ev(.accepted(Acceptance()), at(2026, 3, 2, 10)),
         ev(session(.succeeded, at(2026, 3, 5)), at(2026, 3, 5)),
         ev(agreement(at(2026, 3, 5, 11)), at(2026, 3, 5, 11)),
         ev(.fulfilled(Fulfilment(evidence: "已让出通道")), at(2026, 3, 10)),
         ev(.followUpVisited(FollowUpVisit(record: "关系和睦", satisfied: true)), at(2026, 4, 1)),
         ev(.archived(Archival(caseNumber: CaseNumber(year: 2026, sequence: 7))), at(2026, 4, 2))]
    }

    /// Events up to and including acceptance (accepted at 2026-03-02 10:00).
    static func accepted(level: MediationLevel = .village, channel: MediationChannel = .peoplesMediation) -> [DisputeEvent] {
        [ev(.registered(intake(level: level, channel: channel)), at(2026, 3, 2)),
         ev(.accepted(Acceptance()), at(2026, 3, 2, 10))]
    }

    static func state(_ events: [DisputeEvent]) throws -> DisputeState { try DisputeState.replay(events) }
}

import Foundation
import PinganDomain

/// Where a dispute stands against its statutory mediation time limit in a ledger (台帐, M10).
public enum LedgerTimeliness: String, Codable, Sendable, CaseIterable, Labelled {
    /// Not accepted (yet, or refused): no mediation clock runs.
    case notRunning = "not_running"
    /// Still being mediated, within the limit.
    case running
    /// Concluded (agreement or termination) on or before the last day.
    case concludedInTime = "concluded_in_time"
    /// Concluded after the last day.
    case concludedLate = "concluded_late"
    /// Still open past the last day.
    case overdue

    public var label: String {
        switch self {
        case .notRunning: "未起算"
        case .running: "期限内办理中"
        case .concludedInTime: "按期办结"
        case .concludedLate: "超期办结"
        case .overdue: "超期未结"
        }
    }

    /// Whether the ledger flags the row as past its limit.
    public var isOverdue: Bool { self == .concludedLate || self == .overdue }
}

/// One ledger row's time-limit facts, derived from a dispute's state. Pure: `now` is passed in.
///
/// The clock is the one `DisputeState.deadlines` runs: it starts at acceptance (restarted by a
/// hand-up) and its length is the channel's limit in `TimeLimits`. Mediation ends at the
/// agreement or the termination; later steps (performance, follow-up) are not mediation.
public struct LedgerEntry: Hashable, Sendable {
    public var limit: TimeLimit
    /// The last day of the limit, when the clock has started.
    public var lastDay: LocalDate?
    /// When mediation ended (agreement or termination), if it has.
    public var concludedAt: Date?
    public var timeliness: LedgerTimeliness
    /// Days past the last day (0 when in time).
    public var daysOver: Int

    public init(state: DisputeState, clock: LegalClock, now: Date) {
        limit = clock.limits.mediationLimit(for: state.channel)
        concludedAt = state.agreedAt ?? state.terminatedAt
        guard let start = state.mediationClockStart else {
            lastDay = nil; timeliness = .notRunning; daysOver = 0
            return
        }
        let last = clock.lastDay(from: start, limit: limit)
        lastDay = last
        if let end = concludedAt {
            let endDay = LocalDate(end, in: clock.calendar)
            daysOver = max(0, last.days(until: endDay))
            timeliness = daysOver > 0 ? .concludedLate : .concludedInTime
        } else if state.stage.isOpen {
            let status = clock.status(of: clock.deadline(.mediation, lastDay: last), at: now)
            if case .overdue(let d) = status { daysOver = d; timeliness = .overdue } else { daysOver = 0; timeliness = .running }
        } else {
            // Closed without agreement or termination (cannot happen after acceptance today).
            daysOver = 0; timeliness = .notRunning
        }
    }

    /// The result column: what mediation came to.
    public static func result(of state: DisputeState) -> String {
        if state.rejection != nil { return "不予受理" }
        if state.fulfilment != nil { return "调解成功，已履行" }
        if state.agreement != nil { return "调解成功" }
        if state.termination != nil { return "调解不成（终止）" }
        return "调处中"
    }
}

/// The statutory (or rule-based) source of each channel's default mediation limit, as the
/// README states it. A county that changes a limit in settings answers for its own source.
public enum LedgerLimitSource {
    public static func source(for channel: MediationChannel) -> String {
        switch channel {
        case .labourCommittee:
            "《劳动争议调解仲裁法》第十四条：自收到调解申请之日起十五日内未达成协议的，可申请仲裁"
        case .medicalCommittee:
            "《医疗纠纷预防和处理条例》第三十八条：自受理之日起30个工作日内完成调解"
        case .peoplesMediation, .petitionLinked:
            "《人民调解工作若干规定》（司法部令第75号）第三十三条：一般在一个月内调结"
        case .roadTrafficCommittee:
            "本委员会调解规则（参照人民调解一个月调结）"
        case .departmentMediationRoom:
            "本部门调解室工作制度（参照人民调解一个月调结）"
        case .courtReferred:
            "人民法院委派/委托调解的期限（默认30日，以法院函件为准）"
        }
    }
}

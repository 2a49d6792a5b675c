import Foundation
import PinganDomain

/// How a time limit is counted.
public enum DayCounting: String, Codable, CaseIterable, Sendable, Labelled {
    /// Every calendar day counts.
    case calendarDays = "calendar_days"
    /// Weekends and listed holidays are skipped (listed make-up days count).
    case workingDays = "working_days"
    /// Calendar months (Jan 31 + 1 month = Feb 28/29).
    case months

    public var label: String {
        switch self {
        case .calendarDays: "日"
        case .workingDays: "个工作日"
        case .months: "个月"
        }
    }
}

/// A legal time limit, e.g. 30 working days.
public struct TimeLimit: Hashable, Codable, Sendable, Labelled {
    public var amount: Int
    public var counting: DayCounting

    public init(_ amount: Int, _ counting: DayCounting) {
        self.amount = amount
        self.counting = counting
    }

    /// e.g. `"30个工作日"`.
    public var label: String { "\(amount)\(counting.label)" }
}

/// Configurable legal time limits (M6). `TimeLimits()` holds the defaults:
/// general mediation 1 month, medical 30 working days, labour 15 days, judicial confirmation 30 days.
public struct TimeLimits: Hashable, Codable, Sendable {
    /// People's mediation, department rooms, road-traffic committee, petition-linked (default 1 month).
    public var general: TimeLimit
    public var roadTraffic: TimeLimit
    public var medical: TimeLimit
    public var labour: TimeLimit
    public var courtReferred: TimeLimit
    /// Window to apply for judicial confirmation from the agreement taking effect (default 30 days).
    public var judicialConfirmation: TimeLimit
    /// Yellow warning starts this many calendar days before a deadline (default 5).
    public var warningDaysBefore: Int
    /// Public holidays that are not working days.
    public var holidays: [LocalDate]
    /// Weekend days that are working days (调休).
    public var extraWorkingDays: [LocalDate]

    public init(general: TimeLimit = TimeLimit(1, .months), roadTraffic: TimeLimit = TimeLimit(1, .months),
                medical: TimeLimit = TimeLimit(30, .workingDays), labour: TimeLimit = TimeLimit(15, .calendarDays),
                courtReferred: TimeLimit = TimeLimit(30, .calendarDays),
                judicialConfirmation: TimeLimit = TimeLimit(30, .calendarDays), warningDaysBefore: Int = 5,
                holidays: [LocalDate] = [], extraWorkingDays: [LocalDate] = []) {
        self.general = general
        self.roadTraffic = roadTraffic
        self.medical = medical
        self.labour = labour
        self.courtReferred = courtReferred
        self.judicialConfirmation = judicialConfirmation
        self.warningDaysBefore = warningDaysBefore
        self.holidays = holidays
        self.extraWorkingDays = extraWorkingDays
    }

    public static let `default` = TimeLimits()

    /// The mediation time limit of a channel.
    public func mediationLimit(for channel: MediationChannel) -> TimeLimit {
        switch channel {
        case .peoplesMediation, .departmentMediationRoom, .petitionLinked: general
        case .roadTrafficCommittee: roadTraffic
        case .medicalCommittee: medical
        case .labourCommittee: labour
        case .courtReferred: courtReferred
        }
    }
}

/// Where a deadline stands at a given moment.
public enum DeadlineStatus: Hashable, Sendable, Codable, Labelled {
    /// More than the warning period left; `daysLeft` counts whole days to the last day.
    case ok(daysLeft: Int)
    /// Yellow warning: within the warning period (`daysLeft` 0 means today is the last day).
    case warning(daysLeft: Int)
    /// Red: past the deadline by `daysOverdue` (≥ 1) days.
    case overdue(daysOverdue: Int)

    public var label: String {
        switch self {
        case .ok: "正常"
        case .warning(let d): d == 0 ? "黄色预警（今日到期）" : "黄色预警（剩 \(d) 天）"
        case .overdue(let d): "红色预警（超期 \(d) 天）"
        }
    }

    /// "ok", "warning" or "overdue": the code lists, the board and the detail page colour by.
    public var code: String {
        switch self {
        case .ok: "ok"
        case .warning: "warning"
        case .overdue: "overdue"
        }
    }

    public var isOverdue: Bool { if case .overdue = self { true } else { false } }
    public var isWarning: Bool { if case .warning = self { true } else { false } }

    private enum CodingKeys: String, CodingKey { case status, days }

    /// JSON: `{"status": "ok"|"warning"|"overdue", "days": N}`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .status)
        switch self {
        case .ok(let d), .warning(let d), .overdue(let d): try c.encode(d, forKey: .days)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = try c.decode(Int.self, forKey: .days)
        switch try c.decode(String.self, forKey: .status) {
        case "ok": self = .ok(daysLeft: d)
        case "warning": self = .warning(daysLeft: d)
        case "overdue": self = .overdue(daysOverdue: d)
        case let s: throw DecodingError.dataCorruptedError(forKey: .status, in: c, debugDescription: "unknown status \(s)")
        }
    }
}

/// What a deadline is for.
public enum DeadlineKind: String, Codable, CaseIterable, Sendable, Labelled {
    case mediation
    case judicialConfirmation = "judicial_confirmation"
    case performance
    case supervision

    public var label: String {
        switch self {
        case .mediation: "调解期限"
        case .judicialConfirmation: "司法确认申请期限"
        case .performance: "履行期限"
        case .supervision: "督办期限"
        }
    }
}

/// A deadline: the last day (inclusive) and the moment it passes (start of the next day).
public struct LegalDeadline: Hashable, Codable, Sendable {
    public var kind: DeadlineKind
    /// The last day on which the act is in time.
    public var lastDay: LocalDate
    /// The moment the deadline passes (midnight after `lastDay`, Asia/Shanghai).
    public var passesAt: Date
    /// Supervision order id, for `.supervision`.
    public var supervisionOrderId: UUID?

    public init(kind: DeadlineKind, lastDay: LocalDate, passesAt: Date, supervisionOrderId: UUID? = nil) {
        self.kind = kind
        self.lastDay = lastDay
        self.passesAt = passesAt
        self.supervisionOrderId = supervisionOrderId
    }
}

/// Computes legal deadlines and their status. Pure: `now` and the calendar are passed in.
///
/// Counting follows the usual rule that the starting day is not counted: 15 days from an act on
/// 1 March ends on 16 March; 30 working days skip weekends and `holidays`.
public struct LegalClock: Sendable {
    public var limits: TimeLimits
    public var calendar: Calendar
    private let holidays: Set<LocalDate>
    private let extraWorkingDays: Set<LocalDate>

    public init(limits: TimeLimits = .default, calendar: Calendar = PinganCalendar.shanghai) {
        self.limits = limits
        self.calendar = calendar
        holidays = Set(limits.holidays)
        extraWorkingDays = Set(limits.extraWorkingDays)
    }

    /// Whether `day` is a working day (not a weekend or holiday, or a listed make-up day).
    public func isWorkingDay(_ day: LocalDate) -> Bool {
        if extraWorkingDays.contains(day) { return true }
        return !day.isWeekend && !holidays.contains(day)
    }

    /// The last day of `limit` counted from the act at `start`.
    public func lastDay(from start: Date, limit: TimeLimit) -> LocalDate {
        let day = LocalDate(start, in: calendar)
        switch limit.counting {
        case .calendarDays:
            return day.adding(days: limit.amount)
        case .months:
            return day.adding(months: limit.amount)
        case .workingDays:
            var d = day, counted = 0
            while counted < limit.amount {
                d = d.adding(days: 1)
                if isWorkingDay(d) { counted += 1 }
            }
            return d
        }
    }

    /// The deadline of `limit` from `start`.
    public func deadline(_ kind: DeadlineKind, from start: Date, limit: TimeLimit) -> LegalDeadline {
        deadline(kind, lastDay: lastDay(from: start, limit: limit))
    }

    /// A deadline whose last day is `lastDay`.
    public func deadline(_ kind: DeadlineKind, lastDay: LocalDate, supervisionOrderId: UUID? = nil) -> LegalDeadline {
        LegalDeadline(kind: kind, lastDay: lastDay, passesAt: lastDay.adding(days: 1).start(in: calendar),
                      supervisionOrderId: supervisionOrderId)
    }

    /// A deadline known only by the moment it passes (a list row keeps just that): its last day
    /// is the day of the last moment before it.
    public func deadline(_ kind: DeadlineKind, passingAt passesAt: Date, supervisionOrderId: UUID? = nil) -> LegalDeadline {
        LegalDeadline(kind: kind, lastDay: LocalDate(passesAt.addingTimeInterval(-1), in: calendar), passesAt: passesAt,
                      supervisionOrderId: supervisionOrderId)
    }

    /// Deadlines passing before this moment are in their warning period (or past) at `now`: the
    /// same rule as `status`, in the form a database filter on the passing moment can use.
    public func warningCutoff(at now: Date) -> Date {
        LocalDate(now, in: calendar).adding(days: limits.warningDaysBefore).start(in: calendar).addingTimeInterval(1)
    }

    /// The status of `deadline` at `now`: yellow from `warningDaysBefore` days before the last day
    /// ends, red once it has passed. The one rule for every list, board and page.
    public func status(of deadline: LegalDeadline, at now: Date) -> DeadlineStatus {
        let today = LocalDate(now, in: calendar)
        if now >= deadline.passesAt {
            return .overdue(daysOverdue: max(1, deadline.lastDay.days(until: today)))
        }
        let left = today.days(until: deadline.lastDay)
        return left < limits.warningDaysBefore ? .warning(daysLeft: left) : .ok(daysLeft: left)
    }
}

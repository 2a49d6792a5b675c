import Foundation
import PinganDomain

/// Dates and amounts as the county's staff read them (Beijing time, Chinese formats).
package enum PageFormat {
    /// Shanghai calendar arithmetic instead of a DateFormatter per call: a board formats thousands
    /// of dates, and building a formatter costs more than the database query behind the row.
    package static let calendar: Calendar = PinganCalendar.shanghai

    package static func parts(_ d: Date) -> DateComponents { calendar.dateComponents([.year, .month, .day, .hour, .minute], from: d) }

    package static func dateTime(_ d: Date?) -> String {
        guard let d else { return "" }
        let c = parts(d)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    package static func date(_ d: Date?) -> String {
        guard let d else { return "" }
        let c = parts(d)
        return "\(c.year ?? 0)年\(c.month ?? 0)月\(c.day ?? 0)日"
    }

    package static func dayOf(_ d: LocalDate) -> String { "\(d.year)年\(d.month)月\(d.day)日" }

    /// A deadline column holds the moment it passes (midnight after the last day); people read
    /// the last day itself.
    package static func lastDay(_ passesAt: Date?) -> String {
        passesAt.map { "截至" + date($0.addingTimeInterval(-1)) } ?? ""
    }

    package static func amount(_ a: Decimal?) -> String {
        guard let a else { return "" }
        return "\(NSDecimalNumber(decimal: a).stringValue) 元"
    }

    /// "warning"/"overdue"/"ok"/"none" → the words on a deadline badge.
    package static func deadlineLabel(_ status: String) -> String {
        switch status {
        case "overdue": "已超期"
        case "warning": "临近期限"
        case "ok": "期限内"
        default: "无期限"
        }
    }
}

import Foundation
import PinganDomain

/// Dates and amounts as the county's staff read them (Beijing time, Chinese formats).
enum PageFormat {
    static func formatter(_ pattern: String) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "zh_CN")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = pattern
        return f
    }

    static func dateTime(_ d: Date?) -> String { d.map { formatter("yyyy-MM-dd HH:mm").string(from: $0) } ?? "" }
    static func date(_ d: Date?) -> String { d.map { formatter("yyyy年M月d日").string(from: $0) } ?? "" }
    static func dayOf(_ d: LocalDate) -> String { "\(d.year)年\(d.month)月\(d.day)日" }

    /// A deadline column holds the moment it passes (midnight after the last day); people read
    /// the last day itself.
    static func lastDay(_ passesAt: Date?) -> String {
        passesAt.map { "截至" + formatter("yyyy年M月d日").string(from: $0.addingTimeInterval(-1)) } ?? ""
    }

    static func amount(_ a: Decimal?) -> String {
        guard let a else { return "" }
        return "\(NSDecimalNumber(decimal: a).stringValue) 元"
    }

    /// "warning"/"overdue"/"ok"/"none" → the words on a deadline badge.
    static func deadlineLabel(_ status: String) -> String {
        switch status {
        case "overdue": "已超期"
        case "warning": "临近期限"
        case "ok": "期限内"
        default: "无期限"
        }
    }
}

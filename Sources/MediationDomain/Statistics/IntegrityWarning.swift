import Foundation
import PinganDomain

/// What makes a report's figures doubtful (issue #12). Each warning names the records involved.
public enum IntegrityWarningKind: String, CaseIterable, Codable, Sendable {
    /// The success rate is at or above the threshold (e.g. 99%) over enough disputes.
    case rateNearHundred = "rate_near_hundred"
    /// Too large a share of disputes settled on the day they were registered.
    case sameDayClosures = "same_day_closures"
    /// Descriptions nearly identical across different cases (SimHash fingerprints).
    case nearIdenticalTexts = "near_identical_texts"
    /// Villages with no monthly screening report (每月排查) for a month of the period.
    case missingScreening = "missing_screening"
    /// Counted as "mass incident prevented" or "petition resolved" without the record behind the
    /// claim: no agreement text, or a petition-linked dispute without the petition's referral.
    case unsupportedClaims = "unsupported_claims"

    public var label: String {
        switch self {
        case .rateNearHundred: "调解成功率接近100%"
        case .sameDayClosures: "大量纠纷当日受理当日办结"
        case .nearIdenticalTexts: "不同案件的纠纷简要情况几乎相同"
        case .missingScreening: "村（居）缺少月度排查报告"
        case .unsupportedClaims: "“防止”“化解”缺少关联记录"
        }
    }
}

/// The thresholds, from the settings (`PINGAN_INTEGRITY_*`, README).
public struct IntegrityThresholds: Hashable, Codable, Sendable {
    /// A success rate at or above this is flagged…
    public var successRate: Double = 0.99
    /// …when at least this many disputes were received (a village with 3 of 3 is not a pattern).
    public var minimumReceived: Int = 20
    /// Share of settled disputes settled on their day of registration that is flagged.
    public var sameDayShare: Double = 0.3
    /// Fingerprints within this many bits (of 64) are near-identical.
    public var textDistance: Int = 3
    public init() {}
}

/// The same-day and near-100% rules, pure so they are tested without a database.
public enum IntegrityRules {
    public static func rateNearHundred(received: Int, settled: Int, _ t: IntegrityThresholds) -> Bool {
        received >= t.minimumReceived && Double(settled) / Double(received) >= t.successRate
    }

    public static func sameDayFlagged(settled: Int, sameDay: Int, _ t: IntegrityThresholds) -> Bool {
        settled >= t.minimumReceived && Double(sameDay) / Double(settled) >= t.sameDayShare
    }

    /// Same calendar day in China time: the county's day, whatever the server's zone.
    public static func sameDay(_ a: Date, _ b: Date) -> Bool { PinganCalendar.shanghai.isDate(a, inSameDayAs: b) }
}

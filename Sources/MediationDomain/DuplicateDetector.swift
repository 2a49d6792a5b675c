import Foundation
import PinganDomain

/// What the duplicate check needs to know about an existing dispute (a list row).
public struct DisputeSummary: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var registeredAt: Date
    public var partyIdNumbers: [String]
    public var villageId: UUID?
    public var gridId: UUID?
    public var category: DisputeCategory

    public init(id: UUID, registeredAt: Date, partyIdNumbers: [String], villageId: UUID?, gridId: UUID?, category: DisputeCategory) {
        self.id = id
        self.registeredAt = registeredAt
        self.partyIdNumbers = partyIdNumbers
        self.villageId = villageId
        self.gridId = gridId
        self.category = category
    }

    /// The summary of a dispute's state.
    public init(_ state: DisputeState) {
        self.init(id: state.disputeId, registeredAt: state.registeredAt,
                  partyIdNumbers: state.intake.parties.compactMap(\.idNumber),
                  villageId: state.intake.villageId, gridId: state.intake.gridId, category: state.intake.category)
    }
}

/// Why a dispute may be a duplicate.
public enum DuplicateReason: Hashable, Codable, Sendable, Labelled {
    /// A party with the same ID number (the masked number is given).
    case samePartyIdNumber(masked: String)
    /// Same grid (or village) and category within the window.
    case samePlaceAndCategory(daysApart: Int)

    public var label: String {
        switch self {
        case .samePartyIdNumber(let m): "当事人身份证号相同（\(m)）"
        case .samePlaceAndCategory(let d): "同一地点、同类纠纷（相隔 \(d) 天）"
        }
    }
}

/// A possible duplicate to show before saving.
public struct PossibleDuplicate: Hashable, Codable, Sendable {
    public var disputeId: UUID
    public var reasons: [DuplicateReason]
}

/// Finds possible duplicates of a new intake (M3): same party ID number (any time), or same
/// place (grid if both have one, else village) and top-level category within `windowDays` days.
public struct DuplicateDetector: Sendable {
    public var windowDays: Int
    public var calendar: Calendar

    public init(windowDays: Int = 30, calendar: Calendar = PinganCalendar.shanghai) {
        self.windowDays = windowDays
        self.calendar = calendar
    }

    /// Possible duplicates of `candidate` (registered at `at`) among `existing`, in input order.
    public func possibleDuplicates(of candidate: DisputeIntake, at: Date, among existing: [DisputeSummary]) -> [PossibleDuplicate] {
        let ids = Set(candidate.parties.compactMap { $0.idNumber?.uppercased() })
        let day = LocalDate(at, in: calendar)
        return existing.compactMap { other in
            var reasons: [DuplicateReason] = []
            for number in other.partyIdNumbers where ids.contains(number.uppercased()) {
                reasons.append(.samePartyIdNumber(masked: Masking.idNumber(number)))
                break
            }
            let apart = abs(day.days(until: LocalDate(other.registeredAt, in: calendar)))
            if other.category == candidate.category, apart <= windowDays, samePlace(candidate, other) {
                reasons.append(.samePlaceAndCategory(daysApart: apart))
            }
            return reasons.isEmpty ? nil : PossibleDuplicate(disputeId: other.id, reasons: reasons)
        }
    }

    private func samePlace(_ a: DisputeIntake, _ b: DisputeSummary) -> Bool {
        if let g1 = a.gridId, let g2 = b.gridId { return g1 == g2 }
        if let v1 = a.villageId, let v2 = b.villageId { return v1 == v2 }
        return false
    }
}

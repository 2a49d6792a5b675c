import Foundation
import PinganDomain

/// What a field record says beyond its unit, officer, place and time: the fields of its kind. One
/// shape for every kind (each kind fills its own), so the phone, the API and the ledger share it.
/// The ID number is kept here only until the record is stored: the store keeps it apart, and every
/// answer shows it masked (`masked`).
public struct FieldRecordDetails: Codable, Equatable, Sendable {
    public var personName: String?
    public var idNumber: String?
    public var plate: String?
    /// 案由: why a person was taken in hand.
    public var reason: String?
    public var detentionDays: Int?
    public var assistance: AssistanceKind?
    public var peopleHelped: Int?
    public var violation: TrafficViolationKind?
    /// mg/100 mL, for drunk driving.
    public var bloodAlcohol: Double?
    public var venueKind: VenueKind?
    public var venueName: String?
    public var logistics: LogisticsChecks?

    public init(personName: String? = nil, idNumber: String? = nil, plate: String? = nil, reason: String? = nil, detentionDays: Int? = nil,
                assistance: AssistanceKind? = nil, peopleHelped: Int? = nil, violation: TrafficViolationKind? = nil, bloodAlcohol: Double? = nil,
                venueKind: VenueKind? = nil, venueName: String? = nil, logistics: LogisticsChecks? = nil) {
        self.personName = personName; self.idNumber = idNumber; self.plate = plate; self.reason = reason; self.detentionDays = detentionDays
        self.assistance = assistance; self.peopleHelped = peopleHelped; self.violation = violation; self.bloodAlcohol = bloodAlcohol
        self.venueKind = venueKind; self.venueName = venueName; self.logistics = logistics
    }

    // MARK: Limits (the API document publishes the same)

    public static let nameMaxLength = 50
    public static let reasonMaxLength = 200
    public static let venueNameMaxLength = 100
    /// 治安管理处罚法: up to 15 days for one act, 20 for several together.
    public static let detentionDays = 1...20
    public static let peopleHelped = 1...999

    // MARK: Rules

    /// The details of a record of `kind`: that kind's fields, each checked; the other kinds' fields
    /// are dropped (a phone's form may leave them filled). Throws the first rule broken, with a
    /// code naming it.
    public func validated(for kind: FieldRecordKind) throws(DomainError) -> FieldRecordDetails {
        var out = FieldRecordDetails()
        switch kind {
        case .personCheck:
            out.personName = try Self.required(personName, "personName", "姓名")
            out.idNumber = try Self.idNumber(try Self.required(idNumber, "idNumber", "身份证号"))
        case .vehicleCheck:
            guard let plate else { throw Self.missing("plate", "车牌号") }
            out.plate = try Self.plate(plate)
        case .suspectCaught, .arrest, .administrativeDetention, .fugitiveCaught:
            out.personName = try Self.required(personName, "personName", "姓名")
            out.reason = try Self.required(reason, "reason", "案由")
            out.idNumber = try Self.present(idNumber).map { (v) throws(DomainError) in try Self.idNumber(v) }
            if kind == .administrativeDetention {
                guard let days = detentionDays else { throw Self.missing("detentionDays", "拘留天数") }
                guard Self.detentionDays.contains(days) else {
                    throw .invalid("invalid_detention_days", "detention is 1 to 20 days", "拘留天数应为 1 至 20 天")
                }
                out.detentionDays = days
            }
        case .publicAssistance:
            guard let assistance else { throw Self.missing("assistance", "求助类别") }
            guard let people = peopleHelped else { throw Self.missing("peopleHelped", "救助人数") }
            guard Self.peopleHelped.contains(people) else {
                throw .invalid("invalid_people_helped", "people helped is 1 to 999", "救助人数应为 1 至 999")
            }
            out.assistance = assistance
            out.peopleHelped = people
        case .trafficViolation:
            guard let violation else { throw Self.missing("violation", "违法类别") }
            out.violation = violation
            out.plate = try plate.map { (v) throws(DomainError) in try Self.plate(v) }
            if violation == .drunkDriving {
                guard let reading = bloodAlcohol else { throw Self.missing("bloodAlcohol", "酒精含量") }
                guard reading.isFinite, reading >= TrafficViolationKind.drinkDrivingThreshold, reading <= TrafficViolationKind.maxBloodAlcohol else {
                    throw .invalid("invalid_blood_alcohol", "drink driving is 20 to 500 mg/100 mL of blood alcohol",
                                   "酒驾的血液酒精含量应为 20 至 500 mg/100mL（低于 20 不属酒驾）")
                }
                out.bloodAlcohol = reading
            }
        case .venueInspection:
            guard let venueKind else { throw Self.missing("venueKind", "场所类别") }
            out.venueKind = venueKind
            out.venueName = try Self.required(venueName, "venueName", "场所名称")
            if venueKind == .logistics {
                guard let logistics else {
                    throw .invalid("missing_logistics_checks", "a logistics inspection records each of the three 100% items",
                                   "物流寄递检查须逐项记录“三个100%”是否落实")
                }
                out.logistics = logistics
            }
        }
        return out
    }

    /// The sub-kind a ledger counts by: the violation, the venue's kind or the assistance's.
    public var subkind: String? { violation?.rawValue ?? venueKind?.rawValue ?? assistance?.rawValue }

    /// The same with the ID number masked, for every answer and export.
    public var masked: FieldRecordDetails {
        var m = self
        m.idNumber = idNumber.map(Masking.idNumber)
        return m
    }

    /// One line for the ledger and the phone's list (ID number masked).
    public func summary(for kind: FieldRecordKind) -> String {
        let id = idNumber.map { "（" + Masking.idNumber($0) + "）" } ?? ""
        switch kind {
        case .personCheck: return (personName ?? "") + id
        case .vehicleCheck: return plate ?? ""
        case .suspectCaught, .arrest, .fugitiveCaught: return (personName ?? "") + id + "，案由：" + (reason ?? "")
        case .administrativeDetention: return (personName ?? "") + id + "，拘留 \(detentionDays ?? 0) 日，案由：" + (reason ?? "")
        case .publicAssistance: return (assistance?.label ?? "") + " \(peopleHelped ?? 0) 人"
        case .trafficViolation:
            var s = violation?.label ?? ""
            if let reading = bloodAlcohol { s += String(format: "（%@，%.0f mg/100mL）", TrafficViolationKind.drinkLabel(bloodAlcohol: reading), reading) }
            return s + (plate.map { " " + $0 } ?? "")
        case .venueInspection:
            var s = (venueKind?.label ?? "") + "：" + (venueName ?? "")
            if let l = logistics {
                s += "；三个100%：" + l.items.map { "\($0.label)\($0.met ? "已落实" : "未落实")" }.joined(separator: "、")
            }
            return s
        }
    }

    // MARK: Field rules

    static func present(_ value: String?) -> String? {
        guard let v = value?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    static func missing(_ field: String, _ labelZh: String) -> DomainError {
        .invalid("missing_field", "\(field) is required for this kind of record", "请填写\(labelZh)（\(field)）")
    }

    static func required(_ value: String?, _ field: String, _ labelZh: String) throws(DomainError) -> String {
        guard let v = present(value) else { throw missing(field, labelZh) }
        return v
    }

    /// An 18-character resident ID number with a valid check character, normalised (`X` upper case).
    public static func idNumber(_ value: String) throws(DomainError) -> String {
        do { return try ChineseIDNumber(value).value } catch { throw error.domainError }
    }

    /// A plate as `LicencePlate` reads it, as sent: the API document's pattern allows no spaces and no
    /// lower case, so neither does this (the phone writes it so).
    public static func plate(_ value: String) throws(DomainError) -> String {
        guard LicencePlate.isValid(value) else {
            throw .invalid("invalid_plate", "\(value) is not a Chinese plate number (e.g. 冀D12345, 冀DD12345)",
                           "车牌号 \(value) 格式不对（如 冀D12345、新能源 冀DD12345），请用大写字母")
        }
        return value
    }
}

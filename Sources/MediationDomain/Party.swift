import Foundation
import PinganDomain

/// A party to a dispute (当事人).
public struct Party: Hashable, Codable, Sendable {
    public var name: String
    public var sex: Sex?
    /// Resident ID number (18 characters) if known; validate with `ChineseIDNumber`.
    public var idNumber: String?
    public var phone: String?
    public var address: String?
    public var role: PartyRole

    public init(name: String, sex: Sex? = nil, idNumber: String? = nil, phone: String? = nil,
                address: String? = nil, role: PartyRole) {
        self.name = name
        self.sex = sex
        self.idNumber = idNumber
        self.phone = phone
        self.address = address
        self.role = role
    }

    /// Set to `true` in an encoder's `userInfo` to write every party masked: an answer that
    /// carries a whole state cannot then leak a number by forgetting one place.
    public static let maskedEncoding = CodingUserInfoKey(rawValue: "pingan.party.masked")!

    public func encode(to encoder: Encoder) throws {
        let p = encoder.userInfo[Self.maskedEncoding] as? Bool == true ? masked : self
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(p.name, forKey: .name)
        try c.encodeIfPresent(p.sex, forKey: .sex)
        try c.encodeIfPresent(p.idNumber, forKey: .idNumber)
        try c.encodeIfPresent(p.phone, forKey: .phone)
        try c.encodeIfPresent(p.address, forKey: .address)
        try c.encode(p.role, forKey: .role)
    }

    /// A copy with the ID number and phone masked, for lists.
    public var masked: Party {
        var p = self
        p.idNumber = idNumber.map(Masking.idNumber)
        p.phone = phone.map(Masking.phone)
        return p
    }

    /// Checks the ID number (if any) with the GB 11643 checksum.
    public func validate() throws(DomainError) {
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalid("invalid_party", "party name is empty", "当事人姓名不能为空")
        }
        if let id = idNumber {
            do { _ = try ChineseIDNumber(id) } catch { throw error.domainError }
        }
    }
}

/// Signs of danger noted at intake; they feed the risk rules (M5).
public struct RiskSigns: Hashable, Codable, Sendable {
    /// Someone threatened violence.
    public var threatOfViolence: Bool
    /// Someone threatened self-harm.
    public var threatOfSelfHarm: Bool
    /// A collective petition (集体上访) is being planned.
    public var plannedCollectivePetition: Bool
    /// The dispute crosses village boundaries.
    public var crossesVillages: Bool

    public init(threatOfViolence: Bool = false, threatOfSelfHarm: Bool = false,
                plannedCollectivePetition: Bool = false, crossesVillages: Bool = false) {
        self.threatOfViolence = threatOfViolence
        self.threatOfSelfHarm = threatOfSelfHarm
        self.plannedCollectivePetition = plannedCollectivePetition
        self.crossesVillages = crossesVillages
    }

    /// No sign of danger.
    public static let none = RiskSigns()
}

/// What is recorded when a dispute is registered (M3, the `registered` event payload).
public struct DisputeIntake: Hashable, Codable, Sendable {
    public var parties: [Party]
    public var category: DisputeCategory
    /// Optional second-level code, e.g. `"0101"`; must start with `category.code`.
    public var subcategoryCode: String?
    public var source: DisputeSource
    public var channel: MediationChannel
    /// The level that received the dispute.
    public var level: MediationLevel
    /// The org unit (mediation committee, room, …) that handles it.
    public var handlingOrgUnitId: UUID
    /// The village (or community) where it happened.
    public var villageId: UUID?
    /// The township of the village.
    public var townshipId: UUID?
    /// The grid it belongs to (M2).
    public var gridId: UUID?
    /// Place in words.
    public var place: String
    /// Optional phone location.
    public var location: GeoPoint?
    /// When the dispute arose, if known.
    public var occurredAt: Date?
    /// Number of people involved.
    public var peopleInvolved: Int
    /// Amount in dispute, in yuan.
    public var amount: Decimal?
    public var summary: String
    public var riskSigns: RiskSigns

    public init(parties: [Party], category: DisputeCategory, subcategoryCode: String? = nil,
                source: DisputeSource, channel: MediationChannel = .peoplesMediation,
                level: MediationLevel, handlingOrgUnitId: UUID, villageId: UUID? = nil,
                townshipId: UUID? = nil, gridId: UUID? = nil, place: String, location: GeoPoint? = nil,
                occurredAt: Date? = nil, peopleInvolved: Int = 2, amount: Decimal? = nil,
                summary: String, riskSigns: RiskSigns = .none) {
        self.parties = parties
        self.category = category
        self.subcategoryCode = subcategoryCode
        self.source = source
        self.channel = channel
        self.level = level
        self.handlingOrgUnitId = handlingOrgUnitId
        self.villageId = villageId
        self.townshipId = townshipId
        self.gridId = gridId
        self.place = place
        self.location = location
        self.occurredAt = occurredAt
        self.peopleInvolved = peopleInvolved
        self.amount = amount
        self.summary = summary
        self.riskSigns = riskSigns
    }

    /// The second-level category, if a valid code was given.
    public var subcategory: DisputeSubcategory? { subcategoryCode.flatMap(DisputeCategory.subcategory(code:)) }

    /// More than a county's population is a typing error.
    public static let maximumPeopleInvolved = 1_000_000

    /// Checks parties, category codes and counts.
    public func validate() throws(DomainError) {
        guard parties.contains(where: { $0.role == .applicant }) else {
            throw .invalid("invalid_intake", "at least one applicant is required", "至少需要一名申请人")
        }
        for p in parties { try p.validate() }
        if let code = subcategoryCode {
            guard let sub = DisputeCategory.subcategory(code: code), sub.category == category else {
                throw .invalid("invalid_intake", "subcategory \(code) is not under \(category.code)", "纠纷小类 \(code) 不属于「\(category.label)」")
            }
        }
        guard (1...Self.maximumPeopleInvolved).contains(peopleInvolved) else {
            throw .invalid("invalid_intake", "people involved must be 1…\(Self.maximumPeopleInvolved)",
                           "涉及人数须在 1–\(Self.maximumPeopleInvolved) 之间")
        }
        if let a = amount, a < 0 {
            throw .invalid("invalid_intake", "amount must not be negative", "涉及金额不能为负数")
        }
        if summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalid("invalid_intake", "summary is empty", "纠纷简要情况不能为空")
        }
    }

    /// A copy with party ID numbers and phones masked.
    public var masked: DisputeIntake {
        var c = self
        c.parties = parties.map(\.masked)
        return c
    }
}

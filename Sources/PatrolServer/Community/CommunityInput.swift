import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// The request bodies of P8 and their limits, declared once: `CommunityOpenAPI` publishes them,
/// the checks here enforce them.
enum CommunityInput {
    static let nameMax = 60, noteMax = 500, memberNameMax = 50, roleMax = 50, membersMax = 200
    static let phoneMax = 20, phonePattern = "^\\+?[0-9][0-9 -]{1,17}[0-9]$"
    static let noticeMax = 500, noticeGroupsMax = 50
    static let tipMax = 2000, tipIDMax = 100, tipIDPattern = "^[A-Za-z0-9._:-]{1,100}$", placeLabelMax = 200
    static let reasonMax = 500

    struct Member: Content { var id: UUID?; var name: String; var phone: String?; var role: String? }
    struct GroupInput: Content { var id: UUID; var name: String; var kind: CommunityGroupKind; var areaOrgUnitId: UUID; var note: String?; var members: [Member] }
    struct GroupUpdate: Content { var name: String; var kind: CommunityGroupKind; var note: String?; var members: [Member] }
    struct NoticeInput: Content { var id: UUID; var groupIds: [UUID]; var text: String }
    struct Place: Content { var lat: Double; var lon: Double; var label: String? }
    struct Tip: Content { var id: String; var groupId: UUID?; var senderName: String?; var senderPhone: String?; var text: String; var place: Place? }
    struct Promotion: Content { var type: IncidentType; var priority: IncidentPriority; var description: String?; var place: Place? }
    struct Dismissal: Content { var reason: String? }

    /// A member as checked: the phone nil only for an existing member keeping theirs.
    struct CheckedMember { var id: UUID?; var name: String; var phone: String?; var role: String }

    static func phone(_ value: String?, _ field: String) throws -> String? {
        guard let value else { return nil }
        guard value.count <= phoneMax, value.range(of: phonePattern, options: .regularExpression) != nil else {
            throw DomainError.invalid("invalid_phone", "\(field) is not a phone number", "电话号码格式不正确")
        }
        // Stored as digits (and a leading +), so a tip's sender is found whatever spacing they used.
        return value.filter { $0.isNumber || $0 == "+" }
    }

    static func members(_ list: [Member]) throws -> [CheckedMember] {
        guard list.count <= membersMax else { throw DomainError.invalid("too_many_members", "at most \(membersMax) members", "成员最多 \(membersMax) 人") }
        return try list.enumerated().map { i, m in
            CheckedMember(id: m.id, name: try Check.text(m.name, "members[\(i)].name", max: memberNameMax),
                          phone: try phone(m.phone, "members[\(i)].phone"), role: try Check.optionalText(m.role, "members[\(i)].role", max: roleMax) ?? "")
        }
    }

    static func place(_ p: Place?) throws -> IncidentPlace? {
        guard let p else { return nil }
        guard (-90...90).contains(p.lat), (-180...180).contains(p.lon) else {
            throw DomainError.invalid("invalid_place", "the place is not a WGS84 coordinate", "地点坐标无效")
        }
        return IncidentPlace(lat: p.lat, lon: p.lon, label: try Check.optionalText(p.label, "place.label", max: placeLabelMax) ?? "")
    }

    static func tipID(_ id: String) throws -> String {
        guard id.range(of: tipIDPattern, options: .regularExpression) != nil else {
            throw DomainError.invalid("invalid_tip_id", "id must be 1–100 of A–Z a–z 0–9 . _ : -", "线索编号格式不正确")
        }
        return id
    }
}

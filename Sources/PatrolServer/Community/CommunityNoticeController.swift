import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// A notice as the community page shows it: the groups, how many phones, and where its delivery
/// to the messaging gateway stands, with each attempt.
package struct CommunityNoticeDTO: Content {
    package struct Group: Content { package var id: UUID; package var name: String }
    package struct Delivery: Content {
        package var id: UUID
        package var status: String
        package var statusLabel: String
        package var attempts: Int
        package var nextAttemptAt: Date
        package var lastAttemptAt: Date?
        package var lastError: String?
        package var deliveredAt: Date?
    }
    package struct Attempt: Content {
        package var attempt: Int
        package var at: Date
        package var delivered: Bool
        package var httpStatus: Int?
        package var error: String?
    }
    package var id: UUID
    package var text: String
    package var groups: [Group]
    package var recipients: Int
    package var sentBy: String
    package var createdAt: Date
    package var delivery: Delivery
    package var attempts: [Attempt]
}

/// What the gateway receives for a notice (the webhook's body, frozen when the notice is written).
struct GatewayNotice: Codable {
    struct Member: Codable { var name: String; var phone: String; var role: String }
    struct Group: Codable { var id: UUID; var name: String; var kind: String; var area: String; var members: [Member] }
    var deliveryId: UUID
    var noticeId: UUID
    var text: String
    var sender: String
    var createdAt: Date
    var groups: [Group]
}

/// `/api/v1/community-notices` (P8): a notice to groups goes out through the outbox. The notice
/// and its delivery row are written in one transaction, so a notice stored is a notice that will
/// be sent, however long the gateway is down; `CommunityDelivery` sends it.
struct CommunityNoticeController {
    func list(req: Request) async throws -> ListPage<CommunityNoticeDTO> {
        let caller = try req.caller()
        let q = CommunityNoticeModel.query(on: req.db).filter(\.$scopePath =~ caller.scopePath).sort(\.$createdAt, .descending).sort(\.$id)
        return try await q.pagedRows(try PageRequest(req)) { try await Self.dtos($0, attempts: false, req: req) }
    }

    func show(req: Request) async throws -> CommunityNoticeDTO {
        let caller = try req.caller()
        let id = try req.uuidParameter(what: "通知")
        guard let n = try await CommunityNoticeModel.find(id, on: req.db), caller.canSee(path: n.scopePath) else { throw DomainError.notFound("通知") }
        return try await Self.dtos([n], attempts: true, req: req)[0]
    }

    func send(req: Request) async throws -> Response {
        let caller = try req.caller()
        let body = try req.content.decode(CommunityInput.NoticeInput.self)
        let text = try Check.text(body.text, "text", max: CommunityInput.noticeMax)
        guard !body.groupIds.isEmpty, body.groupIds.count <= CommunityInput.noticeGroupsMax, Set(body.groupIds).count == body.groupIds.count else {
            throw DomainError.invalid("invalid_groups", "1–\(CommunityInput.noticeGroupsMax) distinct groups", "请选择 1–\(CommunityInput.noticeGroupsMax) 个不重复的群组")
        }
        if let existing = try await CommunityNoticeModel.find(body.id, on: req.db) {
            guard caller.canSee(path: existing.scopePath) else { throw DomainError(code: "conflict", message: "the id is taken", messageZh: "该编号已被占用", kind: .conflict) }
            return try await Self.dtos([existing], attempts: true, req: req)[0].encodeResponse(status: .ok, for: req)
        }
        let groups = try await CommunityGroupModel.query(on: req.db).filter(\.$id ~~ body.groupIds).filter(\.$archivedAt == nil).all()
            .filter { caller.canSee(path: $0.scopePath) }
        guard groups.count == body.groupIds.count else {
            throw DomainError.invalid("group_not_found", "a group is unknown, archived or outside your jurisdiction", "所选群组不存在、已停用或不在辖区内")
        }
        let ordered = body.groupIds.compactMap { id in groups.first { $0.id == id } }
        let members = try await CommunityMemberModel.query(on: req.db).filter(\.$groupID ~~ body.groupIds).sort(\.$position).all()
        let areas = try await UnitNames.load(ordered.map(\.areaOrgUnitID), on: req.db)
        let now = req.now
        let deliveryID = UUID()
        let payload = GatewayNotice(deliveryId: deliveryID, noticeId: body.id, text: text, sender: caller.displayName, createdAt: now, groups: ordered.map { g in
            GatewayNotice.Group(id: g.id!, name: g.name, kind: g.kind, area: areas[g.areaOrgUnitID] ?? "",
                                members: members.filter { $0.groupID == g.id }.map { .init(name: $0.name, phone: $0.phone, role: $0.role) })
        })
        let n = CommunityNoticeModel()
        n.id = body.id
        n.text = text
        n.groupIDs = String(decoding: try StoredJSON.encoder.encode(body.groupIds), as: UTF8.self)
        n.groupNames = ordered.map(\.name).joined(separator: "、")
        n.recipients = Set(members.map(\.phone)).count
        n.scopePath = Self.commonPath(ordered.map(\.scopePath))
        n.sentBy = caller.userID
        n.sentName = caller.displayName
        n.createdAt = now
        let d = CommunityDeliveryModel()
        d.id = deliveryID
        d.noticeID = body.id
        d.scopePath = n.scopePath
        d.body = String(decoding: try StoredJSON.encoder.encode(payload), as: UTF8.self)
        d.status = DeliveryStatus.pending.rawValue
        d.attempts = 0
        d.nextAttemptAt = now
        d.createdAt = now
        do {
            try await req.db.writeTransaction { tx in
                try await n.create(on: tx)
                try await d.create(on: tx)
                try await AuditLog.record(on: tx, at: now, actor: caller, action: "community.notice.send", entityType: "community_notice",
                                          entityID: body.id, before: Nothing?.none,
                                          after: ["text": text, "groups": n.groupNames, "recipients": String(n.recipients), "delivery": deliveryID.uuidString])
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // The same notice sent twice at once: the first stands.
            guard let stored = try await CommunityNoticeModel.find(body.id, on: req.db) else { throw error }
            return try await Self.dtos([stored], attempts: true, req: req)[0].encodeResponse(status: .ok, for: req)
        }
        return try await Self.dtos([n], attempts: true, req: req)[0].encodeResponse(status: .created, for: req)
    }

    /// The deepest org path holding every one of `paths` ("/a/b/" and "/a/c/" → "/a/"): who sees a
    /// notice to groups of several areas.
    static func commonPath(_ paths: [String]) -> String {
        guard var common = paths.first?.split(separator: "/", omittingEmptySubsequences: true) else { return "/" }
        for p in paths.dropFirst() {
            let parts = p.split(separator: "/", omittingEmptySubsequences: true)
            var n = 0
            while n < min(common.count, parts.count) && common[n] == parts[n] { n += 1 }
            common = Array(common.prefix(n))
        }
        return "/" + common.map { $0 + "/" }.joined()
    }

    static func dtos(_ notices: [CommunityNoticeModel], attempts withAttempts: Bool, req: Request) async throws -> [CommunityNoticeDTO] {
        let ids = notices.compactMap(\.id)
        let deliveries = ids.isEmpty ? [] : try await CommunityDeliveryModel.query(on: req.db).filter(\.$noticeID ~~ ids).all()
        let byNotice = Dictionary(deliveries.map { ($0.noticeID, $0) }, uniquingKeysWith: { a, _ in a })
        var attemptsByDelivery: [UUID: [CommunityDeliveryAttemptModel]] = [:]
        if withAttempts, !deliveries.isEmpty {
            let rows = try await CommunityDeliveryAttemptModel.query(on: req.db).filter(\.$deliveryID ~~ deliveries.compactMap(\.id)).sort(\.$attempt).all()
            attemptsByDelivery = Dictionary(grouping: rows, by: \.deliveryID)
        }
        let allGroupIDs = try notices.flatMap { try StoredJSON.decoder.decode([UUID].self, from: Data($0.groupIDs.utf8)) }
        let names = allGroupIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await CommunityGroupModel.query(on: req.db).filter(\.$id ~~ allGroupIDs).all().map { ($0.id!, $0.name) })
        let configured = req.application.settings.gatewayURL != nil
        return try notices.map { n in
            let id = try n.requireID()
            guard let d = byNotice[id], let did = d.id else { throw DomainError.notFound("投递记录") }
            let status = CommunityDelivery.shownStatus(d, configured: configured)
            return CommunityNoticeDTO(
                id: id, text: n.text,
                groups: try StoredJSON.decoder.decode([UUID].self, from: Data(n.groupIDs.utf8)).map { .init(id: $0, name: names[$0] ?? "") },
                recipients: n.recipients, sentBy: n.sentName, createdAt: n.createdAt,
                delivery: .init(id: did, status: status.rawValue, statusLabel: status.label, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt,
                                lastAttemptAt: d.lastAttemptAt, lastError: d.lastError, deliveredAt: d.deliveredAt),
                attempts: (attemptsByDelivery[did] ?? []).map { .init(attempt: $0.attempt, at: $0.at, delivered: $0.delivered, httpStatus: $0.httpStatus, error: $0.error) })
        }
    }
}

import Crypto
import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// What the gateway is told for a tip: the lead it became, and whether it was a replay.
package struct CommunityTipReceipt: Content {
    package var leadId: UUID
    package var tipId: String
    package var duplicate: Bool
}

/// `POST /api/v1/community-tips` (P8): the messaging gateway passes on a tip from a group member.
/// No one is signed in: the request is its signature. An unsigned or forged one, or one whose
/// signed time is more than 5 minutes from ours, is 401 before its body is even read, so nothing
/// is stored. A signed tip becomes a lead (线索) in the area of its place, else its group, else its
/// sender's group, else the county; its id is unique, so a replay is stored once and answered
/// with the same lead.
struct CommunityTipController {
    func receive(req: Request) async throws -> Response {
        let raw = try Self.verified(req)
        let tip: CommunityInput.Tip
        do { tip = try StoredJSON.decoder.decode(CommunityInput.Tip.self, from: Data(raw.bytes)) } catch {
            throw DomainError.invalid("invalid_body", "the tip is not the documented JSON", "线索格式不正确")
        }
        let tipID = try CommunityInput.tipID(tip.id)
        let text = try Check.text(tip.text, "text", max: CommunityInput.tipMax)
        let senderName = try Check.optionalText(tip.senderName, "senderName", max: CommunityInput.memberNameMax) ?? ""
        let senderPhone = try CommunityInput.phone(tip.senderPhone, "senderPhone") ?? ""
        let place = try CommunityInput.place(tip.place)
        if let stored = try await CommunityLeadModel.query(on: req.db).filter(\.$tipID == tipID).first() {
            return try await Self.receipt(stored, duplicate: true, req: req)
        }
        let placed = try await Self.place(group: tip.groupId, phone: senderPhone, point: place, on: req.db)
        let lead = CommunityLeadModel()
        lead.id = UUID()
        lead.tipID = tipID
        lead.groupID = placed.group?.id
        lead.senderName = senderName.isEmpty ? (placed.member?.name ?? "") : senderName
        lead.senderPhone = senderPhone
        lead.text = text
        lead.lat = place?.lat
        lead.lon = place?.lon
        lead.placeLabel = place?.label ?? ""
        lead.areaOrgUnitID = placed.area.id
        lead.scopePath = placed.area.path
        lead.status = CommunityLeadStatus.open.rawValue
        lead.signedAt = Date(timeIntervalSince1970: Double(raw.timestamp))
        lead.receivedAt = req.now
        let now = req.now
        do {
            try await req.db.writeTransaction { tx in
                try await lead.create(on: tx)
                try await AuditLog.record(on: tx, at: now, actor: nil, actorName: "gateway", action: "community.lead.received", entityType: "community_lead",
                                          entityID: lead.id, before: Nothing?.none,
                                          after: ["tip": tipID, "area": placed.area.name, "sender": Masking.phone(senderPhone), "text": text])
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // The same tip twice at once: the first stored stands.
            guard let stored = try await CommunityLeadModel.query(on: req.db).filter(\.$tipID == tipID).first() else { throw error }
            return try await Self.receipt(stored, duplicate: true, req: req)
        }
        return try await Self.receipt(lead, duplicate: false, req: req)
    }

    static func receipt(_ lead: CommunityLeadModel, duplicate: Bool, req: Request) async throws -> Response {
        try await CommunityTipReceipt(leadId: try lead.requireID(), tipId: lead.tipID, duplicate: duplicate)
            .encodeResponse(status: duplicate ? .ok : .created, for: req)
    }

    /// The raw body if the request carries a valid, fresh signature of it; 401 otherwise.
    static func verified(_ req: Request) throws -> (bytes: [UInt8], timestamp: Int) {
        func refuse(_ why: String) -> APIError { APIError(status: .unauthorized, code: "unauthorized", message: "线索签名无效：\(why) / \(why)") }
        guard let secret = req.application.settings.tipSecret else { throw refuse("no tip secret is configured") }
        guard let tsHeader = req.headers.first(name: WebhookSignature.timestampHeader), let timestamp = WebhookSignature.timestamp(fromHeader: tsHeader)
        else { throw refuse("missing or malformed \(WebhookSignature.timestampHeader)") }
        guard let sigHeader = req.headers.first(name: WebhookSignature.signatureHeader), let mac = WebhookSignature.mac(fromHeader: sigHeader)
        else { throw refuse("missing or malformed \(WebhookSignature.signatureHeader)") }
        guard WebhookSignature.isFresh(timestamp: timestamp, now: req.now) else { throw refuse("the signed time is too far from now") }
        let body = req.body.data.map { Array($0.readableBytesView) } ?? []
        let expected = HMAC<SHA256>.authenticationCode(for: WebhookSignature.message(timestamp: timestamp, body: body),
                                                       using: SymmetricKey(data: Array(secret.utf8)))
        guard WebhookSignature.equal(Array(expected), mac) else { throw refuse("the signature does not match") }
        return (body, timestamp)
    }

    /// Where a tip belongs: the patrol grid holding its place; else the area of its group; else of
    /// a group its sender is a member of; else the county (the command centre sees it).
    static func place(group groupID: UUID?, phone: String, point: IncidentPlace?, on db: any Database)
        async throws -> (area: OrgUnitModel, group: CommunityGroupModel?, member: CommunityMemberModel?) {
        var group = try await groupID.asyncMap { try await CommunityGroupModel.find($0, on: db) } ?? nil
        var member: CommunityMemberModel?
        if !phone.isEmpty {
            let q = CommunityMemberModel.query(on: db).filter(\.$phone == phone)
            if let group { q.filter(\.$groupID == group.id!) }
            member = try await q.first()
            if group == nil, let m = member { group = try await CommunityGroupModel.find(m.groupID, on: db) }
        }
        if let point, let grid = try await GridLocator(db: db).grid(containing: GeoPoint(lat: point.lat, lon: point.lon)) {
            return (grid, group, member)
        }
        if let group, let area = try await OrgUnitModel.find(group.areaOrgUnitID, on: db) { return (area, group, member) }
        guard let county = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.county.rawValue).sort(\.$depth).first() else {
            throw DomainError(code: "conflict", message: "no county in the org tree", messageZh: "组织机构中没有县", kind: .conflict)
        }
        return (county, group, member)
    }
}

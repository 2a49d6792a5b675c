import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import SQLKit
import Vapor

/// A lead as the command map shows it: the sender masked (the incident made from it has them in full).
package struct CommunityLeadDTO: Content {
    package struct Place: Content { package var lat: Double; package var lon: Double; package var label: String }
    package var id: UUID
    package var tipId: String
    package var text: String
    package var senderName: String
    package var senderPhone: String
    package var groupId: UUID?
    package var groupName: String?
    package var place: Place?
    package var areaName: String?
    package var status: String
    package var statusLabel: String
    package var incidentId: UUID?
    package var incidentNumber: String?
    package var reason: String?
    package var decidedBy: String?
    package var decidedAt: Date?
    package var receivedAt: Date
    /// Whether the caller may make it an incident or dismiss it.
    package var mayDecide: Bool
}

/// `/api/v1/community-leads` (P8): the leads of the caller's subtree; a dispatcher (or the
/// station's commander) makes one an incident — through the incident store's own creation path,
/// once — or dismisses it with a reason.
struct CommunityLeadController {
    func list(req: Request) async throws -> ListPage<CommunityLeadDTO> {
        let caller = try req.caller()
        let q = CommunityLeadModel.query(on: req.db).filter(\.$scopePath =~ caller.scopePath)
        if let status = try Check.choice(req, "status", CommunityLeadStatus.self) { q.filter(\.$status == status.rawValue) }
        q.sort(\.$receivedAt, .descending).sort(\.$id)
        return try await q.pagedRows(try PageRequest(req)) { try await Self.dtos($0, for: caller, on: req.db) }
    }

    func show(req: Request) async throws -> CommunityLeadDTO {
        let caller = try req.caller()
        return try await Self.dtos([try await Self.lead(req)], for: caller, on: req.db)[0]
    }

    /// Makes the lead an incident: the incident's id is the lead's, registered by
    /// `IncidentStore.register` as a dispatcher's intake is, with the tip's sender as the caller.
    /// The lead is claimed first by a guarded update, so of two tries one wins and the other is 409.
    func promote(req: Request) async throws -> Response {
        let caller = try req.caller()
        let lead = try await Self.lead(req)
        let body = try req.content.decode(CommunityInput.Promotion.self)
        let description = try Check.optionalText(body.description, "description", max: CommunityInput.tipMax)
        let given = try CommunityInput.place(body.place)
        let leadID = try lead.requireID()
        // A claim whose incident never got written (a crash between the two) is finished, not refused.
        var unfinished = false
        if lead.status == CommunityLeadStatus.incident.rawValue { unfinished = try await IncidentModel.find(leadID, on: req.db) == nil }
        if !unfinished { try Self.undecided(lead) }
        let place: IncidentPlace
        if let given { place = given }
        else if let lat = lead.lat, let lon = lead.lon { place = IncidentPlace(lat: lat, lon: lon, label: lead.placeLabel) }
        else {
            var area: OrgUnitModel?
            if let areaID = lead.areaOrgUnitID { area = try await OrgUnitModel.find(areaID, on: req.db) }
            guard let area, let anchor = area.unitGeometry?.anchor else {
                throw DomainError.invalid("place_required", "the lead has no place: give one", "该线索没有地点，请在地图上指定")
            }
            place = IncidentPlace(lat: anchor.lat, lon: anchor.lon, label: area.name)
        }
        let intake = IncidentIntake(type: body.type, priority: body.priority, place: place,
                                    description: description ?? "群防群治线索：\(lead.text)",
                                    call: IncidentCall(callerName: lead.senderName, callerPhone: lead.senderPhone, at: lead.receivedAt, note: "四进四联线索 \(lead.tipID)"))
        try intake.validate()
        let now = req.now
        lead.status = CommunityLeadStatus.incident.rawValue
        lead.incidentID = leadID
        lead.decidedBy = caller.userID
        lead.decidedName = caller.displayName
        lead.decidedAt = now
        if !unfinished {
            try await req.db.writeTransaction { tx in
                try await Self.claim(leadID, as: .incident, on: tx)
                try await lead.save(on: tx)
                try await AuditLog.record(on: tx, at: now, actor: caller, action: "community.lead.incident", entityType: "community_lead",
                                          entityID: leadID, before: ["status": CommunityLeadStatus.open.rawValue],
                                          after: ["status": CommunityLeadStatus.incident.rawValue, "incident": leadID.uuidString])
            }
        }
        do {
            _ = try await IncidentStore(db: req.db).register(id: leadID, intake: intake, by: caller, now: now)
        } catch {
            // The incident could not be written: the lead is open again, and the dispatcher can retry.
            try? await Self.reopen(lead, on: req.db)
            throw error
        }
        return try await Self.dtos([lead], for: caller, on: req.db)[0].encodeResponse(status: .created, for: req)
    }

    /// Dismisses the lead with a reason.
    func dismiss(req: Request) async throws -> CommunityLeadDTO {
        let caller = try req.caller()
        let lead = try await Self.lead(req)
        let body = try req.content.decode(CommunityInput.Dismissal.self)
        let reason = try Check.text(body.reason ?? "", "reason", max: CommunityInput.reasonMax)
        try Self.undecided(lead)
        let leadID = try lead.requireID()
        let now = req.now
        lead.status = CommunityLeadStatus.dismissed.rawValue
        lead.reason = reason
        lead.decidedBy = caller.userID
        lead.decidedName = caller.displayName
        lead.decidedAt = now
        try await req.db.writeTransaction { tx in
            try await Self.claim(leadID, as: .dismissed, on: tx)
            try await lead.save(on: tx)
            try await AuditLog.record(on: tx, at: now, actor: caller, action: "community.lead.dismiss", entityType: "community_lead",
                                      entityID: leadID, before: ["status": CommunityLeadStatus.open.rawValue],
                                      after: ["status": CommunityLeadStatus.dismissed.rawValue, "reason": reason])
        }
        return try await Self.dtos([lead], for: caller, on: req.db)[0]
    }

    // MARK: Helpers

    static func lead(_ req: Request) async throws -> CommunityLeadModel {
        let caller = try req.caller()
        let id = try req.uuidParameter(what: "线索")
        guard let m = try await CommunityLeadModel.find(id, on: req.db), caller.canSee(path: m.scopePath) else { throw DomainError.notFound("线索") }
        return m
    }

    static func undecided(_ m: CommunityLeadModel) throws {
        guard m.status == CommunityLeadStatus.open.rawValue else {
            let label = CommunityLeadStatus(rawValue: m.status)?.label ?? m.status
            throw DomainError(code: "already_decided", message: "the lead was already decided (\(m.status)) by \(m.decidedName ?? "")",
                              messageZh: "该线索已由\(m.decidedName ?? "他人")处理：\(label)", kind: .conflict)
        }
    }

    /// Moves the lead out of `open` only if it still is: of two dispatchers at once, the second is 409.
    static func claim(_ id: UUID, as status: CommunityLeadStatus, on tx: any Database) async throws {
        guard let sql = tx as? any SQLDatabase else { return }
        let won = try await sql.raw("""
            UPDATE \(ident: CommunityLeadModel.schema) SET "status" = \(bind: status.rawValue)
            WHERE "id" = \(bind: id) AND "status" = \(bind: CommunityLeadStatus.open.rawValue) RETURNING "id"
            """).all()
        guard won.isEmpty else { return }
        guard let now = try await CommunityLeadModel.find(id, on: tx) else { throw DomainError.notFound("线索") }
        try undecided(now)
        throw DomainError(code: "already_decided", message: "the lead is being decided by someone else", messageZh: "该线索正由他人处理", kind: .conflict)
    }

    static func reopen(_ lead: CommunityLeadModel, on db: any Database) async throws {
        lead.status = CommunityLeadStatus.open.rawValue
        lead.incidentID = nil
        lead.decidedBy = nil
        lead.decidedName = nil
        lead.decidedAt = nil
        try await lead.save(on: db)
    }

    static func dtos(_ leads: [CommunityLeadModel], for caller: Caller, on db: any Database) async throws -> [CommunityLeadDTO] {
        let groupIDs = leads.compactMap(\.groupID)
        let groups = groupIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await CommunityGroupModel.query(on: db).filter(\.$id ~~ groupIDs).all().map { ($0.id!, $0.name) })
        let areas = try await UnitNames.load(leads.compactMap(\.areaOrgUnitID), on: db)
        let incidentIDs = leads.compactMap(\.incidentID)
        let numbers = incidentIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await IncidentModel.query(on: db).filter(\.$id ~~ incidentIDs).all().map { ($0.id!, $0.number) })
        let mayDecide = CommunityRoutes.staff.contains(caller.role)
        return try leads.map { l in
            CommunityLeadDTO(id: try l.requireID(), tipId: l.tipID, text: l.text, senderName: Masking.name(l.senderName), senderPhone: Masking.phone(l.senderPhone),
                             groupId: l.groupID, groupName: l.groupID.flatMap { groups[$0] },
                             place: l.lat.flatMap { lat in l.lon.map { CommunityLeadDTO.Place(lat: lat, lon: $0, label: l.placeLabel) } },
                             areaName: l.areaOrgUnitID.flatMap { areas[$0] }, status: l.status,
                             statusLabel: CommunityLeadStatus(rawValue: l.status)?.label ?? l.status, incidentId: l.incidentID,
                             incidentNumber: l.incidentID.flatMap { numbers[$0] }, reason: l.reason, decidedBy: l.decidedName, decidedAt: l.decidedAt,
                             receivedAt: l.receivedAt, mayDecide: mayDecide && l.status == CommunityLeadStatus.open.rawValue)
        }
    }
}

import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// A group as lists and forms show it: members with their phones masked.
package struct CommunityGroupDTO: Content {
    package struct Member: Content { package var id: UUID; package var name: String; package var phone: String; package var role: String }
    package var id: UUID
    package var name: String
    package var kind: String
    package var kindLabel: String
    package var areaOrgUnitId: UUID
    package var areaName: String
    package var note: String
    package var archived: Bool
    package var members: [Member]
    package var updatedAt: Date
}

/// `/api/v1/community-groups` (P8): the groups of 四进四联 in the caller's subtree, created, changed
/// and archived by the command centre and station commanders. Every change is audited; the audit
/// keeps members' phones masked, as lists do.
struct CommunityGroupController {
    /// The kinds of org unit a group's area may be.
    static let areaKinds: Set<String> = [OrgUnitKind.patrolGrid, .township, .village, .community, .area].map(\.rawValue).reduce(into: []) { $0.insert($1) }

    func list(req: Request) async throws -> ListPage<CommunityGroupDTO> {
        let caller = try req.caller()
        let q = CommunityGroupModel.query(on: req.db).filter(\.$scopePath =~ caller.scopePath)
        if let kind = try Check.choice(req, "kind", CommunityGroupKind.self) { q.filter(\.$kind == kind.rawValue) }
        if let area = try Check.uuid(req, "area") { q.filter(\.$areaOrgUnitID == area) }
        if try Check.bool(req, "archived") == true { q.filter(\.$archivedAt != nil) } else { q.filter(\.$archivedAt == nil) }
        q.sort(\.$scopePath).sort(\.$kind).sort(\.$name).sort(\.$id)
        return try await q.pagedRows(try PageRequest(req)) { try await Self.dtos($0, on: req.db) }
    }

    func show(req: Request) async throws -> CommunityGroupDTO {
        try await Self.dtos([try await Self.group(req)], on: req.db)[0]
    }

    /// A new group with its members. A resend of the same id answers the stored group.
    func create(req: Request) async throws -> Response {
        let caller = try req.caller()
        let body = try req.content.decode(CommunityInput.GroupInput.self)
        let name = try Check.text(body.name, "name", max: CommunityInput.nameMax)
        let note = try Check.optionalText(body.note, "note", max: CommunityInput.noteMax) ?? ""
        let members = try CommunityInput.members(body.members)
        guard members.allSatisfy({ $0.phone != nil }) else {
            throw DomainError.invalid("phone_required", "every member needs a phone", "每位成员都须填写电话")
        }
        if let existing = try await CommunityGroupModel.find(body.id, on: req.db) {
            guard caller.canSee(path: existing.scopePath) else { throw DomainError(code: "conflict", message: "the id is taken", messageZh: "该编号已被占用", kind: .conflict) }
            return try await Self.dtos([existing], on: req.db)[0].encodeResponse(status: .ok, for: req)
        }
        let area = try await Self.area(body.areaOrgUnitId, for: caller, on: req.db)
        let g = CommunityGroupModel()
        g.id = body.id
        g.name = name
        g.kind = body.kind.rawValue
        g.areaOrgUnitID = try area.requireID()
        g.scopePath = area.path
        g.note = note
        g.createdAt = req.now
        g.updatedAt = req.now
        let rows = Self.rows(members, group: body.id, keeping: [:])
        let now = req.now
        try await req.db.writeTransaction { tx in
            try await g.create(on: tx)
            for r in rows { try await r.create(on: tx) }
            try await AuditLog.record(on: tx, at: now, actor: caller, action: "community.group.create", entityType: "community_group",
                                      entityID: body.id, before: Nothing?.none, after: Self.auditView(g, rows))
        }
        return try await Self.dtos([g], on: req.db)[0].encodeResponse(status: .created, for: req)
    }

    /// Changes the name, kind, note and members. A member sent with the id of one already in the
    /// group and no phone keeps their stored phone (the form shows phones masked, so it cannot
    /// send them back); anyone else needs a phone.
    func update(req: Request) async throws -> CommunityGroupDTO {
        let caller = try req.caller()
        let g = try await Self.group(req)
        let body = try req.content.decode(CommunityInput.GroupUpdate.self)
        let name = try Check.text(body.name, "name", max: CommunityInput.nameMax)
        let note = try Check.optionalText(body.note, "note", max: CommunityInput.noteMax) ?? ""
        let members = try CommunityInput.members(body.members)
        let groupID = try g.requireID()
        let old = try await CommunityMemberModel.query(on: req.db).filter(\.$groupID == groupID).sort(\.$position).all()
        let phones = Dictionary(uniqueKeysWithValues: old.map { ($0.id!, $0.phone) })
        guard members.allSatisfy({ m in m.phone != nil || m.id.map { phones[$0] != nil } == true }) else {
            throw DomainError.invalid("phone_required", "a new member needs a phone", "新成员须填写电话")
        }
        let before = Self.auditView(g, old)
        g.name = name
        g.kind = body.kind.rawValue
        g.note = note
        g.updatedAt = req.now
        let rows = Self.rows(members, group: groupID, keeping: phones)
        let now = req.now
        try await req.db.writeTransaction { tx in
            try await CommunityMemberModel.query(on: tx).filter(\.$groupID == groupID).delete()
            for r in rows { try await r.create(on: tx) }
            try await g.save(on: tx)
            try await AuditLog.record(on: tx, at: now, actor: caller, action: "community.group.update", entityType: "community_group",
                                      entityID: groupID, before: before, after: Self.auditView(g, rows))
        }
        return try await Self.dtos([g], on: req.db)[0]
    }

    /// Archives the group: it leaves the lists and the notice form; notices sent to it keep its name.
    func archive(req: Request) async throws -> CommunityGroupDTO {
        let caller = try req.caller()
        let g = try await Self.group(req)
        if g.archivedAt == nil {
            g.archivedAt = req.now
            g.updatedAt = req.now
            let now = req.now
            try await req.db.writeTransaction { tx in
                try await g.save(on: tx)
                try await AuditLog.record(on: tx, at: now, actor: caller, action: "community.group.archive", entityType: "community_group",
                                          entityID: g.id, before: ["archived": "false"], after: ["archived": "true"])
            }
        }
        return try await Self.dtos([g], on: req.db)[0]
    }

    // MARK: Helpers

    /// The group named in the path, if it lies in the caller's subtree (404 otherwise).
    static func group(_ req: Request) async throws -> CommunityGroupModel {
        let caller = try req.caller()
        let id = try req.uuidParameter(what: "群组")
        guard let g = try await CommunityGroupModel.find(id, on: req.db), caller.canSee(path: g.scopePath) else { throw DomainError.notFound("群组") }
        return g
    }

    /// The area a group is kept in: a grid, township, village, community or area of the caller's subtree.
    static func area(_ id: UUID, for caller: Caller, on db: any Database) async throws -> OrgUnitModel {
        guard let unit = try await OrgUnitModel.find(id, on: db), caller.canSee(unit) else {
            throw DomainError.invalid("area_not_found", "no such area in your jurisdiction", "辖区内没有该区域")
        }
        guard areaKinds.contains(unit.kind) else {
            throw DomainError.invalid("invalid_area", "a group's area is a grid, township, village or community", "群组所属区域须为网格、乡镇、村或社区")
        }
        return unit
    }

    static func rows(_ members: [CommunityInput.CheckedMember], group: UUID, keeping phones: [UUID: String]) -> [CommunityMemberModel] {
        members.enumerated().map { i, m in
            let r = CommunityMemberModel()
            // A kept member keeps their id, so a form's later edit still finds them.
            r.id = m.id.flatMap { phones[$0] != nil ? $0 : nil } ?? UUID()
            r.groupID = group
            r.name = m.name
            r.phone = m.phone ?? m.id.flatMap { phones[$0] } ?? ""
            r.role = m.role
            r.position = i
            return r
        }
    }

    static func auditView(_ g: CommunityGroupModel, _ members: [CommunityMemberModel]) -> [String: String] {
        ["name": g.name, "kind": g.kind, "area": g.areaOrgUnitID.uuidString, "note": g.note,
         "members": members.map { "\($0.name) \(Masking.phone($0.phone)) \($0.role)" }.joined(separator: "；")]
    }

    static func dtos(_ groups: [CommunityGroupModel], on db: any Database) async throws -> [CommunityGroupDTO] {
        let ids = groups.compactMap(\.id)
        let members = ids.isEmpty ? [] : try await CommunityMemberModel.query(on: db).filter(\.$groupID ~~ ids).sort(\.$position).all()
        let byGroup = Dictionary(grouping: members, by: \.groupID)
        let areas = try await UnitNames.load(groups.map(\.areaOrgUnitID), on: db)
        return try groups.map { g in
            let id = try g.requireID()
            return CommunityGroupDTO(id: id, name: g.name, kind: g.kind, kindLabel: CommunityGroupKind(rawValue: g.kind)?.label ?? g.kind,
                                     areaOrgUnitId: g.areaOrgUnitID, areaName: areas[g.areaOrgUnitID] ?? "", note: g.note, archived: g.archivedAt != nil,
                                     members: (byGroup[id] ?? []).map { .init(id: $0.id!, name: $0.name, phone: Masking.phone($0.phone), role: $0.role) },
                                     updatedAt: g.updatedAt)
        }
    }
}

import Fluent
import PinganDomain
import Vapor

/// `/api/v1/org-units`: the caller's part of the org tree (M1, X2).
package struct OrgUnitController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(CoreRoutes.orgUnits, use: list)
        routes.on(CoreRoutes.createOrgUnit, use: create)
        routes.on(CoreRoutes.orgUnit, use: show)
        routes.on(CoreRoutes.updateOrgUnit, use: update)
    }

    package func list(req: Request) async throws -> ListPage<OrgUnitDTO> {
        let actor = try req.caller()
        let page = try PageRequest(req)
        let kind = try Check.choice(req, "kind", OrgUnitKind.self)
        let parent = try Check.uuid(req, "parent")
        let search = try Check.optionalText(req.query[String.self, at: "q"], "q", max: 100)
        let withGeometry = try Check.bool(req, "geometry") ?? false
        return try await OrgUnitStore(db: req.db)
            .visible(scopePath: actor.scopePath, kind: kind, parentID: parent, search: search)
            .paged(page) { OrgUnitDTO($0, withGeometry: withGeometry) }
    }

    package func show(req: Request) async throws -> OrgUnitDTO {
        let actor = try req.caller()
        let id = try req.uuidParameter(what: "单位")
        guard let unit = try await OrgUnitStore(db: req.db).find(id, scopePath: actor.scopePath) else { throw APIError.notFound("单位") }
        return OrgUnitDTO(unit, withGeometry: true)
    }

    package func create(req: Request) async throws -> Response {
        let actor = try req.caller(.admin)
        let body = try req.content.decode(CreateOrgUnitRequest.self)
        let code = try Self.code(body.code)
        let name = try Check.text(body.name, "name", max: OrgTreeRules.nameMaxLength)
        guard let kind = OrgUnitKind(rawValue: body.kind) else { throw APIError.validation("kind 不是已知的单位类型 / unknown kind \(body.kind)") }
        let store = OrgUnitStore(db: req.db)
        guard let parent = try await store.find(body.parentId, scopePath: actor.scopePath) else { throw APIError.notFound("上级单位") }
        var jurisdiction: OrgUnitModel?
        if let j = body.jurisdictionId {
            guard let ju = try await store.find(j, scopePath: actor.scopePath) else { throw APIError.notFound("管辖单位") }
            jurisdiction = ju
        }
        try await store.checkRules(code: code, name: name, kind: kind, parent: parent, jurisdiction: jurisdiction, unitID: nil)
        if try await store.byCode(code) != nil { throw APIError.conflict("编码 \(code) 已存在 / code already used", code: "duplicate_code") }
        let geometry = try body.geometry.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let unit = OrgUnitModel(code: code, name: name, kind: kind, parent: parent, geometry: geometry,
                                geometryIllustrative: body.geometryIllustrative ?? false, plausibleFiller: false)
        unit.jurisdictionID = jurisdiction?.id
        let now = req.now
        try await req.db.writeTransaction { db in
            try await unit.create(on: db)
            try await AuditLog.record(on: db, at: now, actor: actor, action: "create", entityType: "org_unit", entityID: unit.id,
                                      before: Nothing?.none, after: OrgUnitDTO(unit, withGeometry: false))
        }
        return try await OrgUnitDTO(unit, withGeometry: true).encodeResponse(status: .created, for: req)
    }

    /// Changes code, name, kind, jurisdiction or geometry, within the tree's rules. A unit's parent
    /// is not changed here: the wings keep the paths of their records, which a move would leave behind.
    package func update(req: Request) async throws -> OrgUnitDTO {
        let actor = try req.caller(.admin)
        let id = try req.uuidParameter(what: "单位")
        let body = try req.content.decode(UpdateOrgUnitRequest.self)
        let store = OrgUnitStore(db: req.db)
        guard let unit = try await store.find(id, scopePath: actor.scopePath) else { throw APIError.notFound("单位") }
        let before = OrgUnitDTO(unit, withGeometry: false)
        let beforeGeometry = unit.geometry
        if let code = body.code {
            let c = try Self.code(code)
            if c != unit.code, try await store.byCode(c) != nil { throw APIError.conflict("编码 \(c) 已存在 / code already used", code: "duplicate_code") }
            unit.code = c
        }
        if let name = body.name { unit.name = try Check.text(name, "name", max: OrgTreeRules.nameMaxLength) }
        var kind = unit.unitKind ?? .area
        if let raw = body.kind {
            guard let k = OrgUnitKind(rawValue: raw) else { throw APIError.validation("kind 不是已知的单位类型 / unknown kind \(raw)") }
            kind = k
            unit.kind = k.rawValue
        }
        var jurisdiction: OrgUnitModel?
        if let j = body.jurisdictionId ?? unit.jurisdictionID {
            guard let ju = try await store.find(j, scopePath: actor.scopePath) else { throw APIError.notFound("管辖单位") }
            jurisdiction = ju
            unit.jurisdictionID = j
        }
        if let g = body.geometry {
            unit.geometry = String(decoding: try JSONEncoder().encode(g), as: UTF8.self)
            unit.geometryIllustrative = body.geometryIllustrative ?? false
        } else if let illustrative = body.geometryIllustrative {
            unit.geometryIllustrative = illustrative
        }
        let after = OrgUnitDTO(unit, withGeometry: false)
        // Nothing changed: no write and no audit record.
        guard after != before || unit.geometry != beforeGeometry else { return OrgUnitDTO(unit, withGeometry: true) }

        var parent: OrgUnitModel?
        if let p = unit.parentID { parent = try await OrgUnitModel.find(p, on: req.db) }
        try await store.checkRules(code: unit.code, name: unit.name, kind: kind, parent: parent, jurisdiction: jurisdiction, unitID: id)
        let bound = try await store.boundUsers(id)
        if kind.rawValue != before.kind {
            for u in bound {
                guard let role = Role(rawValue: u.role), !role.allowedUnitKinds.contains(kind) else { continue }
                throw APIError.conflict("账号 \(u.username)（\(role.label)）不能属于\(kind.label) / account \(u.username) cannot belong to a \(kind.rawValue)",
                                        code: "org_tree_rule")
            }
        }
        // Users bound here see the jurisdiction's subtree: moving it moves their scope, so the
        // caller must say they mean it.
        if unit.jurisdictionID != before.jurisdictionId, !bound.isEmpty, body.confirm != true {
            throw APIError.conflict("此修改将改变 \(bound.count) 个账号的可见范围，请确认（confirm: true）/ this changes the scope of \(bound.count) accounts; send \"confirm\": true",
                                    code: "scope_change_needs_confirmation")
        }
        let now = req.now
        try await req.db.writeTransaction { db in
            try await unit.update(on: db)
            try await AuditLog.record(on: db, at: now, actor: actor, action: "update", entityType: "org_unit", entityID: unit.id,
                                      before: before, after: after)
        }
        return OrgUnitDTO(unit, withGeometry: true)
    }

    /// A unit code as `OrgTreeRules.codePattern` declares it; the document's `$` allows one final line feed.
    static func code(_ raw: String) throws -> String {
        guard OrgTreeRules.isValidCode(raw) else { throw APIError.validation(OrgTreeRules.Violation.badCode(raw).description) }
        return String(OrgTreeRules.droppingFinalNewline(raw))
    }

    package init() {
    }
}

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
        var kind: OrgUnitKind?
        if let raw = req.query[String.self, at: "kind"] {
            guard let k = OrgUnitKind(rawValue: raw) else {
                throw APIError.badRequest("未知的单位类型 \(raw) / unknown kind", code: "invalid_query")
            }
            kind = k
        }
        var parent: UUID?
        if let raw = req.query[String.self, at: "parent"] {
            guard let p = UUID(uuidString: raw) else { throw APIError.badRequest("parent 不是有效的编号 / parent is not a UUID", code: "invalid_query") }
            parent = p
        }
        let search = try Check.optionalText(req.query[String.self, at: "q"], "q", max: 100)
        let withGeometry = req.query[Bool.self, at: "geometry"] ?? false
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
        let code = try Check.text(body.code, "code", max: 64)
        let name = try Check.text(body.name, "name", max: 100)
        guard let kind = OrgUnitKind(rawValue: body.kind) else { throw APIError.validation("kind 不是已知的单位类型 / unknown kind \(body.kind)") }
        let store = OrgUnitStore(db: req.db)
        guard let parent = try await store.find(body.parentId, scopePath: actor.scopePath) else { throw APIError.notFound("上级单位") }
        var jurisdiction: OrgUnitModel?
        if let j = body.jurisdictionId {
            guard let ju = try await store.find(j, scopePath: actor.scopePath) else { throw APIError.notFound("管辖单位") }
            jurisdiction = ju
        }
        if try await store.byCode(code) != nil { throw APIError.conflict("编码 \(code) 已存在 / code already used", code: "duplicate_code") }
        let geometry = try body.geometry.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let unit = OrgUnitModel(code: code, name: name, kind: kind, parent: parent, geometry: geometry,
                                geometryIllustrative: false, plausibleFiller: false)
        unit.jurisdictionID = jurisdiction?.id
        let now = req.now
        try await req.db.transaction { db in
            try await unit.create(on: db)
            try await AuditLog.record(on: db, at: now, actor: actor, action: "create", entityType: "org_unit", entityID: unit.id,
                                      before: Nothing?.none, after: OrgUnitDTO(unit, withGeometry: false))
        }
        return try await OrgUnitDTO(unit, withGeometry: true).encodeResponse(status: .created, for: req)
    }

    package func update(req: Request) async throws -> OrgUnitDTO {
        let actor = try req.caller(.admin)
        let id = try req.uuidParameter(what: "单位")
        let body = try req.content.decode(UpdateOrgUnitRequest.self)
        let store = OrgUnitStore(db: req.db)
        guard let unit = try await store.find(id, scopePath: actor.scopePath) else { throw APIError.notFound("单位") }
        let before = OrgUnitDTO(unit, withGeometry: false)
        if let code = body.code {
            let c = try Check.text(code, "code", max: 64)
            if c != unit.code, try await store.byCode(c) != nil { throw APIError.conflict("编码 \(c) 已存在 / code already used", code: "duplicate_code") }
            unit.code = c
        }
        if let name = body.name { unit.name = try Check.text(name, "name", max: 100) }
        if let g = body.geometry {
            unit.geometry = String(decoding: try JSONEncoder().encode(g), as: UTF8.self)
            unit.geometryIllustrative = body.geometryIllustrative ?? false
        }
        let now = req.now
        try await req.db.transaction { db in
            try await unit.update(on: db)
            try await AuditLog.record(on: db, at: now, actor: actor, action: "update", entityType: "org_unit", entityID: unit.id,
                                      before: before, after: OrgUnitDTO(unit, withGeometry: false))
        }
        return OrgUnitDTO(unit, withGeometry: true)
    }

    package init() {
    }
}

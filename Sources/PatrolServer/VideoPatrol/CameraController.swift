import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// `/api/v1/cameras`: the camera register (雪亮工程) in the caller's scope, and the command
/// centre's registering and editing. A camera is filed under the patrol grid its place lies in
/// (found with `GridLocator`) unless the grid is given.
struct CameraController {
    func list(req: Request) async throws -> ListPage<CameraDTO> {
        let caller = try req.caller()
        let q = CameraModel.query(on: req.db).filter(\.$scopePath =~ caller.scopePath)
        if let kinds = try Check.choices(req, "kind", CameraKind.self) { q.filter(\.$kind ~~ kinds.map(\.rawValue)) }
        if let grid = try Check.uuid(req, "grid") { q.filter(\.$gridOrgUnitID == grid) }
        q.sort(\.$code).sort(\.$id)
        return try await q.pagedRows(try PageRequest(req)) { try await Self.dtos($0, on: req.db) }
    }

    func create(req: Request) async throws -> Response {
        let caller = try req.caller()
        let body = try req.content.decode(CameraInput.self)
        let code = body.code
        guard code.range(of: VideoPatrolChecks.cameraCodePattern, options: .regularExpression) != nil else {
            throw DomainError.invalid("invalid_code", "the camera code is 1–32 letters, digits or -", "点位编号须为 1–32 位字母、数字或 -")
        }
        let name = try Check.text(body.name, "name", max: VideoPatrolChecks.nameMax)
        let point = try VideoPatrolChecks.place(lat: body.lat, lon: body.lon)
        let grid = try await Self.grid(body.gridId, at: point, for: caller, on: req.db)
        if try await CameraModel.query(on: req.db).filter(\.$code == code).first() != nil {
            throw APIError.conflict("点位编号 \(code) 已登记 / camera \(code) is already registered", code: "camera_code_taken")
        }
        let m = CameraModel()
        m.id = UUID()
        m.code = code; m.name = name; m.kind = body.kind.rawValue; m.lat = point.lat; m.lon = point.lon
        m.gridOrgUnitID = grid?.id
        m.scopePath = grid?.path ?? caller.scopePath
        m.illustrative = false
        m.createdAt = req.now; m.updatedAt = req.now
        let now = req.now
        do {
            try await req.db.writeTransaction { tx in
                try await m.create(on: tx)
                try await AuditLog.record(on: tx, at: now, actor: caller, action: "camera.created", entityType: "camera", entityID: m.id,
                                          before: Nothing?.none, after: Self.auditView(m))
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            throw APIError.conflict("点位编号 \(code) 已登记 / camera \(code) is already registered", code: "camera_code_taken")
        }
        return try await Self.dtos([m], on: req.db)[0].encodeResponse(status: .created, for: req)
    }

    func edit(req: Request) async throws -> CameraDTO {
        let caller = try req.caller()
        let id = try req.uuidParameter(what: "监控点位")
        guard let m = try await CameraModel.find(id, on: req.db), caller.canSee(path: m.scopePath) else { throw APIError.notFound("监控点位") }
        let body = try req.content.decode(CameraUpdate.self)
        let before = Self.auditView(m)
        if let name = body.name { m.name = try Check.text(name, "name", max: VideoPatrolChecks.nameMax) }
        if let kind = body.kind { m.kind = kind.rawValue }
        let moved = body.lat != nil || body.lon != nil
        let point = try VideoPatrolChecks.place(lat: body.lat ?? m.lat, lon: body.lon ?? m.lon)
        if moved || body.gridId != nil {
            let grid = try await Self.grid(body.gridId, at: point, for: caller, on: req.db)
            m.lat = point.lat; m.lon = point.lon
            m.gridOrgUnitID = grid?.id
            m.scopePath = grid?.path ?? caller.scopePath
        }
        guard m.hasChanges else { return try await Self.dtos([m], on: req.db)[0] }
        m.updatedAt = req.now
        let now = req.now
        try await req.db.writeTransaction { tx in
            try await m.save(on: tx)
            try await AuditLog.record(on: tx, at: now, actor: caller, action: "camera.updated", entityType: "camera", entityID: id,
                                      before: before, after: Self.auditView(m))
        }
        return try await Self.dtos([m], on: req.db)[0]
    }

    /// The grid named (a patrol grid in the caller's scope, else 404), or the one holding `point`.
    static func grid(_ id: UUID?, at point: GeoPoint, for caller: Caller, on db: any Database) async throws -> OrgUnitModel? {
        guard let id else { return try await GridLocator(db: db).grid(containing: point, within: caller.scopePath) }
        guard let g = try await OrgUnitModel.find(id, on: db), g.kind == OrgUnitKind.patrolGrid.rawValue, caller.canSee(g) else {
            throw APIError.notFound("网格")
        }
        return g
    }

    static func auditView(_ m: CameraModel) -> [String: String] {
        ["code": m.code, "name": m.name, "kind": m.kind, "lat": String(m.lat), "lon": String(m.lon), "grid": m.gridOrgUnitID?.uuidString ?? ""]
    }

    static func dtos(_ rows: [CameraModel], on db: any Database) async throws -> [CameraDTO] {
        let grids = try await UnitNames.load(rows.compactMap(\.gridOrgUnitID), on: db)
        return try rows.map { m in
            CameraDTO(id: try m.requireID(), code: m.code, name: m.name, kind: m.kind, kindLabel: CameraKind(rawValue: m.kind)?.label ?? m.kind,
                      lat: m.lat, lon: m.lon, gridId: m.gridOrgUnitID, gridName: m.gridOrgUnitID.flatMap { grids[$0] }, illustrative: m.illustrative)
        }
    }
}

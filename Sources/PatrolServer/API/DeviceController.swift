import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// A unit's devices: issuing a token (shown once) and revoking one. An officer may get a phone
/// token for their own unit, so their phone's page can report; terminals are the station's.
package struct DeviceController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.devices, use: list)
        routes.on(PatrolRoutes.issueDevice, use: issue)
        routes.on(PatrolRoutes.revokeDevice, use: revoke)
    }

    package func list(req: Request) async throws -> ListPage<DeviceDTO> {
        let caller = try req.caller()
        let unit = try await UnitStore(db: req.db).unit(try req.uuidParameter(what: "巡逻单元"), for: caller)
        return try await PatrolDeviceModel.query(on: req.db).filter(\.$unitID == unit.requireID())
            .sort(\.$issuedAt, .descending).sort(\.$id).paged(try PageRequest(req)) { DeviceDTO($0) }
    }

    package func issue(req: Request) async throws -> Response {
        let caller = try req.caller()
        let unit = try await UnitStore(db: req.db).unit(try req.uuidParameter(what: "巡逻单元"), for: caller)
        let body = try req.content.decode(IssueDeviceRequest.self)
        if caller.role == .patrolOfficer, body.kind != .phone {
            throw APIError(status: .forbidden, code: "phone_only", message: "民警只能为本人手机领取令牌 / an officer gets a token for a phone only")
        }
        let (device, token) = try await req.db.writeTransaction { tx in
            let issued = try await PositionIngest.issueToken(for: unit, kind: body.kind.rawValue, now: req.now, on: tx)
            try await AuditLog.record(on: tx, at: req.now, actor: caller, action: "device.issue", entityType: "patrol_device",
                                      entityID: issued.device.id, before: Nothing?.none, after: DeviceDTO(issued.device))
            return issued
        }
        return try await DeviceDTO(device, token: token).encodeResponse(status: .created, for: req)
    }

    package func revoke(req: Request) async throws -> DeviceDTO {
        let caller = try req.caller()
        guard let device = try await PatrolDeviceModel.find(try req.uuidParameter(what: "设备"), on: req.db) else {
            throw DomainError.notFound("设备")
        }
        // Found only through a unit the caller sees: the same 404 as an unknown device otherwise.
        do { _ = try await UnitStore(db: req.db).unit(device.unitID, for: caller) } catch let e as DomainError where e.kind == .notFound {
            throw DomainError.notFound("设备")
        }
        guard device.revokedAt == nil else { return DeviceDTO(device) }
        let before = DeviceDTO(device)
        device.revokedAt = req.now
        try await req.db.writeTransaction { tx in
            try await device.save(on: tx)
            try await AuditLog.record(on: tx, at: req.now, actor: caller, action: "device.revoke", entityType: "patrol_device",
                                      entityID: device.id, before: before, after: DeviceDTO(device))
        }
        return DeviceDTO(device)
    }
}

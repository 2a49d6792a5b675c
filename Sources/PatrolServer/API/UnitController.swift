import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// `/api/v1/units`: the units a caller sees with their live positions, one unit, its status taps
/// and its officers' shifts. Every write from a phone carries the phone's id and is stored once.
package struct UnitController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.units, use: list)
        routes.on(PatrolRoutes.unit, use: show)
        routes.on(PatrolRoutes.changeStatus, use: changeStatus)
        routes.on(PatrolRoutes.signOn, use: signOn)
        routes.on(PatrolRoutes.signOff, use: signOff)
    }

    package func list(req: Request) async throws -> ListPage<PatrolUnitDTO> {
        let caller = try req.caller()
        let q = try await UnitStore(db: req.db).visible(to: caller)
        if let grid = try Check.uuid(req, "grid") { q.filter(\.$homeGridOrgUnitID == grid) }
        if let station = try Check.uuid(req, "station") { q.filter(\.$stationOrgUnitID == station) }
        if let kinds = try Check.choices(req, "kind", PatrolUnitKind.self) { q.filter(\.$kind ~~ kinds.map(\.rawValue)) }
        if let statuses = try Check.choices(req, "status", PatrolUnitStatus.self) { q.filter(\.$status ~~ statuses.map(\.rawValue)) }
        let stale = try Check.bool(req, "stale")
        let page = try PageRequest(req)
        q.sort(\.$callSign).sort(\.$id)
        guard let stale else {
            return try await q.pagedRows(page) { try await Self.dtos($0, req: req) }
        }
        // Staleness lives in memory, not in a column: filter the caller's units (a county has
        // hundreds, not millions), then page.
        let all = try await Self.dtos(try await q.all(), req: req).filter { $0.stale == stale }
        let slice = all.dropFirst(page.offset).prefix(page.limit)
        return ListPage(items: Array(slice), total: all.count, limit: page.limit, offset: page.offset)
    }

    package func show(req: Request) async throws -> PatrolUnitDTO {
        let caller = try req.caller()
        let unit = try await UnitStore(db: req.db).unit(try req.uuidParameter(what: "巡逻单元"), for: caller)
        return try await Self.dtos([unit], req: req)[0]
    }

    package func changeStatus(req: Request) async throws -> PatrolUnitDTO {
        let caller = try req.caller()
        let store = UnitStore(db: req.db)
        let unit = try await store.unit(try req.uuidParameter(what: "巡逻单元"), for: caller)
        let body = try req.content.decode(StatusChangeRequest.self)
        let at = QueuedWriteTime.clamped(body.at, now: req.now)
        let before = unit.status
        if try await store.changeStatus(id: body.id, unit: unit, to: body.status, at: at, by: caller.userID, now: req.now), unit.status != before {
            try await AuditLog.record(on: req.db, at: req.now, actor: caller, action: "unit.status", entityType: "patrol_unit",
                                      entityID: unit.id, before: ["status": before], after: ["status": unit.status])
            await req.publishLive(.status(unit, origin: req.application.liveFeed.origin, at: req.now))
        }
        return try await Self.dtos([unit], req: req)[0]
    }

    package func signOn(req: Request) async throws -> Response {
        let caller = try req.caller()
        let store = UnitStore(db: req.db)
        let unit = try await store.joinable(try req.uuidParameter(what: "巡逻单元"), for: caller)
        let body = try req.content.decode(SignOnRequest.self)
        let before = unit.status
        let (shift, created) = try await store.signOn(shiftID: body.id, unit: unit, officer: caller.userID,
                                                      at: QueuedWriteTime.clamped(body.at, now: req.now), now: req.now)
        if created { await Self.publishShift(req, unit, officer: caller.userID, onShift: true, statusBefore: before) }
        return try await ShiftDTO(shift).encodeResponse(status: created ? .created : .ok, for: req)
    }

    /// The officer's own shift names the unit: a sign-off resent from the queue, after the shift
    /// ended and the unit left the officer's sight, is still answered.
    package func signOff(req: Request) async throws -> ShiftDTO {
        let caller = try req.caller()
        let unitID = try req.uuidParameter(what: "巡逻单元")
        let body = try req.content.decode(SignOffRequest.self)
        guard let shift = try await PatrolShiftModel.find(body.shiftId, on: req.db), shift.unitID == unitID, shift.officerID == caller.userID,
              let unit = try await PatrolUnitModel.find(unitID, on: req.db) else { throw DomainError.notFound("班次") }
        let wasOpen = shift.signedOffAt == nil, before = unit.status
        let ended = try await UnitStore(db: req.db).signOff(shift, unit: unit, at: QueuedWriteTime.clamped(body.at, now: req.now), now: req.now)
        if wasOpen { await Self.publishShift(req, unit, officer: caller.userID, onShift: false, statusBefore: before) }
        return ShiftDTO(ended)
    }

    /// Tells the live stream of a sign-on or sign-off, and of the status it changed.
    static func publishShift(_ req: Request, _ unit: PatrolUnitModel, officer: UUID, onShift: Bool, statusBefore: String) async {
        let origin = req.application.liveFeed.origin
        await req.publishLive(.shift(unit, officer: officer, onShift: onShift, origin: origin, at: req.now))
        if unit.status != statusBefore { await req.publishLive(.status(unit, origin: origin, at: req.now)) }
    }

    /// The answer for `units`: their station and grid names in one query, and live positions from
    /// memory (a unit not yet in memory is read once from its track).
    static func dtos(_ units: [PatrolUnitModel], req: Request) async throws -> [PatrolUnitDTO] {
        let names = try await UnitNames.load(units.flatMap { [$0.stationOrgUnitID] + ($0.homeGridOrgUnitID.map { [$0] } ?? []) }, on: req.db)
        let positions = try await req.application.livePositions.positions(of: units.compactMap(\.id), loadingFrom: FixStore(db: req.db))
        return units.map { PatrolUnitDTO($0, names: names, position: $0.id.flatMap { positions[$0] }, now: req.now) }
    }
}

import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import SQLKit
import ServerCore
import Vapor

/// A batch of fixes from a device: the token names the device and so the unit; a token of unit A
/// cannot report for unit B. The fixes are committed first, then the live position moves, so an
/// answer of success means the batch is stored and a crash in between loses nothing but a map update.
package struct PositionIngest {
    package let db: any Database
    package let live: LivePositionBook
    /// Where the batch is written (group commit); `db` serves the reads before it.
    package let writer: FixWriter

    /// Issues a device token for `unit` (shown once; only its hash is kept).
    package static func issueToken(for unit: PatrolUnitModel, kind: String, now: Date, on db: any Database) async throws -> (device: PatrolDeviceModel, token: String) {
        let token = UserTokenModel.mint(prefix: UserTokenModel.devicePrefix)
        let device = PatrolDeviceModel()
        device.unitID = try unit.requireID()
        device.kind = kind
        device.tokenHash = UserTokenModel.hash(token)
        device.issuedAt = now
        try await device.create(on: db)
        return (device, token)
    }

    /// What a batch needs of the unit its device reports for.
    package struct ReportingUnit: Sendable, Equatable {
        package let id: UUID
        package let kind: String
        package let stationPath: String
    }

    /// The unit an unrevoked device token reports for, or nil. One query (every batch pays it),
    /// the unit joined to its unrevoked device, reading only the three columns a batch needs.
    package func unit(forToken token: String) async throws -> ReportingUnit? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let units = PatrolUnitModel.schema, devices = PatrolDeviceModel.schema
        let row = try await sql.select()
            .column(SQLColumn("id", table: units)).column(SQLColumn("kind", table: units)).column(SQLColumn("station_path", table: units))
            .from(units)
            .join(devices, on: SQLColumn("unit_id", table: devices), .equal, SQLColumn("id", table: units))
            .where(SQLColumn("token_hash", table: devices), .equal, SQLBind(UserTokenModel.hash(token)))
            .where(SQLColumn("revoked_at", table: devices), .is, SQLLiteral.null)
            .limit(1)
            .first()
        guard let row else { return nil }
        return ReportingUnit(id: try row.decode(column: "id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
                             stationPath: try row.decode(column: "station_path", as: String.self))
    }

    /// Stores `fixes` for `unitID` if `token` is a device of that unit; 401 for an unknown or revoked
    /// token, 403 for another unit's.
    package func accept(token: String, unitID: UUID, fixes: [Fix], now: Date) async throws -> FixStore.Appended {
        guard let unit = try await unit(forToken: token) else { throw APIError.unauthorized }
        return try await accept(fixes, from: unit, for: unitID, now: now)
    }

    /// Stores `fixes` of the device's `unit` (found by its token), if they are for that unit.
    package func accept(_ fixes: [Fix], from unit: ReportingUnit, for unitID: UUID, now: Date) async throws -> FixStore.Appended {
        guard unit.id == unitID else {
            throw APIError(status: .forbidden, code: "other_unit", message: "该设备只能上报本单位的定位 / this device reports only for its own unit")
        }
        guard let kind = PatrolUnitKind(rawValue: unit.kind) else { throw DomainError.invalid("invalid_unit", "unknown kind \(unit.kind)", "未知的单位类型") }
        let onDuty = try await Self.onDuty(fixes, unit: unitID, on: db)
        // A fix the rules refuse fails its own batch here, before it could share a transaction.
        let rules = FixRules()
        for f in onDuty { try rules.validate(f, now: now) }
        var appended = try await writer.append(.init(fixes: onDuty, unit: unitID, kind: kind, live: await live.position(of: unitID), receivedAt: now))
        appended.offDuty = fixes.count - onDuty.count
        if let newest = appended.newest { appended.movedLive = await live.advance(unitID, to: newest) }
        return appended
    }

    /// The fixes taken while someone was on the unit's shift: tracks are kept only on duty.
    static func onDuty(_ fixes: [Fix], unit: UUID, on db: any Database) async throws -> [Fix] {
        guard let first = fixes.map(\.at).min(), let last = fixes.map(\.at).max(), let sql = db as? any SQLDatabase else { return [] }
        // The shifts overlapping the batch's times, read as plain rows (no model per shift).
        let shifts = try await sql.select().column("officer_id").column("signed_on_at").column("signed_off_at").from(PatrolShiftModel.schema)
            .where("unit_id", .equal, SQLBind(unit)).where("signed_on_at", .lessThanOrEqual, SQLBind(last))
            .where { $0.where("signed_off_at", .is, SQLLiteral.null).orWhere("signed_off_at", .greaterThanOrEqual, SQLBind(first)) }
            .all()
            .map { ShiftRecord(unitId: unit, officerId: try $0.decode(column: "officer_id", as: UUID.self), signedOnAt: try $0.decode(column: "signed_on_at", as: Date.self),
                               signedOffAt: try $0.decode(column: "signed_off_at", as: Date?.self)) }
        return fixes.filter { f in shifts.contains { $0.covers(f.at) } }
    }

    package init(db: any Database, live: LivePositionBook, writer: FixWriter) { self.db = db; self.live = live; self.writer = writer }
}

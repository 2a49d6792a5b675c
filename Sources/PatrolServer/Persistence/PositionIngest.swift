import Fluent
import Foundation
import PatrolDomain
import PinganDomain
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

    /// The unit an unrevoked device token reports for, or nil.
    /// One query (every batch pays it): the unit joined to its unrevoked device.
    package func unit(forToken token: String) async throws -> PatrolUnitModel? {
        try await PatrolUnitModel.query(on: db)
            .join(PatrolDeviceModel.self, on: \PatrolDeviceModel.$unitID == \PatrolUnitModel.$id)
            .filter(PatrolDeviceModel.self, \.$tokenHash == UserTokenModel.hash(token))
            .filter(PatrolDeviceModel.self, \.$revokedAt == nil)
            .first()
    }

    /// Stores `fixes` for `unitID` if `token` is a device of that unit; 401 for an unknown or revoked
    /// token, 403 for another unit's.
    package func accept(token: String, unitID: UUID, fixes: [Fix], now: Date) async throws -> FixStore.Appended {
        guard let unit = try await unit(forToken: token) else { throw APIError.unauthorized }
        return try await accept(fixes, from: unit, for: unitID, now: now)
    }

    /// Stores `fixes` of the device's `unit` (found by its token), if they are for that unit.
    package func accept(_ fixes: [Fix], from unit: PatrolUnitModel, for unitID: UUID, now: Date) async throws -> FixStore.Appended {
        guard unit.id == unitID else {
            throw APIError(status: .forbidden, code: "other_unit", message: "该设备只能上报本单位的定位 / this device reports only for its own unit")
        }
        guard let kind = unit.unitKind else { throw DomainError.invalid("invalid_unit", "unknown kind \(unit.kind)", "未知的单位类型") }
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
        guard let first = fixes.map(\.at).min(), let last = fixes.map(\.at).max() else { return [] }
        let shifts = try await PatrolShiftModel.query(on: db).filter(\.$unitID == unit).filter(\.$signedOnAt <= last)
            .group(.or) { $0.filter(\.$signedOffAt == nil).filter(\.$signedOffAt >= first) }.all().map(\.record)
        return fixes.filter { f in shifts.contains { $0.covers(f.at) } }
    }

    package init(db: any Database, live: LivePositionBook, writer: FixWriter) { self.db = db; self.live = live; self.writer = writer }
}

import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// 巡逻勤务 `/patrol/phone`: the patrol officer's phone page. The server renders what the phone
/// needs to work with no signal — the station's units to sign on to, the shift the officer is on,
/// every status with its label, colour and next taps — and `Public/js/patrol-phone.js` does the
/// rest through the JSON API and the offline queue. The service worker (`Public/patrol/sw.js`)
/// keeps the last copy of this page for when there is no signal.
package struct PhonePage: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.phonePage, use: page)
    }

    package func page(req: Request) async throws -> Response {
        guard let actor = req.auth.get(Caller.self) else { return req.redirect(to: CoreRoutes.loginPage.path) }
        let model = try await PhonePageModel.build(req, actor: actor)
        return try await PageController().render(req, "patrol-phone", title: "巡逻勤务", actor: actor,
                                                 current: PatrolRoutes.phonePage.path, model)
    }

    package init() {}
}

package struct PhonePageModel: Encodable {
    package struct Unit: Encodable {
        var id: String, callSign: String, kindLabel: String, status: String, statusLabel: String, gridName: String
    }
    /// Every status: the page shows a tap's result and the next buttons without asking the server.
    package struct Status: Encodable {
        var code: String, label: String, colour: String
        /// The one-tap statuses from this one, comma-separated (going off duty is signing off).
        var next: String
    }
    package struct Shift: Encodable {
        var id: String, unitId: String, callSign: String, signedOnAt: Int64
        var status: String, statusLabel: String
        var lat: String, lon: String
        /// Milliseconds since 1970, empty with no fix yet.
        var positionAt: String
    }

    /// The station's units the officer may sign on to, by call sign.
    package var units: [Unit]
    package var hasUnits: Bool { !units.isEmpty }
    package var stationName: String
    /// The officer's open shift, if any.
    package var shift: Shift?
    package var statuses: [Status]
    /// The server's time of rendering (ms since 1970): the page's script keeps whichever is newer,
    /// this page or what the phone stored after the copy it last saw.
    package var renderedAt: Int64

    enum CodingKeys: String, CodingKey { case units, hasUnits, stationName, shift, statuses, renderedAt }
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(units, forKey: .units)
        try c.encode(hasUnits, forKey: .hasUnits)
        try c.encode(stationName, forKey: .stationName)
        try c.encodeIfPresent(shift, forKey: .shift)
        try c.encode(statuses, forKey: .statuses)
        try c.encode(renderedAt, forKey: .renderedAt)
    }

    package static func build(_ req: Request, actor: Caller) async throws -> PhonePageModel {
        let found = try await joinable(for: actor, on: req.db)
        let names = try await UnitNames.load(found.flatMap { [$0.stationOrgUnitID] + ($0.homeGridOrgUnitID.map { [$0] } ?? []) }, on: req.db)
        let units = found.map { u in
            let status = PatrolUnitStatus(rawValue: u.status) ?? .offDuty
            return Unit(id: u.id!.uuidString, callSign: u.callSign, kindLabel: u.unitKind?.label ?? u.kind, status: status.rawValue,
                        statusLabel: status.label, gridName: u.homeGridOrgUnitID.flatMap { names[$0] } ?? "")
        }
        var shift: Shift?
        if let open = try await PatrolShiftModel.query(on: req.db).filter(\.$officerID == actor.userID).filter(\.$signedOffAt == nil).first(),
           let unit = try await PatrolUnitModel.find(open.unitID, on: req.db) {
            let dto = try await UnitController.dtos([unit], req: req)[0]
            shift = Shift(id: open.id!.uuidString, unitId: unit.id!.uuidString, callSign: unit.callSign,
                          signedOnAt: ms(open.signedOnAt), status: dto.status, statusLabel: dto.statusLabel,
                          lat: dto.position.map { String($0.lat) } ?? "", lon: dto.position.map { String($0.lon) } ?? "",
                          positionAt: dto.position.map { String(ms($0.at)) } ?? "")
        }
        let statuses = PatrolUnitStatus.allCases.map { s in
            Status(code: s.rawValue, label: s.label, colour: s.colour, next: s.nextByTap.filter { $0 != .offDuty }.map(\.rawValue).joined(separator: ","))
        }
        return PhonePageModel(units: units, stationName: found.first.flatMap { names[$0.stationOrgUnitID] } ?? "",
                              shift: shift, statuses: statuses, renderedAt: ms(req.now))
    }

    /// Times go to the page as milliseconds since 1970, as `Date.now()` counts.
    static func ms(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1000).rounded()) }

    /// The units of the officer's station (`PatrolUnitVisibility.mayJoin`): those whose station is
    /// the officer's org unit or one of its ancestors, found by the ancestors' paths.
    package static func joinable(for actor: Caller, on db: any Database) async throws -> [PatrolUnitModel] {
        let ids = actor.scopePath.split(separator: "/")
        let ancestors = ids.indices.map { i in "/" + ids[...i].joined(separator: "/") + "/" }
        guard !ancestors.isEmpty else { return [] }
        return try await PatrolUnitModel.query(on: db).filter(\.$stationPath ~~ ancestors).sort(\.$callSign).all()
            .filter { PatrolUnitVisibility.mayJoin(officerPath: actor.scopePath, stationPath: $0.stationPath) }
    }
}

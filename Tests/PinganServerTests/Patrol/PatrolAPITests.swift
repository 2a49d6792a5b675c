import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Units, shifts, status taps, devices, positions and tracks through the HTTP API (#9 points 2, 3,
/// 6 and 7), on both databases: who sees which unit, what a resend stores, what is refused.
@Suite("Patrol API: units, shifts, status, devices, positions, tracks")
struct PatrolAPITests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static func iso(_ d: Date) -> String { d.formatted(.iso8601) }

    struct Page: Decodable { var items: [PatrolUnitDTO]; var total: Int }

    static func units(_ app: Application, _ token: String, query: String = "") async throws -> Page {
        let res = try await app.api(.GET, PatrolRoutes.units.link(query: query.isEmpty ? "limit=1000" : "limit=1000&" + query), token: token)
        guard res.status == .ok else { throw TestSetupError.other("units: \(res.status) \(res.body.string)") }
        return try res.content.decode(Page.self)
    }

    /// The first demo unit of a station, by call sign.
    static func unitOf(_ app: Application, station code: String) async throws -> PatrolUnitModel {
        let station = try await app.unit(code: code)
        return try #require(try await PatrolUnitModel.query(on: app.db).filter(\.$stationOrgUnitID == station.requireID()).sort(\.$callSign).first())
    }

    @Test("The dispatcher sees the county's units, a commander the station's, an officer only the unit they are on; justice gets 404",
          arguments: TestDatabase.available)
    func scope(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let all = try await PatrolUnitModel.query(on: app.db).all()
            // The demo force: 20 squadron cars (one per grid), 2 mobile police vehicles, 7 foot and 4
            // plain-clothes patrols in the urban grids, 5 motorcycles, 1 response team.
            #expect(all.count == 39, "the demo force: \(all.count) units")
            let dispatcher = try await Self.units(app, try await app.token("dispatcher"))
            #expect(dispatcher.total == all.count && Set(dispatcher.items.map(\.id)) == Set(all.compactMap(\.id)))

            let station = try await app.unit(code: "130427000000-GAJ-PCS01")
            let commander = try await Self.units(app, try await app.token("commander"))
            #expect(!commander.items.isEmpty && commander.items.allSatisfy { $0.stationOrgUnitId == station.id })
            #expect(commander.total == all.filter { $0.stationOrgUnitID == station.id }.count)

            let patrol = try await app.token("patrol")
            #expect(try await Self.units(app, patrol).total == 0, "an officer on no shift sees no unit")
            let mine = try await Self.unitOf(app, station: "130427000000-GAJ-PCS01")
            let on = try await app.api(.POST, PatrolRoutes.signOn.link(mine.id!), token: patrol, json: #"{"id":"\#(UUID())"}"#)
            #expect(on.status == .created, "\(on.body.string)")
            #expect(try await Self.units(app, patrol).items.map(\.id) == [mine.id!])
            // Another station's unit: not theirs to join, and not to see.
            let other = try await Self.unitOf(app, station: "130427000000-GAJ-PCS05")
            let join = try await app.api(.POST, PatrolRoutes.signOn.link(other.id!), token: patrol, json: #"{"id":"\#(UUID())"}"#)
            #expect(join.status == .notFound)
            #expect(try await app.api(.GET, PatrolRoutes.unit.link(other.id!), token: patrol).status == .notFound)
            #expect(try await app.api(.GET, PatrolRoutes.unit.link(other.id!), token: try await app.token("commander")).status == .notFound)
            // Filters.
            let cars = try await Self.units(app, try await app.token("dispatcher"), query: "kind=patrol_car&status=available")
            #expect(cars.items.map(\.id) == [mine.id!] || cars.items.allSatisfy { $0.kind == "patrol_car" && $0.status == "available" })
            #expect(cars.items.contains { $0.id == mine.id! })
            #expect(try await app.api(.GET, PatrolRoutes.units.link(query: "kind=tank"), token: try await app.token("dispatcher")).status == .badRequest)

            for account in ["bureau", "judicial", "mediator", "lawyer", "governance"] {
                let token = try await app.token(account)
                for path in [PatrolRoutes.units.link(), PatrolRoutes.unit.link(mine.id!), PatrolRoutes.track.link(mine.id!)] {
                    let res = try await app.api(.GET, path, token: token)
                    #expect(res.status == .notFound, "\(account) \(path): \(res.status)")
                }
            }
        }
    }

    @Test("Sign-on, taps and sign-off: each stored once however often resent; refused taps change nothing",
          arguments: TestDatabase.available)
    func shiftsAndStatus(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let patrol = try await app.token("patrol")
            let unit = try await Self.unitOf(app, station: "130427000000-GAJ-PCS01")
            let id = unit.id!
            // A tap before sign-on is refused: the unit is off duty.
            let early = try await app.api(.POST, PatrolRoutes.changeStatus.link(id), token: try await app.token("commander"),
                                          json: #"{"id":"\#(UUID())","status":"en_route"}"#)
            #expect(early.status == .conflict && early.errorCode == "not_on_duty")

            let shiftID = UUID()
            for _ in 0..<10 {
                let res = try await app.api(.POST, PatrolRoutes.signOn.link(id), token: patrol,
                                            json: #"{"id":"\#(shiftID)","at":"\#(Self.iso(Self.now.addingTimeInterval(-600)))"}"#)
                #expect([.created, .ok].contains(res.status), "\(res.body.string)")
            }
            #expect(try await PatrolShiftModel.query(on: app.db).filter(\.$unitID == id).count() == 1)
            #expect(try await PatrolUnitModel.find(id, on: app.db)?.status == "available")
            // A second sign-on with a new id while on shift is a conflict, not a second shift.
            let again = try await app.api(.POST, PatrolRoutes.signOn.link(id), token: patrol, json: #"{"id":"\#(UUID())"}"#)
            #expect(again.status == .conflict && again.errorCode == "already_signed_on")

            let tap = UUID()
            for _ in 0..<10 {
                let res = try await app.api(.POST, PatrolRoutes.changeStatus.link(id), token: patrol,
                                            json: #"{"id":"\#(tap)","status":"en_route","at":"\#(Self.iso(Self.now.addingTimeInterval(-60)))"}"#)
                #expect(res.status == .ok && (try? res.content.decode(PatrolUnitDTO.self).status) == "en_route", "\(res.body.string)")
            }
            // The same id for another status is a different write: refused.
            let reused = try await app.api(.POST, PatrolRoutes.changeStatus.link(id), token: patrol, json: #"{"id":"\#(tap)","status":"on_scene"}"#)
            #expect(reused.status == .conflict && reused.errorCode == "duplicate_id")
            // A tap the rules do not allow (en route → returning), and off duty by tap: refused, nothing stored.
            let changesBefore = try await PatrolStatusChangeModel.query(on: app.db).filter(\.$unitID == id).count()
            let jump = try await app.api(.POST, PatrolRoutes.changeStatus.link(id), token: patrol, json: #"{"id":"\#(UUID())","status":"returning"}"#)
            #expect(jump.status == .conflict && jump.errorCode == "status_not_allowed")
            let off = try await app.api(.POST, PatrolRoutes.changeStatus.link(id), token: patrol, json: #"{"id":"\#(UUID())","status":"off_duty"}"#)
            #expect(off.status == .unprocessableEntity && off.errorCode == "sign_off_instead")
            let bad = try await app.api(.POST, PatrolRoutes.changeStatus.link(id), token: patrol, json: #"{"id":"\#(UUID())","status":"asleep"}"#)
            #expect(bad.status == .badRequest)
            #expect(try await PatrolStatusChangeModel.query(on: app.db).filter(\.$unitID == id).count() == changesBefore)
            // A tap queued offline, older than the last change, goes into the history and leaves the status.
            let late = try await app.api(.POST, PatrolRoutes.changeStatus.link(id), token: patrol,
                                         json: #"{"id":"\#(UUID())","status":"out_of_service","at":"\#(Self.iso(Self.now.addingTimeInterval(-300)))"}"#)
            #expect(late.status == .ok && (try? late.content.decode(PatrolUnitDTO.self).status) == "en_route")
            #expect(try await PatrolStatusChangeModel.query(on: app.db).filter(\.$unitID == id).count() == changesBefore + 1)

            // Sign-off: the last officer off takes the unit off duty; a resend answers the same shift.
            for _ in 0..<3 {
                let res = try await app.api(.POST, PatrolRoutes.signOff.link(id), token: patrol, json: #"{"shiftId":"\#(shiftID)"}"#)
                #expect(res.status == .ok && (try? res.content.decode(ShiftDTO.self).signedOffAt) == Self.now, "\(res.status) \(res.body.string)")
            }
            #expect(try await PatrolUnitModel.find(id, on: app.db)?.status == "off_duty")
            let history = try await PatrolStatusChangeModel.query(on: app.db).filter(\.$unitID == id).sort(\.$at).all().map(\.toStatus)
            #expect(history == ["available", "out_of_service", "en_route", "off_duty"])
            // Off the shift, the officer no longer sees the unit.
            #expect(try await app.api(.GET, PatrolRoutes.unit.link(id), token: patrol).status == .notFound)
        }
    }

    @Test("Devices post fixes with their own token: resends stored once, other units and users refused, revoked tokens dead, off-duty fixes not kept",
          arguments: TestDatabase.available)
    func devicesAndPositions(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.now)) { app in
            let commander = try await app.token("commander"), patrol = try await app.token("patrol")
            let unit = try await Self.unitOf(app, station: "130427000000-GAJ-PCS01")
            let other = try await PatrolUnitModel.query(on: app.db).filter(\.$id != unit.id!).filter(\.$stationPath == unit.stationPath).first()
            let b = try #require(other)
            let issued = try await app.api(.POST, PatrolRoutes.issueDevice.link(unit.id!), token: commander, json: #"{"kind":"vehicle_terminal"}"#)
            #expect(issued.status == .created)
            let device = try issued.content.decode(DeviceDTO.self)
            let token = try #require(device.token)
            #expect(token.hasPrefix("pd_"))
            // The list never shows a token again.
            let listed = try await app.api(.GET, PatrolRoutes.devices.link(unit.id!), token: commander)
            #expect(listed.status == .ok && !listed.body.string.contains(token) && listed.body.string.contains(device.id.uuidString))
            // An officer gets only a phone token, and only for a unit they are on.
            #expect(try await app.api(.POST, PatrolRoutes.issueDevice.link(unit.id!), token: patrol, json: #"{"kind":"phone"}"#).status == .notFound)

            func batch(_ unitID: UUID, _ seconds: [Int]) -> String {
                let fixes = seconds.map { s in
                    #"{"lat":\#(36.37 + Double(s) * 1e-5),"lon":114.38,"at":"\#(Self.iso(Self.now.addingTimeInterval(Double(s) - 2000)))","speed":8,"accuracy":\#(s == 0 ? 250 : 10)}"#
                }
                return #"{"unitId":"\#(unitID)","fixes":[\#(fixes.joined(separator: ","))]}"#
            }
            // Off duty: accepted, nothing kept.
            let offDuty = try await app.api(.POST, PatrolRoutes.positions.link(), token: token, json: batch(unit.id!, [0, 10]))
            #expect(offDuty.status == .ok && (try? offDuty.content.decode(FixBatchResult.self))?.offDuty == 2, "\(offDuty.body.string)")

            let on = try await app.api(.POST, PatrolRoutes.signOn.link(unit.id!), token: patrol,
                                       json: #"{"id":"\#(UUID())","at":"\#(Self.iso(Self.now.addingTimeInterval(-2100)))"}"#)
            #expect(on.status == .created)
            let seconds = Array(stride(from: 0, to: 2000, by: 10))   // 200 fixes
            let sessions = try await SessionRecord.query(on: app.db).count()
            for round in 0..<10 {
                let res = try await app.api(.POST, PatrolRoutes.positions.link(), token: token, json: batch(unit.id!, seconds))
                let result = try res.content.decode(FixBatchResult.self)
                #expect(res.status == .ok && result.stored == (round == 0 ? 200 : 0) && result.offDuty == 0, "\(res.body.string)")
                // A device has no session: no cookie, and no session row left per batch.
                #expect(res.headers[.setCookie].isEmpty)
            }
            #expect(try await SessionRecord.query(on: app.db).count() == sessions)
            let track = try await app.api(.GET, PatrolRoutes.track.link(unit.id!, query: "from=\(Self.iso(Self.now.addingTimeInterval(-2100)))&to=\(Self.iso(Self.now))"),
                                          token: commander)
            #expect(track.status == .ok)
            let fixes = try track.content.decode(TrackDTO.self).fixes
            #expect(fixes.count == 200 && fixes.map(\.at) == fixes.map(\.at).sorted())
            #expect(fixes.first?.flags == ["poor_accuracy"] && fixes.dropFirst().allSatisfy(\.flags.isEmpty))
            // The unit's answer carries its live position.
            let shown = try await app.api(.GET, PatrolRoutes.unit.link(unit.id!), token: commander).content.decode(PatrolUnitDTO.self)
            #expect(shown.position?.at == fixes.last?.at && shown.stale == false)

            // Refusals: a user's token, another unit's id, a bad batch, a revoked token; none stores anything.
            let before = try await FixStore(db: app.db).track(unit: unit.id!, from: .distantPast, to: .distantFuture).count
            let user = try await app.api(.POST, PatrolRoutes.positions.link(), token: commander, json: batch(unit.id!, [5]))
            #expect(user.status == .unauthorized && user.errorCode == "unauthorized")
            let foreign = try await app.api(.POST, PatrolRoutes.positions.link(), token: token, json: batch(b.id!, [5]))
            #expect(foreign.status == .forbidden && foreign.errorCode == "other_unit")
            for (body, status) in [(#"{"unitId":"\#(unit.id!)","fixes":[]}"#, HTTPStatus.unprocessableEntity),
                                   (#"{"unitId":"\#(unit.id!)","fixes":[{"lat":100,"lon":114,"at":"\#(Self.iso(Self.now))"}]}"#, .unprocessableEntity),
                                   (#"{"unitId":"\#(unit.id!)","fixes":[{"lat":36,"lon":114}]}"#, .badRequest),
                                   ("{nope", .badRequest)] {
                let res = try await app.api(.POST, PatrolRoutes.positions.link(), token: token, json: body)
                #expect(res.status == status, "\(body) → \(res.status) \(res.body.string)")
            }
            let many = batch(unit.id!, Array(0..<(PositionController.maxBatch + 1)))
            #expect(try await app.api(.POST, PatrolRoutes.positions.link(), token: token, json: many).status == .unprocessableEntity)
            let revoked = try await app.api(.POST, PatrolRoutes.revokeDevice.link(device.id), token: commander)
            #expect(revoked.status == .ok && (try? revoked.content.decode(DeviceDTO.self).revokedAt) != nil)
            let dead = try await app.api(.POST, PatrolRoutes.positions.link(), token: token, json: batch(unit.id!, [7]))
            #expect(dead.status == .unauthorized)
            #expect(try await FixStore(db: app.db).track(unit: unit.id!, from: .distantPast, to: .distantFuture).count == before)
        }
    }
}

import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor

/// Bodies and records of field records (P10, P11) for the walker and the API tests.
enum FieldRecordFixtures {
    /// A valid ID number from its first 17 digits.
    static func idNumber(_ first17: String = "13042719850615231") -> String { first17 + String(ChineseIDNumber.checkCharacter(for: first17)) }

    /// A record's JSON body: `fields` are the kind's own (JSON members, already encoded).
    static func body(_ id: UUID = UUID(), kind: String, _ fields: String = "", at: String = "2026-11-10T02:00:00Z",
                     lat: Double = 36.3720, lon: Double = 114.3820, extra: String = "") -> String {
        var members = [#""id":"\#(id)""#, #""kind":"\#(kind)""#, #""at":"\#(at)""#, #""lat":\#(lat)"#, #""lon":\#(lon)"#]
        if !fields.isEmpty { members.append(fields) }
        if !extra.isEmpty { members.append(extra) }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func personCheck(_ id: UUID = UUID(), name: String = "张三", number: String = idNumber(), extra: String = "") -> String {
        body(id, kind: "person_check", #""personName":"\#(name)","idNumber":"\#(number)""#, extra: extra)
    }

    /// A person check stored straight through the store, for a unit nobody of the demo is on.
    static func stored(on db: any Database, unit: PatrolUnitModel, officer: UserModel, number: String = idNumber("13042719900101002"), at: Date) async throws -> FieldRecordModel {
        let m = try FieldRecordModel(id: UUID(), kind: .personCheck, details: FieldRecordDetails(personName: "赵六", idNumber: number), unit: unit,
                                     officerID: try officer.requireID(), officerName: officer.displayName, at: at, recordedAt: at, lat: 36.35, lon: 114.37)
        try await m.create(on: db)
        return m
    }
}

extension RoutePolicyTests {
    /// The walker's records of field records from the phone (P10, P11): a person check of the demo
    /// officer's unit (城关派出所, recorded through the API while on shift) and one of another
    /// station's unit. The officer sees only the first; a commander the one of their station.
    static func fieldRecordFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {
        let patrol = try await app.token("patrol")
        let officer = try #require(try await UserModel.query(on: app.db).filter(\.$username == "patrol").first())
        let officerID = try officer.requireID()
        let crew = try await UnitStore(db: app.db).crewUnits(of: officerID)
        let mine = try #require(crew.first, "patrolFixtures signs the officer on first")
        let id = UUID()
        let res = try await app.api(.POST, FieldRecordRoutes.record.link(mine), token: patrol, json: FieldRecordFixtures.personCheck(id))
        guard res.status == .created else { throw TestSetupError.other("field record: \(res.status) \(res.body.string.prefix(200))") }
        let unit = try #require(try await PatrolUnitModel.find(mine, on: app.db))
        let path = unit.stationPath
        add("fieldRecord", Fixture(id: id, paths: [path], note: "person check of \(unit.callSign)",
                                   visible: { c in c.role == .patrolOfficer ? c.userID == officerID : c.canSee(path: path) }))

        let station = try await app.unit(code: "130427000000-GAJ-PCS05")
        let other = try #require(try await PatrolUnitModel.query(on: app.db).filter(\.$stationOrgUnitID == station.requireID()).sort(\.$callSign).first())
        let elsewhere = try await FieldRecordFixtures.stored(on: app.db, unit: other, officer: officer, at: app.clock.now())
        let otherPath = other.stationPath
        add("fieldRecord", Fixture(id: try elsewhere.requireID(), paths: [otherPath], note: "person check of \(other.callSign) of another station",
                                   visible: { c in c.role != .patrolOfficer && c.canSee(path: otherPath) }))
    }
}

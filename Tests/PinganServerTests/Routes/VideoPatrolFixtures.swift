import Foundation
import Fluent
import PatrolDomain
@testable import PatrolServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

extension RoutePolicyTests {
    /// The walker's records of video patrol: cameras and notices (P7): at least one inside and one outside the demo scopes for
    /// each record kind its routes declare. Runs after `patrolFixtures`, so the demo officer is on
    /// a unit of 城关派出所: the notice to that unit's grid reaches it, the other one does not.
    static func videoPatrolFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {
        let dispatcher = try await app.token("dispatcher")
        let officer = try #require(try await UserModel.query(on: app.db).filter(\.$username == "patrol").first()).requireID()
        let crew = try await UnitStore(db: app.db).crewUnits(of: officer)
        let onDuty = try #require(try await PatrolUnitModel.query(on: app.db).filter(\.$id ~~ Array(crew)).first(), "patrolFixtures signs the officer on")
        let ownGrid = try #require(try await OrgUnitModel.find(try #require(onDuty.homeGridOrgUnitID), on: app.db))
        let otherGrid = try await app.unit(code: "130427000000-GAJ-PCS05-WG")
        let dispatcherUser = try #require(try await UserModel.query(on: app.db).filter(\.$username == "dispatcher").first())
        let raisedAt = try #require(try await Caller.load(dispatcherUser, on: app.db)).scopePath
        for (grid, reaches) in [(ownGrid, true), (otherGrid, false)] {
            let camera = try await VideoPatrolFixtures.camera(app, in: grid, code: "WALK-\(grid.code.suffix(6))")
            let gridPath = grid.path
            add("camera", Fixture(id: try camera.requireID(), paths: [gridPath], note: "camera in \(grid.name)"))
            let id = UUID()
            let res = try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: dispatcher,
                                        json: VideoPatrolFixtures.notice(id, grids: [try grid.requireID()], at: try VideoPatrolFixtures.anchor(of: grid)))
            guard res.status == .created else { throw TestSetupError.other("video notice: \(res.status) \(res.body.string.prefix(200))") }
            add("videoNotice", Fixture(id: id, paths: [gridPath], note: "video notice to \(grid.name)", visible: { c in
                c.role == .patrolOfficer ? (c.userID == officer && reaches) : (c.canSee(path: gridPath) || c.canSee(path: raisedAt))
            }))
        }
    }
}

/// Requests and records the video-patrol tests share.
enum VideoPatrolFixtures {
    /// A 48×64 PNG of a grey figure: a real image, so the browser draws it.
    static let photoPNG = "iVBORw0KGgoAAAANSUhEUgAAADAAAABACAIAAADTQmMRAAAAi0lEQVR42u3YwQ2AQAhEUQrbsyVahEVYmxVoFhayg/nJFPAuwAQ7r1sqBggQIECOjHG8ZQPoQ7NisiJN2GR1mpjJSjUBEyBAgAC1A8ltasVbpnjtFfsQFbYXSG7KAPXa1ICoHz8CBTReE6BEUFjjMgHKAi1q5k2AUkApmkkTIECAAAECBAgQILEf4wNRDwmeWUkNzwAAAABJRU5ErkJggg=="

    static func anchor(of grid: OrgUnitModel) throws -> GeoPoint {
        let text = try #require(grid.geometry)
        return try #require(try JSONDecoder().decode(UnitGeometry.self, from: Data(text.utf8)).anchor)
    }

    /// A notice's JSON; `photo` nil leaves it out, "" sends it empty.
    static func notice(_ id: UUID, grids: [UUID], at p: GeoPoint, kind: String = "suspect", photo: String? = photoPNG,
                       description: String = "男，约30岁，身高约175厘米，黑色夹克，灰色运动鞋，背黑色双肩包", plate: String? = nil,
                       camera: UUID? = nil) -> String {
        var fields = [#""id":"\#(id)""#, #""kind":"\#(kind)""#, #""description":"\#(description)""#,
                      #""place":{"lat":\#(p.lat),"lon":\#(p.lon),"label":"城关镇十字路口"}"#, #""seenAt":"2026-11-20T08:00:00Z""#,
                      #""gridIds":[\#(grids.map { "\"\($0)\"" }.joined(separator: ","))]"#]
        if let photo { fields.append(#""photo":"\#(photo)""#) }
        if let plate { fields.append(#""plate":"\#(plate)""#) }
        if let camera { fields.append(#""cameraId":"\#(camera)""#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A camera at `grid`'s anchor, stored as the register keeps it.
    static func camera(_ app: Application, in grid: OrgUnitModel, code: String) async throws -> CameraModel {
        let p = try anchor(of: grid)
        let m = CameraModel()
        m.code = code; m.name = "\(grid.name)·测试点位"; m.kind = CameraKind.surveillance.rawValue; m.lat = p.lat; m.lon = p.lon
        m.gridOrgUnitID = grid.id; m.scopePath = grid.path; m.illustrative = false
        m.createdAt = app.clock.now(); m.updatedAt = app.clock.now()
        try await m.create(on: app.db)
        return m
    }
}

import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// #11 P7 through the server, on both databases: a notice with its photo (checked by size and
/// magic bytes, nothing stored when refused), stored once however often it is sent, reaching the
/// units on duty in its grids; acknowledged once per unit from the officer's account; turned
/// into an incident once; seen by whom it concerns only; the camera register.
@Suite("Video patrol")
struct VideoPatrolAPITests {
    static let pcs01Grid = "130427000000-GAJ-PCS01-WG"
    static let pcs05Grid = "130427000000-GAJ-PCS05-WG"

    /// Puts `units` on duty (as a sign-on would) and the rest of their grid's units off.
    static func onDuty(_ app: Application, _ units: [PatrolUnitModel]) async throws {
        for u in units { u.status = PatrolUnitStatus.available.rawValue; try await u.save(on: app.db) }
    }

    /// 城关派出所's grid and 讲武城's, with the units whose home grid each is.
    static func twoGrids(_ app: Application) async throws -> (OrgUnitModel, OrgUnitModel, [PatrolUnitModel], [PatrolUnitModel]) {
        let g1 = try await app.unit(code: pcs01Grid), g5 = try await app.unit(code: pcs05Grid)
        func units(_ grid: OrgUnitModel) async throws -> [PatrolUnitModel] {
            try await PatrolUnitModel.query(on: app.db).filter(\.$homeGridOrgUnitID == grid.requireID()).sort(\.$callSign).all()
        }
        return (g1, g5, try await units(g1), try await units(g5))
    }

    static func counts(_ app: Application) async throws -> [Int] {
        [try await VideoNoticeModel.query(on: app.db).count(), try await VideoNoticePhotoModel.query(on: app.db).count(),
         try await VideoNoticeRecipientModel.query(on: app.db).count(), try await VideoNoticeGridModel.query(on: app.db).count()]
    }

    static func audits(_ app: Application, _ action: String) async throws -> Int {
        try await AuditRecordModel.query(on: app.db).filter(\.$action == action).count()
    }

    /// A patrol officer of `gridCode`'s station, signed on to `unit` through the API.
    static func officer(_ app: Application, _ username: String, gridCode: String, on unit: PatrolUnitModel) async throws -> String {
        let admin = try await app.token("admin")
        let grid = try await app.unit(code: gridCode)
        let res = try await app.api(.POST, "/api/v1/users", token: admin, json: #"""
            {"username":"\#(username)","password":"pingan-demo","displayName":"民警\#(username)","role":"patrol_officer","orgUnitId":"\#(grid.id!)"}
            """#)
        guard res.status == .created else { throw TestSetupError.other("user \(username): \(res.status) \(res.body.string)") }
        let token = try await app.token(username)
        let on = try await app.api(.POST, PatrolRoutes.signOn.link(try unit.requireID()), token: token, json: #"{"id":"\#(UUID())"}"#)
        guard on.status == .created else { throw TestSetupError.other("sign-on \(username): \(on.status) \(on.body.string)") }
        return token
    }

    @Test("Raise: photo refused by size (413), type (415) and encoding (422) with nothing stored; a resend is stored once; the recipients are the units on duty in the chosen grids",
          arguments: TestDatabase.available)
    func raise(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let video = try await app.token("video")
            let (g1, g5, units1, units5) = try await Self.twoGrids(app)
            try #require(units1.count == 2 && units5.count == 1, "the demo force: a car and a motorcycle in grid 1, a car in grid 5")
            // Grid 1's car on duty, its motorcycle off; grid 5's car on duty but grid 5 not chosen.
            try await Self.onDuty(app, [units1[0], units5[0]])
            let p = try VideoPatrolFixtures.anchor(of: g1)
            let grids = [try g1.requireID()]

            // Refusals: each a 4xx with its code, and nothing stored.
            let gif = Data("GIF89a\u{01}\u{00}\u{01}\u{00}".utf8).base64EncodedString()
            let big = (Data([0xFF, 0xD8, 0xFF]) + Data(repeating: 0x41, count: NoticePhoto.maxBytes)).base64EncodedString()
            for (photo, status, code) in [(gif, HTTPStatus.unsupportedMediaType, "unsupported_photo_type"), (big, .payloadTooLarge, "photo_too_large"),
                                          ("/9j/@@@@", .unprocessableEntity, "invalid_photo"), ("", .unprocessableEntity, "invalid_photo")] {
                let res = try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: video, json: VideoPatrolFixtures.notice(UUID(), grids: grids, at: p, photo: photo))
                #expect(res.status == status && res.errorCode == code, "\(code): \(res.status) \(res.body.string.prefix(200))")
            }
            // A body past the route's limit is refused before it is read.
            let huge = String(repeating: "A", count: 5_000_000)
            let tooBig = try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: video, json: VideoPatrolFixtures.notice(UUID(), grids: grids, at: p, photo: "/9j/" + huge))
            #expect(tooBig.status == .payloadTooLarge, "\(tooBig.status)")
            #expect(try await Self.counts(app) == [0, 0, 0, 0], "a refused notice leaves nothing")

            // The photo at its limit is taken.
            let id = UUID()
            let first = try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: video,
                                          json: VideoPatrolFixtures.notice(id, grids: grids, at: p, kind: "vehicle", plate: "冀D·A1234"))
            #expect(first.status == .created, "\(first.body.string.prefix(300))")
            let notice = try first.content.decode(VideoNoticeDTO.self)
            #expect(notice.recipients.map(\.unitId) == [try units1[0].requireID()], "the unit on duty in grid 1, not the one off duty, not grid 5's")
            #expect(notice.hasPhoto && notice.plate == "冀D·A1234" && notice.kind == "vehicle" && !notice.complete && notice.acknowledgedCount == 0)
            #expect(notice.grids.map(\.id) == grids)
            // A resend answers the stored notice; it is stored once, and reaches the same units even if more came on duty since.
            try await Self.onDuty(app, [units1[1]])
            let again = try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: video, json: VideoPatrolFixtures.notice(id, grids: grids, at: p, kind: "vehicle", plate: "冀D·A1234"))
            #expect(again.status == .ok)
            #expect(try again.content.decode(VideoNoticeDTO.self).recipientCount == 1)
            #expect(try await Self.counts(app) == [1, 1, 1, 1])
            #expect(try await Self.audits(app, "video_notice.raised") == 1)
            // Another account may not take the id.
            let taken = try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: try await app.token("dispatcher"),
                                          json: VideoPatrolFixtures.notice(id, grids: grids, at: p))
            #expect(taken.status == .conflict)

            // The photo comes back byte for byte, typed by its magic bytes.
            let photo = try await app.testing().sendRequest(.GET, try #require(notice.photoUrl), headers: ["Authorization": "Bearer \(video)"])
            #expect(photo.status == .ok && photo.headers.contentType?.description == "image/png")
            #expect(Data(buffer: photo.body) == Data(base64Encoded: VideoPatrolFixtures.photoPNG))
            // A grid the caller may not reach, or a non-grid, is 404; a notice without a photo has none to show.
            let mediationUnit = try await app.unit(code: "130427100201")
            let notGrid = try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: video, json: VideoPatrolFixtures.notice(UUID(), grids: [mediationUnit.id!], at: p))
            #expect(notGrid.status == .notFound)
            let plain = UUID()
            let noPhoto = try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: video, json: VideoPatrolFixtures.notice(plain, grids: [try g5.requireID()], at: p, photo: nil))
            #expect(noPhoto.status == .created)
            #expect(try noPhoto.content.decode(VideoNoticeDTO.self).recipientCount == 1)
            let none = try await app.testing().sendRequest(.GET, VideoPatrolRoutes.noticePhoto.link(plain), headers: ["Authorization": "Bearer \(video)", "Accept": "application/json"])
            #expect(none.status == .notFound)
        }
    }

    @Test("Acknowledge: the officer's unit once (again changes nothing); an officer of another unit gets 404; the open list keeps the notice until every unit has",
          arguments: TestDatabase.available)
    func acknowledge(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let dispatcher = try await app.token("dispatcher")
            let (g1, _, units1, units5) = try await Self.twoGrids(app)
            let patrol = try await app.token("patrol")
            let signOn = try await app.api(.POST, PatrolRoutes.signOn.link(try units1[0].requireID()), token: patrol, json: #"{"id":"\#(UUID())"}"#)
            #expect(signOn.status == .created)
            let sameStation = try await Self.officer(app, "jy9901", gridCode: Self.pcs01Grid, on: units1[1])
            let other = try await Self.officer(app, "jy9905", gridCode: Self.pcs05Grid, on: units5[0])

            let id = UUID()
            let raised = try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: dispatcher,
                                           json: VideoPatrolFixtures.notice(id, grids: [try g1.requireID()], at: try VideoPatrolFixtures.anchor(of: g1)))
            #expect(raised.status == .created)
            #expect(try raised.content.decode(VideoNoticeDTO.self).recipientCount == 2)

            // The officer sees it among their unit's open notices.
            let mine = try await app.api(.GET, VideoPatrolRoutes.notices.link(query: "open=true"), token: patrol)
            #expect(try mine.content.decode(ListPage<VideoNoticeDTO>.self).items.map(\.id) == [id])
            // Another station's officer does not: not listed, 404 to read, to acknowledge, and for the photo.
            #expect(try await app.api(.GET, VideoPatrolRoutes.notices.link(), token: other).content.decode(ListPage<VideoNoticeDTO>.self).total == 0)
            #expect(try await app.api(.GET, VideoPatrolRoutes.notice.link(id), token: other).status == .notFound)
            let refused = try await app.api(.POST, VideoPatrolRoutes.acknowledgeNotice.link(id), token: other, json: "{}")
            #expect(refused.status == .notFound)
            #expect(try await app.testing().sendRequest(.GET, VideoPatrolRoutes.noticePhoto.link(id), headers: ["Authorization": "Bearer \(other)"]).status == .notFound)

            let tap = #"{"id":"\#(UUID())","unitId":"\#(try units1[0].requireID())","at":"2026-11-20T08:05:00Z"}"#
            let ack = try await app.api(.POST, VideoPatrolRoutes.acknowledgeNotice.link(id), token: patrol, json: tap)
            #expect(ack.status == .ok, "\(ack.body.string.prefix(200))")
            let after = try ack.content.decode(VideoNoticeDTO.self)
            let row = try #require(after.recipients.first { $0.unitId == units1[0].id })
            let patrolName = try #require(try await UserModel.query(on: app.db).filter(\.$username == "patrol").first()).displayName
            #expect(row.acknowledgedAt == Date(timeIntervalSince1970: 1_795_161_900), "the tap's time, as the queue sent it")
            #expect(row.acknowledgedBy == patrolName, "who acknowledged")
            #expect(after.acknowledgedCount == 1 && !after.complete)
            // Sent again (the queue's resend): nothing changes, one audit record.
            let again = try await app.api(.POST, VideoPatrolRoutes.acknowledgeNotice.link(id), token: patrol, json: tap)
            #expect(try again.content.decode(VideoNoticeDTO.self).recipients.first { $0.unitId == units1[0].id }?.acknowledgedAt == row.acknowledgedAt)
            #expect(try await Self.audits(app, "video_notice.acknowledged") == 1)
            // Naming a unit that is not theirs is 404.
            let notTheirs = try await app.api(.POST, VideoPatrolRoutes.acknowledgeNotice.link(id), token: patrol, json: #"{"unitId":"\#(try units1[1].requireID())"}"#)
            #expect(notTheirs.status == .notFound)

            // The officer's own open list is empty now; the command centre's still holds it, showing who has not.
            #expect(try await app.api(.GET, VideoPatrolRoutes.notices.link(query: "open=true"), token: patrol).content.decode(ListPage<VideoNoticeDTO>.self).total == 0)
            let open = try await app.api(.GET, VideoPatrolRoutes.notices.link(query: "open=true"), token: dispatcher).content.decode(ListPage<VideoNoticeDTO>.self)
            #expect(open.items.map(\.id) == [id])
            #expect(open.items.first?.recipients.filter { $0.acknowledgedAt == nil }.map(\.unitId) == [try units1[1].requireID()])
            // The second unit acknowledges: complete, out of the open list, still in the whole list.
            #expect(try await app.api(.POST, VideoPatrolRoutes.acknowledgeNotice.link(id), token: sameStation, json: "{}").status == .ok)
            #expect(try await app.api(.GET, VideoPatrolRoutes.notices.link(query: "open=true"), token: dispatcher).content.decode(ListPage<VideoNoticeDTO>.self).total == 0)
            #expect(try await app.api(.GET, VideoPatrolRoutes.notices.link(), token: dispatcher).content.decode(ListPage<VideoNoticeDTO>.self).items.first?.complete == true)
            #expect(try await Self.audits(app, "video_notice.acknowledged") == 2)

            // A notice that reached nobody (no unit on duty in an urban grid) stays open for the command centre.
            let urban = try await app.unit(code: "130427000000-GAJ-ZHZX-WG2")
            let nobody = UUID()
            #expect(try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: dispatcher,
                                      json: VideoPatrolFixtures.notice(nobody, grids: [try urban.requireID()], at: try VideoPatrolFixtures.anchor(of: urban))).status == .created)
            let still = try await app.api(.GET, VideoPatrolRoutes.notices.link(query: "open=true"), token: dispatcher).content.decode(ListPage<VideoNoticeDTO>.self)
            #expect(still.items.map(\.id) == [nobody] && still.items.first?.recipientCount == 0)
        }
    }

    @Test("转为警情 once: an incident at the notice's place through the intake path, linked both ways and audited; a second try is 409, a resend of the same is 200",
          arguments: TestDatabase.available)
    func convert(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let video = try await app.token("video"), dispatcher = try await app.token("dispatcher")
            let g1 = try await app.unit(code: Self.pcs01Grid)
            let p = try VideoPatrolFixtures.anchor(of: g1)
            let id = UUID()
            #expect(try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: video,
                                      json: VideoPatrolFixtures.notice(id, grids: [try g1.requireID()], at: p, kind: "vehicle", plate: "冀D12345")).status == .created)
            let incidentID = UUID()
            let res = try await app.api(.POST, VideoPatrolRoutes.convertNotice.link(id), token: video, json: #"{"id":"\#(incidentID)"}"#)
            #expect(res.status == .created, "\(res.body.string.prefix(300))")
            #expect(try res.content.decode(VideoNoticeDTO.self).incidentId == incidentID)
            let incident = try await app.api(.GET, PatrolRoutes.incident.link(incidentID), token: dispatcher).content.decode(IncidentDTO.self)
            #expect(incident.place.lat == p.lat && incident.place.lon == p.lon && incident.type == IncidentType.criminal.rawValue)
            #expect(incident.gridOrgUnitId == g1.id, "filed under its grid by the intake path")
            #expect(incident.description.contains("冀D12345") && incident.calls.first?.note.contains(id.uuidString) == true, "the incident names the notice")
            // The notice is found from the incident.
            let linked = try await app.api(.GET, VideoPatrolRoutes.notices.link(query: "incident=\(incidentID)"), token: dispatcher)
            #expect(try linked.content.decode(ListPage<VideoNoticeDTO>.self).items.map(\.id) == [id])
            // The same request again answers the same; another conversion is 409 and makes no incident.
            #expect(try await app.api(.POST, VideoPatrolRoutes.convertNotice.link(id), token: video, json: #"{"id":"\#(incidentID)"}"#).status == .ok)
            let second = UUID()
            let again = try await app.api(.POST, VideoPatrolRoutes.convertNotice.link(id), token: dispatcher, json: #"{"id":"\#(second)"}"#)
            #expect(again.status == .conflict && again.errorCode == "already_converted")
            #expect(try await IncidentModel.find(second, on: app.db) == nil)
            #expect(try await IncidentModel.query(on: app.db).count() == 1)
            #expect(try await Self.audits(app, "video_notice.converted") == 1)
            #expect(try await Self.audits(app, "incident.reported") == 1)
            // A station commander may not convert (404: not their route).
            #expect(try await app.api(.POST, VideoPatrolRoutes.convertNotice.link(id), token: try await app.token("commander"), json: #"{"id":"\#(UUID())"}"#).status == .notFound)
        }
    }

    @Test("Scope: the command centre sees the county, a station commander the notices sent to their grid, another station's commander nothing; justice roles 404",
          arguments: TestDatabase.available)
    func scope(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let video = try await app.token("video")
            let g1 = try await app.unit(code: Self.pcs01Grid), g5 = try await app.unit(code: Self.pcs05Grid)
            let urban = try await app.unit(code: "130427000000-GAJ-ZHZX-WG1")
            var ids: [String: UUID] = [:]
            for (name, grid) in [("pcs01", g1), ("pcs05", g5), ("urban", urban)] {
                let id = UUID()
                ids[name] = id
                #expect(try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: video,
                                          json: VideoPatrolFixtures.notice(id, grids: [try grid.requireID()], at: try VideoPatrolFixtures.anchor(of: grid))).status == .created)
            }
            let pcs05 = try await app.unit(code: "130427000000-GAJ-PCS05")
            let created = try await app.api(.POST, "/api/v1/users", token: try await app.token("admin"), json: #"""
                {"username":"commander05","password":"pingan-demo","displayName":"讲武城所长","role":"station_commander","orgUnitId":"\#(pcs05.id!)"}
                """#)
            #expect(created.status == .created)
            func seen(_ account: String) async throws -> Set<UUID> {
                Set(try await app.api(.GET, VideoPatrolRoutes.notices.link(), token: try await app.token(account)).content.decode(ListPage<VideoNoticeDTO>.self).items.map(\.id))
            }
            #expect(try await seen("video") == Set(ids.values))
            #expect(try await seen("dispatcher") == Set(ids.values))
            #expect(try await seen("commander") == [ids["pcs01"]!])
            #expect(try await seen("commander05") == [ids["pcs05"]!])
            #expect(try await app.api(.GET, VideoPatrolRoutes.notice.link(ids["pcs01"]!), token: try await app.token("commander05")).status == .notFound)
            #expect(try await seen("patrol").isEmpty, "an officer on no unit sees none")
            for justice in ["bureau", "judicial", "mediator"] {
                let t = try await app.token(justice)
                #expect(try await app.api(.GET, VideoPatrolRoutes.notices.link(), token: t).status == .notFound)
                #expect(try await app.api(.GET, VideoPatrolRoutes.cameras.link(), token: t).status == .notFound)
            }
            // A commander may not raise.
            #expect(try await app.api(.POST, VideoPatrolRoutes.raiseNotice.link(), token: try await app.token("commander"),
                                      json: VideoPatrolFixtures.notice(UUID(), grids: [try g1.requireID()], at: try VideoPatrolFixtures.anchor(of: g1))).status == .notFound)
        }
    }

    @Test("Cameras: the demo's illustrative register (mostly the county seat and its exits and gates), listed by scope; the command centre registers (grid from the place) and edits, audited",
          arguments: TestDatabase.available)
    func cameras(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let dispatcher = try await app.token("dispatcher")
            let all = try await app.api(.GET, VideoPatrolRoutes.cameras.link(query: "limit=500"), token: dispatcher).content.decode(ListPage<CameraDTO>.self)
            #expect(all.total >= 30 && all.items.allSatisfy(\.illustrative), "the demo seeds dozens of illustrative cameras: \(all.total)")
            let urbanOrGate = all.items.filter { ($0.gridName ?? "").hasPrefix("城区") || $0.kind == CameraKind.hdCheckpoint.rawValue }
            #expect(urbanOrGate.count * 2 > all.total, "mostly in the county seat and at its exits and gates")
            #expect(all.items.contains { $0.kind == CameraKind.hdCheckpoint.rawValue && $0.name.contains("县界出口") })
            // Running the seed again adds nothing.
            try await VideoPatrolDemoSeed.run(on: app.db, now: app.clock.now(), log: { _ in })
            #expect(try await CameraModel.query(on: app.db).count() == all.total)

            let g1 = try await app.unit(code: Self.pcs01Grid)
            let p = try VideoPatrolFixtures.anchor(of: g1)
            let res = try await app.api(.POST, VideoPatrolRoutes.addCamera.link(), token: dispatcher,
                                        json: #"{"code":"TEST-1","name":"测试路口","kind":"face_recognition","lat":\#(p.lat),"lon":\#(p.lon)}"#)
            #expect(res.status == .created, "\(res.body.string.prefix(200))")
            let camera = try res.content.decode(CameraDTO.self)
            #expect(camera.gridId == g1.id && !camera.illustrative, "filed under the grid holding its place")
            #expect(try await app.api(.POST, VideoPatrolRoutes.addCamera.link(), token: dispatcher,
                                       json: #"{"code":"TEST-1","name":"重复","kind":"surveillance","lat":\#(p.lat),"lon":\#(p.lon)}"#).status == .conflict)
            let commander = try await app.token("commander")
            let theirs = try await app.api(.GET, VideoPatrolRoutes.cameras.link(query: "limit=500"), token: commander).content.decode(ListPage<CameraDTO>.self)
            #expect(theirs.items.contains { $0.id == camera.id } && theirs.items.allSatisfy { $0.gridId == g1.id }, "a commander sees their grid's cameras only")
            #expect(try await app.api(.POST, VideoPatrolRoutes.addCamera.link(), token: commander,
                                       json: #"{"code":"TEST-2","name":"x","kind":"surveillance","lat":\#(p.lat),"lon":\#(p.lon)}"#).status == .notFound)
            let g5 = try await app.unit(code: Self.pcs05Grid)
            let moved = try await app.api(.PATCH, VideoPatrolRoutes.editCamera.link(camera.id), token: dispatcher, json: #"{"name":"讲武城路口","gridId":"\#(g5.id!)"}"#)
            #expect(moved.status == .ok)
            #expect(try moved.content.decode(CameraDTO.self).gridName == g5.name)
            #expect(try await app.api(.GET, VideoPatrolRoutes.cameras.link(query: "limit=500"), token: commander).content.decode(ListPage<CameraDTO>.self).items.allSatisfy { $0.id != camera.id })
            #expect(try await Self.audits(app, "camera.created") == 1)
            #expect(try await Self.audits(app, "camera.updated") == 1)
        }
    }
}

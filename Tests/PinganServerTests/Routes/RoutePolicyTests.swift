import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
import PatrolDomain
@testable import PatrolServer
import PinganDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// The jurisdiction walker: every declared endpoint against every demo role, signed out, in scope
/// and out. A route added to a table is walked without a line here; one whose record kind has no
/// fixture fails.
@Suite("Route policies")
struct RoutePolicyTests {
    static let accounts = ["admin", "bureau", "judicial", "mediator", "roomstaff", "lawyer", "governance", "dispatcher", "commander", "patrol", "video"]

    /// A record the walker can ask for by id, and the org paths that put it in a caller's scope.
    /// A record whose scope is not an org path (a patrol unit is the officer's only while they are
    /// on its shift) says who sees it with `visible`.
    struct Fixture {
        var id: UUID; var paths: [String]; var note: String
        var visible: (@Sendable (Caller) -> Bool)? = nil
        func seen(by caller: Caller) -> Bool { visible?(caller) ?? paths.contains(where: caller.canSee(path:)) }
    }

    @Test("Every endpoint × every role: refusal, admission and scope as declared", arguments: TestDatabase.available)
    func walk(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(DirectiveFixtures.start)) { app in
            let fixtures = try await Self.fixtures(app)
            var tokens: [String: String] = [:]
            var callers: [String: Caller] = [:]
            for account in Self.accounts {
                tokens[account] = try await app.token(account)
                let user = try #require(try await UserModel.query(on: app.db).filter(\.$username == account).first())
                callers[account] = try #require(try await Caller.load(user, on: app.db))
            }
            let endpoints = CoreRoutes.all + app.wings.flatMap(\.endpoints)
            #expect(endpoints.count > 60)
            for e in endpoints {
                // Signed out.
                let anon = try await Self.call(app, e, id: UUID(), token: nil)
                if case .anyone = e.policy.callers {
                    #expect(anon.status != .unauthorized && anon.headers.first(name: .location) != CoreRoutes.loginPage.path,
                            "\(e) is open to anyone but refused a signed-out caller: \(anon.status)")
                } else if case .allowedAddress = e.policy.callers {
                    // The walker's requests come from no address at all, so none is allowed: 404, as for no route.
                    #expect(anon.status == .notFound, "\(e) answers only configured addresses; from elsewhere it must be 404: \(anon.status)")
                } else if e.isPage {
                    #expect(anon.status == .seeOther && anon.headers.first(name: .location) == CoreRoutes.loginPage.path,
                            "\(e) signed out should go to the login page: \(anon.status)")
                } else {
                    #expect(anon.status == .unauthorized && anon.errorCode == "unauthorized", "\(e) signed out: \(anon.status)")
                }

                var record: String?
                if case .recordInSubtree(let kind) = e.policy.scope {
                    record = kind
                    #expect(!(fixtures[kind] ?? []).isEmpty, "\(e): no fixture of kind \(kind) for the walker; add one to RoutePolicyTests.fixtures")
                }
                var sawInside = false
                for account in Self.accounts {
                    let caller = try #require(callers[account])
                    let token = e.path == CoreRoutes.logout.path ? try await app.token(account) : try #require(tokens[account])
                    let ghost = try await Self.call(app, e, id: UUID(), token: token)
                    guard e.policy.admits(caller.role) else {
                        #expect(ghost.status == e.policy.refusal, "\(e) must refuse \(account): \(ghost.status) \(ghost.body.string.prefix(120))")
                        if e.policy.refusal == .forbidden { #expect(ghost.errorCode == "forbidden", "\(e) \(account)") }
                        continue
                    }
                    #expect(!Self.refused(ghost), "\(e) admits \(account) but refused: \(ghost.status) \(ghost.body.string.prefix(120))")
                    guard let kind = record else { continue }
                    // An unknown id is 404; a write may reject the empty body before it looks the record up.
                    let bodyFirst = e.method != .GET && [.badRequest, .unprocessableEntity].contains(ghost.status)
                    #expect(ghost.status == .notFound || bodyFirst, "\(e) \(account): an unknown id must be 404, got \(ghost.status)")
                    for f in fixtures[kind] ?? [] {
                        let res = try await Self.call(app, e, id: f.id, token: token)
                        #expect(!Self.refused(res), "\(e) admits \(account) but refused \(f.note): \(res.status) \(res.body.string.prefix(120))")
                        if f.seen(by: caller) {
                            sawInside = true
                            #expect(res.status != .notFound, "\(e): \(account) must find \(f.note) in its scope: \(res.body.string.prefix(120))")
                        } else {
                            #expect(res.status == ghost.status && res.body.string == ghost.body.string,
                                    "\(e): \(account) must get for \(f.note), outside its scope, what an unknown id gets (\(ghost.status)), got \(res.status)")
                        }
                    }
                }
                if record != nil { #expect(sawInside, "\(e): no admitted role had a fixture in scope; the walker proved nothing") }
            }
        }
    }

    /// Refused by the gate or its like: 401, or 403 `forbidden` (a 403 with its own code, such as
    /// `not_recipient` or `csrf_failed`, is the handler's rule about this record or form).
    static func refused(_ res: TestingHTTPResponse) -> Bool {
        res.status == .unauthorized || (res.status == .forbidden && res.errorCode == "forbidden")
            || res.headers.first(name: .location) == CoreRoutes.loginPage.path
    }

    /// Calls `e` with its parameters filled: `{id}` with `id`, `{doc}` with a case-file document.
    /// Writes send an empty JSON object; every request asks for JSON so errors carry their code.
    static func call(_ app: Application, _ e: Endpoint, id: UUID, token: String?) async throws -> TestingHTTPResponse {
        let values: [any CustomStringConvertible] = try e.parameterNames.map { name in
            switch name {
            case "id": return id
            case "doc": return CaseFileModel.Doc.allCases[0].rawValue
            default: throw TestSetupError.other("\(e): the walker cannot fill {\(name)}; teach RoutePolicyTests.call")
            }
        }
        var it = values.makeIterator()
        let path = "/" + e.segments.map { $0.hasPrefix("{") ? String(describing: it.next()!) : String($0) }.joined(separator: "/")
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer?
        if e.method != .GET { headers.contentType = .json; body = ByteBuffer(string: "{}") }
        return try await app.testing().sendRequest(e.method, path, headers: headers, body: body)
    }

    /// One or more records of each scoped kind, in 三里屯村 (磁州镇) and in 130427103201 (another township).
    static func fixtures(_ app: Application) async throws -> [String: [Fixture]] {
        let bureau = try await app.token("bureau")
        let mediator = try await app.token("mediator")
        let elsewhere = try await DirectiveFixtures.mediator(app, username: "walker103", villageCode: "130427103201")
        let village = try await app.unit(code: "130427100201"), otherVillage = try await app.unit(code: "130427103201")
        let township = try await app.unit(code: "130427100000"), otherTownship = try await app.unit(code: "130427103000")
        var out: [String: [Fixture]] = [:]
        func add(_ kind: String, _ f: Fixture) { out[kind, default: []].append(f) }

        add("orgUnit", Fixture(id: village.id!, paths: [village.path], note: "三里屯村"))
        add("orgUnit", Fixture(id: otherVillage.id!, paths: [otherVillage.path], note: "village 130427103201"))
        for name in ["mediator", "walker103"] {
            let u = try #require(try await UserModel.query(on: app.db).filter(\.$username == name).first())
            let unit = try #require(try await OrgUnitModel.find(u.orgUnitID, on: app.db))
            add("user", Fixture(id: u.id!, paths: [unit.path], note: "user \(name)"))
        }

        for (token, unit, villageName) in [(mediator, township, "三里屯村"), (elsewhere, otherTownship, "130427103201")] {
            // A red dispute, so it raises major reports.
            let id = UUID()
            let reg = try await app.api(.POST, "/api/v1/disputes", token: token, json: DisputeFixtures.intake(id: id, threat: true))
            guard reg.status == .created else { throw TestSetupError.other("register: \(reg.body.string)") }
            let d = try #require(try await DisputeModel.find(id, on: app.db))
            add("dispute", Fixture(id: id, paths: [d.originPath, d.handlingPath], note: "dispute in \(villageName)"))
            let reports = try await MajorReportModel.query(on: app.db).filter(\.$disputeID == id).all()
            #expect(!reports.isEmpty, "a red dispute raises major reports")
            for r in reports { add("majorReport", Fixture(id: r.id!, paths: [r.recipientPath], note: "report to \(r.recipientPath)")) }

            let instruction = UUID()
            let ins = try await app.api(.POST, "/api/v1/instructions", token: bureau, json: #"""
                {"id":"\#(instruction)","title":"排查","body":"请排查并回复。","recipientOrgUnitIds":["\#(unit.id!)"],"dueAt":"2026-11-30T09:00:00Z"}
                """#)
            guard ins.status == .created else { throw TestSetupError.other("instruction: \(ins.body.string)") }
            add("instruction", Fixture(id: instruction, paths: [unit.path], note: "instruction to \(unit.name)"))

            let order = UUID()
            let sup = try await app.api(.POST, "/api/v1/supervision-orders", token: bureau, json: #"""
                {"id":"\#(order)","disputeId":"\#(id)","assigneeOrgUnitId":"\#(unit.id!)","instruction":"请三日内化解并回复","deadline":"2026-11-13T02:00:00Z"}
                """#)
            guard sup.status == .created else { throw TestSetupError.other("supervision: \(sup.body.string)") }
            add("supervisionOrder", Fixture(id: order, paths: [unit.path], note: "supervision order to \(unit.name)"))

            let discussion = UUID()
            let dis = try await app.api(.POST, "/api/v1/discussions", token: bureau, json: #"""
                {"id":"\#(discussion)","disputeId":"\#(id)","scheduledAt":"2026-11-12T01:00:00Z","place":"会议室","participants":["李所长"]}
                """#)
            guard dis.status == .created else { throw TestSetupError.other("discussion: \(dis.body.string)") }
            add("discussion", Fixture(id: discussion, paths: [d.originPath, d.handlingPath], note: "discussion on the dispute in \(villageName)"))

            let report = UUID()
            let scr = try await app.api(.POST, "/api/v1/screening-reports", token: token, json: #"""
                {"id":"\#(report)","month":"2026-10","foundCount":0,"nilReport":true,"note":"本月排查"}
                """#)
            guard scr.status == .created else { throw TestSetupError.other("screening: \(scr.body.string)") }
            let m = try #require(try await ScreeningReportModel.find(report, on: app.db))
            add("screeningReport", Fixture(id: report, paths: [m.villagePath], note: "screening report of \(villageName)"))
        }
        try await patrolFixtures(app, add: add)
        try await fieldRecordFixtures(app, add: add)
        try await videoPatrolFixtures(app, add: add)
        try await communityFixtures(app, add: add)
        try await planFixtures(app, add: add)
        try await bridgeFixtures(app, add: add)
        try await countyStatisticsFixtures(app, add: add)
        try await analysisReportFixtures(app, add: add)
        try await ledgerFixtures(app, add: add)
        try await policeStatisticsFixtures(app, add: add)
        return out
    }

    /// Two units, one of 城关派出所 (the demo commander's station), with the demo patrol officer
    /// signed on, and one of another station; a device of each.
    static func patrolFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {
        let patrol = try await app.token("patrol")
        let officer = try #require(try await UserModel.query(on: app.db).filter(\.$username == "patrol").first()).requireID()
        for (stationCode, signOn) in [("130427000000-GAJ-PCS01", true), ("130427000000-GAJ-PCS05", false)] {
            let station = try await app.unit(code: stationCode)
            let unit = try #require(try await PatrolUnitModel.query(on: app.db).filter(\.$stationOrgUnitID == station.requireID()).sort(\.$callSign).first(),
                                    "the demo seeds units of \(stationCode)")
            let unitID = try unit.requireID()
            if signOn {
                let res = try await app.api(.POST, PatrolRoutes.signOn.link(unitID), token: patrol, json: #"{"id":"\#(UUID())"}"#)
                guard res.status == .created else { throw TestSetupError.other("sign-on: \(res.body.string)") }
            }
            let stationPath = unit.stationPath
            let crew: Set<UUID> = signOn ? [unitID] : []
            let sees: @Sendable (Caller) -> Bool = { c in
                PatrolUnitVisibility.sees(role: c.role, scopePath: c.scopePath, crewUnits: c.userID == officer ? crew : [],
                                          unitID: unitID, stationPath: stationPath)
            }
            add("patrolUnit", Fixture(id: unitID, paths: [stationPath], note: "unit \(unit.callSign) of \(station.name)", visible: sees))
            add("patrolUnitToJoin", Fixture(id: unitID, paths: [stationPath], note: "unit \(unit.callSign) to join",
                                            visible: { PatrolUnitVisibility.mayJoin(officerPath: $0.scopePath, stationPath: stationPath) }))
            let device = try await PositionIngest.issueToken(for: unit, kind: PatrolDeviceKind.vehicleTerminal.rawValue, now: app.clock.now(), on: app.db).device
            add("patrolDevice", Fixture(id: try device.requireID(), paths: [stationPath], note: "terminal of \(unit.callSign)", visible: sees))
            // An incident in the station's grid; the signed-on unit is sent to it, so the officer sees that one only.
            let grid = try await app.unit(code: stationCode + "-WG")
            let gridText = try #require(grid.geometry)
            let anchor = try #require(try JSONDecoder().decode(UnitGeometry.self, from: Data(gridText.utf8)).anchor)
            let dispatcherUser = try #require(try await UserModel.query(on: app.db).filter(\.$username == "dispatcher").first())
            let dispatcherCaller = try #require(try await Caller.load(dispatcherUser, on: app.db))
            let store = IncidentStore(db: app.db)
            let intake = IncidentIntake(type: .publicOrder, priority: .normal, place: IncidentPlace(lat: anchor.lat, lon: anchor.lon),
                                        description: "fixture", call: IncidentCall(callerName: "张三", callerPhone: "13812345678", at: app.clock.now()))
            var incident = try await store.register(id: UUID(), intake: intake, by: dispatcherCaller, now: app.clock.now()).model
            if signOn {
                let onDuty = try #require(try await PatrolUnitModel.find(unitID, on: app.db))
                incident = try await store.dispatch(onDuty, to: incident, eventID: UUID(), etaSeconds: nil, reason: nil, baseVersion: nil,
                                                    by: dispatcherCaller, now: app.clock.now()).model
            }
            if signOn {
                // A drill at the grid's anchor, started by the dispatcher: the command centre's record.
                let res = try await app.api(.POST, PatrolRoutes.startContainment.link(), token: try await app.token("dispatcher"),
                                            json: #"{"id":"\#(UUID())","drill":true,"scene":{"lat":\#(anchor.lat),"lon":\#(anchor.lon)}}"#)
                guard res.status == .created else { throw TestSetupError.other("drill: \(res.status) \(res.body.string.prefix(200))") }
                let order = try res.content.decode(ContainmentOrderDTO.self)
                let orderPath = try #require(try await ContainmentOrderModel.find(order.id, on: app.db)).scopePath
                add("containmentOrder", Fixture(id: order.id, paths: [orderPath], note: "drill in \(grid.name)",
                                                visible: { c in c.userID != officer && c.canSee(path: orderPath) }))
            }
            if signOn {
                // A handover by the dispatcher: the command centre's record.
                let hid = UUID()
                let res = try await app.api(.POST, PatrolRoutes.handOver.link(), token: try await app.token("dispatcher"),
                                            json: #"{"id":"\#(hid)","note":"交班"}"#)
                guard res.status == .created else { throw TestSetupError.other("handover: \(res.status) \(res.body.string.prefix(200))") }
                let path = dispatcherCaller.scopePath
                add("handover", Fixture(id: hid, paths: [path], note: "handover by the dispatcher"))
            }
            // A spike alert on the station's grid, as the hourly watch stores it.
            let alert = ReinforcementAlertModel()
            alert.id = UUID()
            alert.gridOrgUnitID = try grid.requireID()
            alert.scopePath = grid.path
            alert.raisedHour = SpikeMonitor.hourStart(app.clock.now())
            alert.count = 9
            alert.expected = 0.4
            alert.status = ReinforcementDecision.open.rawValue
            try await alert.create(on: app.db)
            let gridPath = grid.path
            // No unit has a task on it yet: an officer sees it only once their unit is moved for it.
            add("reinforcementAlert", Fixture(id: try alert.requireID(), paths: [gridPath], note: "spike alert in \(grid.name)",
                                              visible: { c in c.role != .patrolOfficer && c.canSee(path: gridPath) }))
            let incidentPaths = [incident.scopePath]
            add("incident", Fixture(id: try incident.requireID(), paths: incidentPaths, note: "incident in \(grid.name)", visible: { c in
                c.userID == officer ? signOn : incidentPaths.contains(where: c.canSee(path:)) || (signOn && c.canSee(path: stationPath))
            }))
        }
    }
}

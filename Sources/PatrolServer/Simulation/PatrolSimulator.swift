import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// Drives the demo force like real devices (`pingan simulate`, `pingan demo --simulate`): one
/// simulated officer per unit signs on over HTTP, gets a device token the way a phone does (the
/// seed's GPS cars get vehicle terminals from the dispatcher), and posts a fix every `interval`
/// seconds from the unit's patrol loop inside its grid. Everything after the officers' accounts
/// goes through the same HTTP routes a phone uses, so the map, the tracks and later figures fill
/// exactly as they would in the field.
package struct PatrolSimulator: Sendable {
    package var base: String
    package var interval: TimeInterval = 5
    package var unitLimit: Int?
    /// Only these call signs, when given.
    package var only: Set<String>?
    /// Patrol time runs this many times faster than the clock (the fixes keep real times), so a
    /// demo map moves visibly; above ~5 a car's reported speed would look impossible.
    package var timeScale: Double = 1
    /// The road path between two points, when a road network is loaded.
    package var route: (@Sendable (GeoPoint, GeoPoint) -> [GeoPoint]?)?

    package struct Driven: Sendable {
        var unitID: UUID
        var callSign: String
        var loop: PatrolLoop
        var device: String
        var officerToken: String
        var shiftID: UUID
        var offset: TimeInterval
        var kind: PatrolUnitKind
    }

    package static let officerPrefix = "sim"

    /// Creates the simulated officers' accounts (once), signs them on and issues their devices.
    package func start(app: Application, log: @Sendable (String) -> Void) async throws -> [Driven] {
        let units = try await PatrolUnitModel.query(on: app.db).sort(\.$callSign).all()
        let wanted = units.filter { only?.contains($0.callSign) ?? true }
        let chosen = Array(wanted.prefix(unitLimit ?? wanted.count))
        let grids = try await OrgUnitModel.query(on: app.db).filter(\.$id ~~ chosen.compactMap(\.homeGridOrgUnitID)).all()
        let gridByID = Dictionary(uniqueKeysWithValues: grids.compactMap { g in g.id.map { ($0, g) } })
        let dispatcher = try await session(for: try await account("dispatcher", on: app), on: app)
        let usernames = chosen.indices.map { Self.officerPrefix + String(format: "%02d", $0 + 1) }
        let accounts = Dictionary(uniqueKeysWithValues: try await UserModel.query(on: app.db).filter(\.$username ~~ usernames).all().map { ($0.username, $0) })
        // One hash for every simulated officer still to be made: bcrypt is slow by design, and 39 of
        // them would hold up the demo's start by a minute.
        let passwordHash = accounts.count < usernames.count ? try await app.password.async.hash(DemoOrgSeed.password) : ""
        var driven: [Driven] = []
        for (i, unit) in chosen.enumerated() {
            guard let gridID = unit.homeGridOrgUnitID, let grid = gridByID[gridID],
                  let polygon = grid.geometry.flatMap({ try? JSONDecoder().decode(UnitGeometry.self, from: Data($0.utf8)) })?.polygons.first
            else { continue }
            let user: UserModel
            if let existing = accounts[usernames[i]] { user = existing } else {
                user = try await makeOfficer(usernames[i], name: "\(unit.callSign)巡警（模拟）", unitID: gridID, passwordHash: passwordHash, on: app)
            }
            let officer = try await session(for: user, on: app)
            let unitID = try unit.requireID()
            // A restart finds the officer still on shift from last time: sign off first, then on again.
            let shiftID = UUID()
            let on = try await post(app, PatrolRoutes.signOn.link(unitID), token: officer, body: #"{"id":"\#(shiftID)"}"#)
            if on.status == .conflict {
                if let open = try await PatrolShiftModel.query(on: app.db).filter(\.$officerID == user.requireID()).filter(\.$signedOffAt == nil).first() {
                    _ = try await post(app, PatrolRoutes.signOff.link(open.unitID), token: officer, body: #"{"shiftId":"\#(open.id!)"}"#)
                }
                _ = try await post(app, PatrolRoutes.signOn.link(unitID), token: officer, body: #"{"id":"\#(shiftID)"}"#)
            }
            let terminal = unit.kind == PatrolUnitKind.patrolCar.rawValue && unit.capabilities.contains(PatrolCapability.traffic.rawValue)
            let issued = try await post(app, PatrolRoutes.issueDevice.link(unitID), token: terminal ? dispatcher : officer,
                                        body: #"{"kind":"\#(terminal ? "vehicle_terminal" : "phone")"}"#)
            guard issued.status == .created, let device = try? issued.content.decode(DeviceDTO.self).token else {
                log("\(unit.callSign): no device token (\(issued.status))"); continue
            }
            let seed = UInt64(truncatingIfNeeded: unit.callSign.unicodeScalars.reduce(1469598103934665603) { ($0 ^ UInt64($1.value)) &* 1099511628211 })
            let loop = PatrolLoop(grid: polygon, kind: unit.unitKind ?? .patrolCar, seed: seed, route: route)
            driven.append(Driven(unitID: unitID, callSign: unit.callSign, loop: loop, device: device, officerToken: officer,
                                 shiftID: shiftID, offset: Double(seed % 600), kind: unit.unitKind ?? .patrolCar))
        }
        log("模拟：\(driven.count) 个单元已上岗，每 \(Int(interval)) 秒上报一次定位")
        return driven
    }

    /// Posts one fix per unit every `interval` seconds until `until` (or forever).
    package func drive(_ units: [Driven], app: Application, until: Date? = nil, log: @Sendable (String) -> Void) async throws {
        let began = Date()
        var ticks = 0
        let missions = SimulatedMissions()
        while until.map({ Date() < $0 }) ?? true {
            try Task.checkCancellation()
            let now = Date()
            let tick = ticks
            try await withThrowingTaskGroup(of: Void.self) { group in
                for u in units {
                    group.addTask {
                        let t = now.timeIntervalSince(began) * self.timeScale + u.offset
                        var p = u.loop.position(at: t)
                        if let m = await missions.mission(of: u.unitID) { p = m.drive.position(at: t) }
                        // Every few ticks the unit looks at its tasks, as an officer glances at the phone.
                        if tick % 3 == 0 { await missions.update(u, t: t, at: p.point, simulator: self, app: app) }
                        let fix = #"{"lat":\#(p.point.lat),"lon":\#(p.point.lon),"at":"\#(now.formatted(.iso8601))","speed":\#(p.speed * self.timeScale),"heading":\#(p.heading),"accuracy":8}"#
                        _ = try? await self.post(app, PatrolRoutes.positions.link(), token: u.device, body: #"{"unitId":"\#(u.unitID)","fixes":[\#(fix)]}"#)
                    }
                }
                try await group.waitForAll()
            }
            ticks += 1
            if ticks % 60 == 0 { log("模拟：已上报 \(ticks) 轮") }
            try await Task.sleep(for: .seconds(interval))
        }
    }

    /// Signs every simulated officer off: their units go off duty.
    package func stop(_ units: [Driven], app: Application) async {
        for u in units {
            _ = try? await post(app, PatrolRoutes.signOff.link(u.unitID), token: u.officerToken, body: #"{"shiftId":"\#(u.shiftID)"}"#)
        }
    }

    // MARK: HTTP, as a phone does it

    func get<T: Decodable>(_ app: Application, _ path: String, token: String) async -> T? {
        guard let res = try? await app.client.get(URI(string: base + path), headers: ["Authorization": "Bearer \(token)", "Accept": "application/json"]),
              res.status == .ok else { return nil }
        return try? res.content.decode(T.self)
    }

    func post(_ app: Application, _ path: String, token: String, body: String) async throws -> ClientResponse {
        try await app.client.post(URI(string: base + path)) { req in
            req.headers.bearerAuthorization = BearerAuthorization(token: token)
            req.headers.contentType = .json
            req.body = ByteBuffer(string: body)
        }
    }

    /// A session for a simulated officer (or the demo dispatcher), made as a login makes one: the
    /// simulator stands in for the person typing the password, everything after goes over HTTP.
    func session(for user: UserModel, on app: Application) async throws -> String {
        try await UserTokenModel.issue(for: user, expiresAt: Date().addingTimeInterval(86_400), on: app.db)
    }

    func account(_ username: String, on app: Application) async throws -> UserModel {
        guard let user = try await UserModel.query(on: app.db).filter(\.$username == username).first() else {
            throw DomainError(code: "simulator_account", message: "no account \(username): run `pingan demo` first", messageZh: "没有账号 \(username)，请先运行 pingan demo")
        }
        return user
    }

    func makeOfficer(_ username: String, name: String, unitID: UUID, passwordHash: String, on app: Application) async throws -> UserModel {
        let user = UserModel(username: username, passwordHash: passwordHash, displayName: name, role: .patrolOfficer, orgUnitID: unitID)
        try await app.db.writeTransaction { tx in
            try await user.create(on: tx)
            try await AuditLog.record(on: tx, at: Date(), actor: nil, actorName: "simulate", action: "create", entityType: "user",
                                      entityID: user.id, before: Nothing?.none, after: UserDTO(user))
        }
        return user
    }

    package init(base: String, interval: TimeInterval = 5, unitLimit: Int? = nil, only: Set<String>? = nil, timeScale: Double = 1,
                 route: (@Sendable (GeoPoint, GeoPoint) -> [GeoPoint]?)? = nil) {
        self.base = base; self.interval = interval; self.unitLimit = unitLimit; self.only = only; self.timeScale = timeScale; self.route = route
    }
}

import Fluent
import Foundation
import PinganDomain
import Vapor

/// Loads the Ci County demo: the org tree with its illustrative layout and one account per role.
/// Safe to run again: units are matched by code and accounts by username, so nothing doubles.
package enum DemoOrgSeed {
    package static let password = "pingan-demo"

    /// (username, display name, role, org unit code) — listed in the README.
    package static let accounts: [(String, String, Role, String)] = [
        ("admin", "县系统管理员", .admin, "130427000000"),
        ("bureau", "王司法（县司法局）", .justiceBureauStaff, "130427000000-SFJ"),
        ("judicial", "李所长（磁州司法所）", .judicialOfficeStaff, "130427100000-SFS"),
        ("mediator", "张调解（三里屯村）", .mediator, "130427100201-TWH"),
        ("roomstaff", "赵调解（教育局调解室）", .mediationRoomStaff, "130427000000-BM01-TJS"),
        ("lawyer", "刘律师", .lawyer, "130427000000-SFJ"),
        ("governance", "陈综治（县综治中心）", .governanceStaff, "130427000000-ZZZX"),
        ("dispatcher", "孙调度（指挥中心）", .dispatcher, "130427000000-GAJ-ZHZX"),
        ("commander", "周所长（城关派出所）", .stationCommander, "130427000000-GAJ-PCS01"),
        ("patrol", "吴巡警（城关派出所网格）", .patrolOfficer, "130427000000-GAJ-PCS01-WG"),
        ("video", "郑视频（指挥中心视频巡逻）", .videoPatrolOfficer, "130427000000-GAJ-ZHZX"),
    ]

    package static func loadPlan(resources: String) throws -> [PlannedUnit] {
        let (source, boundary) = try loadCounty(resources: resources)
        return CiCountyPlan.build(source: source, boundary: boundary)
    }

    /// The county's divisions and its boundary's largest polygon, as `Resources/Data` ships them.
    package static func loadCounty(resources: String) throws -> (CountySource, GeoPolygon) {
        let dir = URL(fileURLWithPath: resources).appendingPathComponent("Data")
        let source = try JSONDecoder().decode(CountySource.self, from: Data(contentsOf: dir.appendingPathComponent("cixian-townships.json")))
        let boundary = try UnitGeometry.firstGeometry(inGeoJSON: Data(contentsOf: dir.appendingPathComponent("cixian-boundary.geojson")))
        guard let outer = boundary.polygons.max(by: { abs($0.signedArea) < abs($1.signedArea) }) else {
            throw APIError.validation("county boundary has no polygon")
        }
        return (source, outer)
    }

    @discardableResult
    package static func run(on app: Application, log: (String) -> Void = { _ in }) async throws -> (units: Int, users: Int) {
        let plan = try loadPlan(resources: app.directory.resourcesDirectory)
        let now = app.clock.now()
        let (inserted, updated) = try await app.db.writeTransaction { db in
            try await OrgUnitStore(db: db).upsert(plan) { unit, before in
                try await AuditLog.record(on: db, at: now, actor: nil, actorName: "demo", action: before == nil ? "create" : "update",
                                          entityType: "org_unit", entityID: unit.id, before: before, after: OrgUnitDTO(unit, withGeometry: false))
            }
        }
        log("组织单位：新增 \(inserted)，更新 \(updated)，共 \(plan.count)")
        var created = 0
        for (username, name, role, code) in accounts {
            if try await UserModel.query(on: app.db).filter(\.$username == username).first() != nil { continue }
            guard let unit = try await OrgUnitModel.query(on: app.db).filter(\.$code == code).first() else { continue }
            _ = try await UserStore(db: app.db).create(
                CreateUserRequest(username: username, password: password, displayName: name, role: role.rawValue, orgUnitId: try unit.requireID()),
                by: nil, at: now, hasher: app.password.async, actorName: "demo")
            created += 1
        }
        log("演示账号：新增 \(created)（密码均为 \(password)）")
        for wing in app.wings { try await wing.seedDemo(on: app, log: log) }
        return (inserted, created)
    }
}

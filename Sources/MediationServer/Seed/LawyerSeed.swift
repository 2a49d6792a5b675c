import MediationDomain
import ServerCore
import Fluent
import Foundation
import PinganDomain
import Vapor

/// The six county lawyers (M11: "6 名律师，分包对口联系 37 个县直单位"): `lawyer` from the demo
/// accounts plus `lawyer2`…`lawyer6`, and the 37 departments shared among them round-robin.
/// Idempotent: existing accounts and assignments are kept.
package enum LawyerSeed {
    package static let extra: [(String, String)] = [
        ("lawyer2", "陈律师"), ("lawyer3", "杨律师"), ("lawyer4", "黄律师"), ("lawyer5", "赵律师"), ("lawyer6", "吴律师"),
    ]

    @discardableResult
    package static func run(on app: Application, log: (String) -> Void = { _ in }) async throws -> Int {
        let now = app.clock.now()
        guard let bureau = try await OrgUnitStore(db: app.db).byCode("130427000000-SFJ") else { return 0 }
        for (username, name) in extra where try await UserModel.query(on: app.db).filter(\.$username == username).first() == nil {
            _ = try await UserStore(db: app.db).create(
                CreateUserRequest(username: username, password: DemoOrgSeed.password, displayName: name, role: Role.lawyer.rawValue,
                                  orgUnitId: try bureau.requireID()),
                by: nil, at: now, hasher: app.password.async, actorName: "demo")
        }
        let usernames = ["lawyer"] + extra.map(\.0)
        let lawyers = try await UserModel.query(on: app.db).filter(\.$username ~~ usernames).all()
            .sorted { usernames.firstIndex(of: $0.username)! < usernames.firstIndex(of: $1.username)! }
        guard !lawyers.isEmpty else { return 0 }
        let departments = try await OrgUnitModel.query(on: app.db).filter(\.$kind == OrgUnitKind.department.rawValue).sort(\.$code).all()
        let taken = Set(try await LawyerAssignmentModel.query(on: app.db).all(\.$departmentOrgUnitID))
        let todo = try departments.enumerated().filter { !taken.contains(try $0.element.requireID()) }
        try await app.db.writeTransaction { db in
            for (i, dep) in todo {
                let lawyer = lawyers[i % lawyers.count]
                let a = LawyerAssignmentModel()
                a.lawyerUserID = try lawyer.requireID()
                a.departmentOrgUnitID = try dep.requireID()
                a.assignedAt = now
                try await a.create(on: db)
                try await AuditLog.record(on: db, at: now, actor: nil, actorName: "demo", action: "assign", entityType: "lawyer_assignment",
                                          entityID: a.id, before: Nothing?.none, after: ["lawyer": lawyer.username, "department": dep.name])
            }
        }
        let created = todo.count
        log("律师分包县直单位：新增 \(created)（\(lawyers.count) 名律师，\(departments.count) 个部门）")
        return created
    }
}

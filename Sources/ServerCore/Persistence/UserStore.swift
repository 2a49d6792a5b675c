import Fluent
import PinganDomain
import Vapor

/// Accounts, always seen through an administrator's scope.
package struct UserStore {
    package let db: Database

    /// Users bound to units inside the scope.
    package func visible(scopePath: String) -> QueryBuilder<UserModel> {
        UserModel.query(on: db)
            .join(OrgUnitModel.self, on: \UserModel.$orgUnitID == \OrgUnitModel.$id)
            .filter(OrgUnitModel.self, \.$path =~ scopePath)
    }

    package func find(_ id: UUID, scopePath: String) async throws -> UserModel? {
        try await visible(scopePath: scopePath).filter(\.$id == id).first()
    }

    /// The unit a role is bound to must exist in scope and be of a kind the role belongs to.
    package func checkBinding(role: Role, unitID: UUID, scopePath: String) async throws -> OrgUnitModel {
        guard let unit = try await OrgUnitStore(db: db).find(unitID, scopePath: scopePath) else { throw APIError.notFound("单位") }
        guard let kind = unit.unitKind, role.allowedUnitKinds.contains(kind) else {
            let allowed = role.allowedUnitKinds.map(\.label).sorted().joined(separator: "、")
            // The unit's kind is stored state, not part of the request: a conflict, not a malformed body.
            throw APIError.conflict("\(role.label)只能属于：\(allowed) / role \(role.rawValue) cannot belong to a \(unit.kind)", code: "role_unit_mismatch")
        }
        return unit
    }

    /// Validates and stores a new account with its audit record, in one transaction.
    package func create(_ body: CreateUserRequest, by actor: Caller?, at now: Date, hasher: AsyncPasswordHasher,
                actorName: String = "system") async throws -> UserModel {
        let username = try Check.username(body.username)
        let password = try Check.password(body.password, username: username)
        let displayName = try Check.text(body.displayName, "displayName", max: 50)
        guard let role = Role(rawValue: body.role) else {
            throw APIError.validation("role 不是已知角色 / unknown role \(body.role); one of: " + Role.allCases.map(\.rawValue).joined(separator: ", "))
        }
        _ = try await checkBinding(role: role, unitID: body.orgUnitId, scopePath: actor?.scopePath ?? "/")
        if try await UserModel.query(on: db).filter(\.$username == username).first() != nil {
            throw APIError.conflict("用户名 \(username) 已存在 / username taken", code: "duplicate_username")
        }
        let user = UserModel(username: username, passwordHash: try await hasher.hash(password), displayName: displayName,
                             role: role, orgUnitID: body.orgUnitId)
        try await db.writeTransaction { db in
            try await user.create(on: db)
            try await AuditLog.record(on: db, at: now, actor: actor, actorName: actorName, action: "create", entityType: "user",
                                      entityID: user.id, before: Nothing?.none, after: UserDTO(user))
        }
        return user
    }

    package init(db: Database) {
        self.db = db
    }
}

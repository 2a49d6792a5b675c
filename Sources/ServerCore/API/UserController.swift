import Fluent
import PinganDomain
import Vapor

/// `/api/v1/users`: administrators manage accounts inside their own subtree.
package struct UserController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(CoreRoutes.users, use: list)
        routes.on(CoreRoutes.createUser, use: create)
        routes.on(CoreRoutes.user, use: show)
        routes.on(CoreRoutes.updateUser, use: update)
    }

    package func list(req: Request) async throws -> ListPage<UserDTO> {
        let actor = try req.caller(.admin)
        let page = try PageRequest(req)
        let q = UserStore(db: req.db).visible(scopePath: actor.scopePath)
        if let search = try Check.optionalText(req.query[String.self, at: "q"], "q", max: 64) {
            q.group(.or) { $0.filter(\.$username ~~ search).filter(\.$displayName ~~ search) }
        }
        if let role = req.query[String.self, at: "role"] {
            guard Role(rawValue: role) != nil else { throw APIError.badRequest("未知角色 \(role) / unknown role", code: "invalid_query") }
            q.filter(\.$role == role)
        }
        return try await q.sort(\.$username).paged(page, map: UserDTO.init)
    }

    package func show(req: Request) async throws -> UserDTO {
        let actor = try req.caller(.admin)
        guard let u = try await UserStore(db: req.db).find(try req.uuidParameter(what: "用户"), scopePath: actor.scopePath) else {
            throw APIError.notFound("用户")
        }
        return UserDTO(u)
    }

    package func create(req: Request) async throws -> Response {
        let actor = try req.caller(.admin)
        let body = try req.content.decode(CreateUserRequest.self)
        let user = try await UserStore(db: req.db).create(body, by: actor, at: req.now, hasher: req.password.async)
        return try await UserDTO(user).encodeResponse(status: .created, for: req)
    }

    package func update(req: Request) async throws -> UserDTO {
        let actor = try req.caller(.admin)
        let body = try req.content.decode(UpdateUserRequest.self)
        let store = UserStore(db: req.db)
        guard let user = try await store.find(try req.uuidParameter(what: "用户"), scopePath: actor.scopePath) else {
            throw APIError.notFound("用户")
        }
        let before = UserDTO(user)
        if let d = body.displayName { user.displayName = try Check.text(d, "displayName", max: 50) }
        var role = Role(rawValue: user.role) ?? .mediator
        if let r = body.role {
            guard let rr = Role(rawValue: r) else { throw APIError.validation("role 不是已知角色 / unknown role \(r)") }
            role = rr
            user.role = r
        }
        if let unitID = body.orgUnitId { user.orgUnitID = unitID }
        if body.role != nil || body.orgUnitId != nil {
            _ = try await store.checkBinding(role: role, unitID: user.orgUnitID, scopePath: actor.scopePath)
        }
        if let active = body.active {
            // A conflict with who is asking, not a malformed request: the same body is fine for another account.
            if user.id == actor.userID && !active {
                throw APIError.conflict("不能停用自己的账号 / you cannot deactivate yourself", code: "cannot_deactivate_self")
            }
            user.active = active
        }
        if let p = body.password { user.passwordHash = try await req.password.async.hash(try Check.password(p, username: user.username)) }
        let now = req.now
        try await req.db.writeTransaction { db in
            try await user.update(on: db)
            if body.password != nil || body.active == false {
                // A changed password or a deactivation ends every open token of that user.
                try await UserTokenModel.query(on: db).filter(\.$userID == user.requireID()).delete()
            }
            try await AuditLog.record(on: db, at: now, actor: actor, action: body.password != nil ? "update+password" : "update",
                                      entityType: "user", entityID: user.id, before: before, after: UserDTO(user))
        }
        return UserDTO(user)
    }

    package init() {
    }
}

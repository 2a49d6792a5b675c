import Fluent
import PinganDomain
import Vapor

/// Login for the API and phones (bearer tokens), shared with the login page.
package struct AuthController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(CoreRoutes.login, use: login)
        routes.on(CoreRoutes.logout, use: logout)
        routes.on(CoreRoutes.me, use: me)
    }

    package func login(req: Request) async throws -> LoginResponse {
        let body = try req.content.decode(LoginRequest.self)
        let user = try await Self.verify(req, username: body.username, password: body.password)
        let expires = req.now.addingTimeInterval(Double(req.application.settings.tokenLifetimeDays) * 86_400)
        let token = try await UserTokenModel.issue(for: user, expiresAt: expires, on: req.db)
        guard let actor = try await Caller.load(user, on: req.db) else { throw APIError.unauthorized }
        return LoginResponse(token: token, expiresAt: expires, user: UserDTO(user), scopeUnitId: actor.scopeUnitID)
    }

    package func logout(req: Request) async throws -> HTTPStatus {
        _ = try req.caller()
        if let bearer = req.headers.bearerAuthorization {
            try await UserTokenModel.query(on: req.db).filter(\.$tokenHash == UserTokenModel.hash(bearer.token)).delete()
        }
        return .noContent
    }

    /// Answered from the caller the token lookup loaded: no second read of the user.
    package func me(req: Request) async throws -> UserDTO {
        UserDTO(try req.caller())
    }

    /// Checks a username and password with throttling; the same path serves the login page.
    /// An unknown username costs a bcrypt check too, so timing does not reveal which names exist.
    package static func verify(_ req: Request, username: String, password: String) async throws -> UserModel {
        guard username.unicodeScalars.count <= 64, password.unicodeScalars.count <= 200 else {
            throw APIError(status: .unauthorized, code: "invalid_credentials", message: "用户名或密码错误 / wrong username or password")
        }
        let key = LoginThrottle.key(username: username, address: req.clientAddress)
        let throttle = req.application.loginThrottle
        if let wait = try await throttle.retryAfter(key, now: req.now, on: req.db) {
            var e = APIError(status: .tooManyRequests, code: "too_many_attempts",
                             message: "登录失败次数过多，请 \(wait) 秒后再试 / too many failed logins, retry in \(wait) s")
            e.headers.replaceOrAdd(name: .retryAfter, value: String(wait))
            throw e
        }
        let user = try await UserModel.query(on: req.db).filter(\.$username == username.lowercased()).first()
        let ok: Bool
        if let user {
            ok = try await req.password.async.verify(Check.bcryptInput(password), created: user.passwordHash)
        } else {
            _ = try await req.password.async.hash(Check.bcryptInput(password))
            ok = false
        }
        guard ok, let user, user.active else {
            try await throttle.recordFailure(key, now: req.now, on: req.db)
            throw APIError(status: .unauthorized, code: "invalid_credentials", message: "用户名或密码错误 / wrong username or password")
        }
        try await throttle.recordSuccess(key, on: req.db)
        return user
    }

    package init() {
    }
}

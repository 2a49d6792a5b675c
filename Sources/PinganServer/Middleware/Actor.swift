import Fluent
import PinganDomain
import Vapor

/// The signed-in user as every handler sees them: who they are and the subtree they may touch.
struct Actor: Authenticatable, Sendable {
    let userID: UUID
    let username: String
    let displayName: String
    let role: Role
    let orgUnitID: UUID
    let orgUnitName: String
    /// Root of the subtree this user may read and write (their unit's jurisdiction).
    let scopeUnitID: UUID
    let scopePath: String

    func canSee(path: String) -> Bool { path.hasPrefix(scopePath) }
    func canSee(_ unit: OrgUnitModel) -> Bool { canSee(path: unit.path) }

    /// Loads the actor for an active user, or nil when the user or their unit is gone.
    static func load(_ user: UserModel, on db: Database) async throws -> Actor? {
        guard user.active, let id = user.id, let role = Role(rawValue: user.role),
              let unit = try await OrgUnitModel.find(user.orgUnitID, on: db) else { return nil }
        var scope = unit
        if let j = unit.jurisdictionID, let ju = try await OrgUnitModel.find(j, on: db) { scope = ju }
        return Actor(userID: id, username: user.username, displayName: user.displayName, role: role,
                     orgUnitID: user.orgUnitID, orgUnitName: unit.name, scopeUnitID: try scope.requireID(), scopePath: scope.path)
    }
}

extension Request {
    /// The signed-in actor, or 401 in the API's error shape.
    func actor() throws -> Actor {
        guard let a = auth.get(Actor.self) else { throw APIError.unauthorized }
        return a
    }

    /// The signed-in actor if their role is one of `roles`, else 403.
    func actor(_ roles: Role...) throws -> Actor {
        let a = try actor()
        guard roles.contains(a.role) else { throw APIError.forbidden }
        return a
    }
}

/// Authenticates `Authorization: Bearer …` against stored token hashes.
struct BearerActorAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let hash = UserTokenModel.hash(bearer.token)
        guard let token = try await UserTokenModel.query(on: request.db).filter(\.$tokenHash == hash).first(),
              token.expiresAt > request.now,
              let user = try await UserModel.find(token.userID, on: request.db),
              let actor = try await Actor.load(user, on: request.db) else { return }
        request.auth.login(actor)
    }
}

/// Authenticates a browser by the user id kept in its session. A page's script that writes
/// through the JSON API with the session cookie must echo the page's CSRF token in
/// `X-CSRF-Token`; without it another site could make the browser post as the user.
struct SessionActorAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.auth.get(Actor.self) == nil, Self.csrfSatisfied(request),
           let raw = request.session.data["uid"], let id = UUID(uuidString: raw),
           let user = try await UserModel.find(id, on: request.db),
           let actor = try await Actor.load(user, on: request.db) {
            request.auth.login(actor)
        }
        return try await next.respond(to: request)
    }
}

extension SessionActorAuthenticator {
    /// Reads are free; a write under `/api/` that carries no bearer token must carry the
    /// session's CSRF token in `X-CSRF-Token`, else the session does not log the user in (401).
    static func csrfSatisfied(_ request: Request) -> Bool {
        guard request.method != .GET, request.method != .HEAD, request.url.path.hasPrefix("/api/"),
              request.headers.bearerAuthorization == nil else { return true }
        return (try? CSRF.check(request, supplied: request.headers.first(name: "X-CSRF-Token"))) != nil
    }
}

import Fluent
import PinganDomain
import Vapor

/// The signed-in user as every handler sees them: who they are and the subtree they may touch.
package struct Caller: Authenticatable, Sendable {
    package let userID: UUID
    package let username: String
    package let displayName: String
    package let role: Role
    package let orgUnitID: UUID
    package let orgUnitName: String
    /// Root of the subtree this user may read and write (their unit's jurisdiction).
    package let scopeUnitID: UUID
    package let scopePath: String

    package func canSee(path: String) -> Bool { path.hasPrefix(scopePath) }
    package func canSee(_ unit: OrgUnitModel) -> Bool { canSee(path: unit.path) }

    /// Loads the caller for an active user, or nil when the user or their unit is gone.
    package static func load(_ user: UserModel, on db: Database) async throws -> Caller? {
        guard let id = user.id else { return nil }
        return try await CallerQuery.byUser(id: id, on: db)
    }

    package init(userID: UUID, username: String, displayName: String, role: Role, orgUnitID: UUID, orgUnitName: String, scopeUnitID: UUID, scopePath: String) {
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.role = role
        self.orgUnitID = orgUnitID
        self.orgUnitName = orgUnitName
        self.scopeUnitID = scopeUnitID
        self.scopePath = scopePath
    }
}

extension Request {
    /// The signed-in actor, or 401 in the API's error shape.
    package func caller() throws -> Caller {
        guard let a = auth.get(Caller.self) else { throw APIError.unauthorized }
        return a
    }

    /// The signed-in actor if their role is one of `roles`, else 403.
    package func caller(_ roles: Role...) throws -> Caller {
        let a = try caller()
        guard roles.contains(a.role) else { throw APIError.forbidden }
        return a
    }
}

/// Authenticates `Authorization: Bearer …` against stored token hashes.
package struct BearerCallerAuthenticator: AsyncBearerAuthenticator {
    package func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        // A device's token is no user's: its batch is looked up by the positions route alone.
        guard bearer.token.hasPrefix(UserTokenModel.userPrefix),
              let actor = try await CallerQuery.byToken(hash: UserTokenModel.hash(bearer.token), now: request.now, on: request.db)
        else { return }
        request.auth.login(actor)
    }

    package init() {
    }
}

/// Authenticates a browser by the user id kept in its session. A page's script that writes
/// through the JSON API with the session cookie must echo the page's CSRF token in
/// `X-CSRF-Token`; without it another site could make the browser post as the user.
package struct SessionCallerAuthenticator: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Only a browser that sent the session cookie has a session to read: reading one otherwise
        // would create it, and a device posting fixes would leave a session row per batch.
        // An idle session is ended here (`SessionIdle`), before it could sign anyone in.
        if request.auth.get(Caller.self) == nil, request.hasSession, request.session.data["uid"] != nil,
           SessionIdle.stillLive(request), Self.csrfSatisfied(request),
           let raw = request.session.data["uid"], let id = UUID(uuidString: raw),
           let actor = try await CallerQuery.byUser(id: id, on: request.db) {
            request.auth.login(actor)
        }
        return try await next.respond(to: request)
    }

    package init() {
    }
}

extension SessionCallerAuthenticator {
    /// Reads are free; a write under `/api/` that carries no bearer token must carry the
    /// session's CSRF token in `X-CSRF-Token`, else the session does not log the user in (401).
    package static func csrfSatisfied(_ request: Request) -> Bool {
        guard request.method != .GET, request.method != .HEAD, request.url.path.hasPrefix("/api/"),
              request.headers.bearerAuthorization == nil else { return true }
        return (try? CSRF.check(request, supplied: request.headers.first(name: "X-CSRF-Token"))) != nil
    }
}

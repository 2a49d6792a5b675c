import PinganDomain
import Vapor

/// Who may call a route: the roles let in, and the rule that tells a record in the caller's scope
/// from one outside it. Declared on every `Endpoint`; `RoutePolicyTests` walks them all against
/// every role, so a route added to a table is covered without anyone writing a test for it.
package struct AccessPolicy: Sendable {
    package enum Callers: Sendable {
        /// No sign-in needed (login, health, the API document).
        case anyone
        /// Any signed-in user.
        case signedIn
        /// Only these roles; other signed-in users get `refusal`.
        case roles(Set<Role>)
        /// A device (a vehicle terminal or an officer's phone page) with its own token, bound to one
        /// patrol unit; no user is signed in. The handler checks the token: a user's token is 401.
        case device
        /// A webhook signed with a shared secret (the messaging gateway's tips): no user, no device.
        /// The handler checks the signature; an unsigned or forged request, or a user's, is 401.
        case signature
        /// A scraper at a configured address (`/metrics`, `PINGAN_METRICS_ALLOW`): no user. The
        /// handler checks the address; from anywhere else the route answers 404, as if it were not there.
        case allowedAddress
    }
    /// How a handler decides in-scope from out-of-scope; out of scope answers 404, like an unknown id.
    /// The string names the kind of record (`"dispute"`, `"orgUnit"` …); the walker needs a fixture
    /// of each kind inside and outside a role's subtree, and fails for a kind it has none of.
    package enum Scope: Sendable, Hashable {
        /// Nothing scoped: the route reads or writes no record of an org unit's subtree.
        case none
        /// Lists and searches are cut to the caller's subtree; nothing outside is ever listed.
        case listInSubtree(String)
        /// The `{id}` record is found only when it lies in the caller's subtree.
        case recordInSubtree(String)
    }
    package var callers: Callers
    package var scope: Scope
    /// What a signed-in role outside `callers` gets: 403, or 404 where even the route's existence
    /// is none of its business.
    package var refusal: HTTPResponseStatus

    package init(_ callers: Callers, scope: Scope = .none, refusal: HTTPResponseStatus = .forbidden) {
        self.callers = callers; self.scope = scope; self.refusal = refusal
    }

    package static let anyone = AccessPolicy(.anyone)
    package static let signedIn = AccessPolicy(.signedIn)
    package static func only(_ roles: [Role], scope: Scope = .none) -> AccessPolicy { AccessPolicy(.roles(Set(roles)), scope: scope) }
    package static func signedIn(scope: Scope) -> AccessPolicy { AccessPolicy(.signedIn, scope: scope) }
    /// A device's token, never a user's: a user who calls gets 401, as a wrong token does.
    package static let device = AccessPolicy(.device, refusal: .unauthorized)
    /// A signed webhook's: the handler verifies; anything unsigned is 401.
    package static let signature = AccessPolicy(.signature, refusal: .unauthorized)
    /// A configured address's: everyone else, signed in or not, gets 404.
    package static let fromAllowedAddress = AccessPolicy(.allowedAddress, refusal: .notFound)

    /// Whether `role` passes the gate (scope is the handler's query).
    package func admits(_ role: Role?) -> Bool {
        switch callers {
        case .anyone: true
        case .signedIn: role != nil
        case .roles(let set): role.map(set.contains) ?? false
        case .device, .signature, .allowedAddress: false
        }
    }

    /// The error a signed-in caller outside `callers` gets.
    package var refusalError: APIError {
        refusal == .notFound ? APIError.notFound() : APIError(status: refusal, code: "forbidden", message: APIError.forbidden.message)
    }

    /// Runs before the handler: nil to go on, a redirect for a page whose caller must log in first;
    /// throws 401 (API) or the refusal.
    package func gate(_ req: Request, page: Bool) throws -> Response? {
        switch callers {
        case .anyone, .device, .signature, .allowedAddress: return nil
        case .signedIn, .roles: break
        }
        guard let caller = req.auth.get(Caller.self) else {
            if page { return req.redirect(to: CoreRoutes.loginPage.path) }
            throw APIError.unauthorized
        }
        guard admits(caller.role) else { throw refusalError }
        return nil
    }
}

extension RoutesBuilder {
    /// Registers `endpoint` (its path is absolute: register on the root builder) with its policy's
    /// gate in front of `handler`. The route keeps its endpoint in `userInfo` for the tests.
    /// `body` raises the body size limit for a route that takes more (a photo).
    @discardableResult
    package func on<R: AsyncResponseEncodable>(_ endpoint: Endpoint, body: HTTPBodyStreamStrategy = .collect,
                                              use handler: @escaping @Sendable (Request) async throws -> R) -> Route {
        let route = on(endpoint.method, endpoint.pathComponents, body: body) { req async throws -> Response in
            if let early = try endpoint.policy.gate(req, page: endpoint.isPage) { return early }
            return try await handler(req).encodeResponse(for: req)
        }
        route.userInfo[Endpoint.routeKey] = endpoint
        return route
    }
}

extension Endpoint {
    /// Where a registered `Route` keeps the endpoint it came from.
    package static let routeKey = "pingan.endpoint"
}

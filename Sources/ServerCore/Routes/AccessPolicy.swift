import PinganDomain
import Vapor

/// Who may call a route: the roles let in, and the rule that tells a record in the caller's scope
/// from one outside it. Declared on every `Endpoint`; the jurisdiction tests walk them all.
package struct AccessPolicy: Sendable {
    package enum Callers: Sendable {
        /// No sign-in needed (login, health, the API document).
        case anyone
        /// Any signed-in user.
        case signedIn
        /// Only these roles; others get `refusal`.
        case roles(Set<Role>)
    }
    /// How a handler decides in-scope from out-of-scope; out of scope answers 404, like an unknown id.
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
    /// is none of its business (police records to justice users and back).
    package var refusal: HTTPResponseStatus

    package init(_ callers: Callers, scope: Scope = .none, refusal: HTTPResponseStatus = .forbidden) {
        self.callers = callers; self.scope = scope; self.refusal = refusal
    }

    package static let anyone = AccessPolicy(.anyone)
    package static let signedIn = AccessPolicy(.signedIn)

    /// Whether `role` passes the gate (scope is the handler's query).
    package func admits(_ role: Role?) -> Bool {
        switch callers {
        case .anyone: true
        case .signedIn: role != nil
        case .roles(let set): role.map(set.contains) ?? false
        }
    }
}

import PinganDomain
import ServerCore
import Vapor

/// The routes of community groups, their webhooks and tips (P8), with who may call each (justice-side roles get 404).
package enum CommunityRoutes {
    package static let all: [Endpoint] = []
    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { [:] }
    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] { [] }
}

/// Registers the routes of community groups, their webhooks and tips (P8).
struct CommunityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {}
}

import PinganDomain
import ServerCore
import Vapor

/// The routes of video patrol: cameras and notices (P7), with who may call each (justice-side roles get 404).
package enum VideoPatrolRoutes {
    package static let all: [Endpoint] = []
    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { [:] }
    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] { [] }
}

/// Registers the routes of video patrol: cameras and notices (P7).
struct VideoPatrolController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {}
}

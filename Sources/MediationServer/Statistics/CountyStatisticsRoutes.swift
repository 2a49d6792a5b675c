import PinganDomain
import ServerCore
import Vapor

/// The routes of the mediation table of the county report (M13), settled in tiers and integrity warnings, with who may call each.
package enum CountyStatisticsRoutes {
    package static let all: [Endpoint] = []
    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { [:] }
    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] { [] }
}

/// Registers the routes of the mediation table of the county report (M13), settled in tiers and integrity warnings.
struct CountyStatisticsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {}
}

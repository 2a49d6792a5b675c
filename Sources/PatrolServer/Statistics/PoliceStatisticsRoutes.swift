import PinganDomain
import ServerCore
import Vapor

/// The routes of the public-security table of the county report (P12) and the police command dashboard, with who may call each.
package enum PoliceStatisticsRoutes {
    package static let all: [Endpoint] = []
    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { [:] }
    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] { [] }
}

/// Registers the routes of the public-security table of the county report (P12) and the police command dashboard.
struct PoliceStatisticsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {}
}

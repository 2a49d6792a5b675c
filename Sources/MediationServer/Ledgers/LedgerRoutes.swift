import PinganDomain
import ServerCore
import Vapor

/// The routes of ledgers of department rooms and professional committees (M10), enterprise disputes (M14) and quality-based evaluation (M12), with who may call each.
package enum LedgerRoutes {
    package static let all: [Endpoint] = []
    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { [:] }
    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] { [] }
}

/// Registers the routes of ledgers of department rooms and professional committees (M10), enterprise disputes (M14) and quality-based evaluation (M12).
struct LedgerController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {}
}

import PinganDomain
import ServerCore
import Vapor

/// The routes of field records from the phone (P10, P11), with who may call each (justice-side roles get 404).
package enum FieldRecordRoutes {
    package static let all: [Endpoint] = []
    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { [:] }
    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] { [] }
}

/// Registers the routes of field records from the phone (P10, P11).
struct FieldRecordController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {}
}

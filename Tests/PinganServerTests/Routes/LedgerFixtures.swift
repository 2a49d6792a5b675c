import Foundation
@testable import MediationServer
@testable import ServerCore
import Vapor

extension RoutePolicyTests {
    /// The walker's records of ledgers of department rooms and professional committees (M10), enterprise disputes (M14) and quality-based evaluation (M12): at least one inside and one outside the demo scopes for
    /// each record kind its routes declare.
    static func ledgerFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {}
}

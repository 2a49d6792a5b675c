import Foundation
@testable import MediationServer
@testable import ServerCore
import Vapor

extension RoutePolicyTests {
    /// The walker's records of monthly analysis reports (舆情分析报告, M9), issued frozen and numbered: at least one inside and one outside the demo scopes for
    /// each record kind its routes declare.
    static func analysisReportFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {}
}

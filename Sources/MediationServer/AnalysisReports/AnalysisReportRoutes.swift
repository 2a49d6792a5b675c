import PinganDomain
import ServerCore
import Vapor

/// The routes of monthly analysis reports (舆情分析报告, M9), issued frozen and numbered, with who may call each.
package enum AnalysisReportRoutes {
    package static let all: [Endpoint] = []
    /// Schemas its operations name, for the API document.
    package static var schemas: [String: Any] { [:] }
    /// Menu entries for a role.
    package static func menu(for role: Role) -> [MenuItem] { [] }
}

/// Registers the routes of monthly analysis reports (舆情分析报告, M9), issued frozen and numbered.
struct AnalysisReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {}
}

import Foundation
@testable import MediationServer
import PinganDomain
@testable import ServerCore
import Vapor

extension RoutePolicyTests {
    /// The walker's records of monthly analysis reports (舆情分析报告, M9), issued frozen and numbered: at least one inside and one outside the demo scopes for
    /// each record kind its routes declare: the reports of 磁州镇 and of another township, and the county's.
    static func analysisReportFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {
        let month = YearMonth(app.clock.now(), in: PinganCalendar.shanghai).previous
        for code in ["130427100000", "130427103000", "130427000000"] {
            let unit = try await app.unit(code: code)
            let report = try await AnalysisReportStore(db: app.db).issue(unit: unit, month: month, trigger: .scheduled, by: nil, at: app.clock.now())
            add("analysisReport", Fixture(id: try report.requireID(), paths: [unit.path], note: "analysis report of \(unit.name)"))
        }
    }
}

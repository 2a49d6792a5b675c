import MediationDomain
import NIOCore
import ServerCore
import Vapor

extension Settings {
    /// The rising-cluster test with the county's thresholds (`PINGAN_REPORT_CLUSTER_ALPHA`, `PINGAN_REPORT_CLUSTER_MIN`).
    package var risingClusterRule: RisingClusterRule { RisingClusterRule(alpha: reportClusterAlpha, minimumCount: reportClusterMinimum) }
}

/// The monthly analysis reports while the server runs: checked 30 s after boot and then every
/// half hour, so the 1st's reports appear within half an hour of midnight and a server that was off
/// on the 1st issues the month just ended when it comes back (`MonthlyAnalysisReports`).
package enum AnalysisReportJob {
    package static func job(interval: TimeAmount = .minutes(30)) -> RepeatingJob {
        RepeatingJob("monthly analysis reports", initialDelay: .seconds(30), interval: interval) { app in
            let issued = try await MonthlyAnalysisReports(db: app.db, rule: app.settings.risingClusterRule).issueDue(at: app.clock.now())
            if !issued.isEmpty { app.logger.info("monthly analysis reports issued: \(issued.map { "\($0.orgUnitName) \($0.month)" })") }
        }
    }
}

import MediationDomain
import ServerCore
import Fluent
import NIOCore
import Vapor

/// The deadline sweep every `interval` while the server runs, from 10 s after boot;
/// `PINGAN_SWEEP_SECONDS=0` turns it off (tests sweep by hand).
package enum SweepScheduler {
    package static func job(interval: TimeAmount) -> RepeatingJob {
        RepeatingJob("deadline sweep", initialDelay: .seconds(10), interval: interval) { app in
            let report = try await DeadlineSweep(db: app.db).run(at: app.clock.now())
            if report.notices + report.escalations + report.accountability > 0 {
                app.logger.info("deadline sweep: \(report)")
            }
        }
    }
}

/// `pingan sweep`: run the deadline rules once now (for cron on a PC that does not serve).
package struct SweepCommand: AsyncCommand {
    package struct Signature: CommandSignature { package init() {} }
    package var help: String { "Apply the deadline rules once: warnings, automatic hand-ups, accountability records. 执行一次期限检查。" }

    package func run(using context: CommandContext, signature: Signature) async throws {
        let report = try await DeadlineSweep(db: context.application.db).run(at: context.application.clock.now())
        context.console.print("期限检查完成 / sweep done: \(report)")
    }

    package init() {
    }
}

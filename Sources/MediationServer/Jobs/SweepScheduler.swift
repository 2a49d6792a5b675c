import MediationDomain
import ServerCore
import Fluent
import NIOCore
import Vapor

/// Runs the deadline sweep every `interval` while the server runs. Started after boot and
/// stopped at shutdown; `PINGAN_SWEEP_SECONDS=0` turns it off (tests sweep by hand).
package struct SweepScheduler: LifecycleHandler {
    package let interval: TimeAmount

    package func didBootAsync(_ app: Application) async throws {
        let task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(10), delay: interval) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do {
                    let report = try await DeadlineSweep(db: app.db).run(at: app.clock.now())
                    if report.notices + report.escalations + report.accountability > 0 {
                        app.logger.info("deadline sweep: \(report)")
                    }
                } catch {
                    app.logger.report(error: error)
                }
            }
        }
        app.storage[TaskKey.self] = task
    }

    package func shutdownAsync(_ app: Application) async {
        app.storage[TaskKey.self]?.cancel()
    }

    package struct TaskKey: StorageKey { package typealias Value = RepeatedTask }

    package init(interval: TimeAmount) {
        self.interval = interval
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

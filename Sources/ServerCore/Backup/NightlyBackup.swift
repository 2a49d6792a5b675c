import Fluent
import Foundation
import PinganDomain
import Vapor

/// The nightly backup (#13): while serving, once a day after `backupHour` (China time) a copy goes
/// to `backupDirectory` as `pingan-YYYY-MM-DD.sqlite` (or `.pgdump`), and only the newest
/// `backupKeep` copies stay. A day already copied is not copied again, so a restart or a second
/// instance on the same directory adds nothing; a day missed while the server was down is made up
/// at the next check.
package struct NightlyBackup {
    package let settings: Settings
    package let directory: URL

    package init?(settings: Settings) {
        guard let dir = settings.backupDirectory, !dir.isEmpty else { return nil }
        self.settings = settings
        directory = AppSetup.sqliteURL(dir)
    }

    package var fileExtension: String {
        if case .postgres = settings.database { return "pgdump" }
        return "sqlite"
    }

    /// The copy of the China-time day of `now`.
    package func file(for now: Date) -> URL {
        let day = LocalDate(now, in: PinganCalendar.shanghai)
        return directory.appendingPathComponent("pingan-\(day.description).\(fileExtension)")
    }

    /// Makes today's copy if it is time and not made yet, then prunes. Returns the copy made.
    @discardableResult
    package func runIfDue(db: any Database, now: Date) async throws -> URL? {
        let hour = PinganCalendar.shanghai.component(.hour, from: now)
        let target = file(for: now)
        var made: URL?
        if hour >= settings.backupHour, !FileManager.default.fileExists(atPath: target.path) {
            try await DatabaseBackup(settings: settings).backup(from: db, to: target)
            made = target
        }
        try prune()
        return made
    }

    /// Removes all but the newest `backupKeep` copies (by the date in their names).
    package func prune() throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let copies = names.filter { $0.hasPrefix("pingan-") && $0.hasSuffix("." + fileExtension) }.sorted(by: >)
        for old in copies.dropFirst(max(1, settings.backupKeep)) {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(old))
        }
    }

    /// The job while serving: a check every 10 minutes (the first a minute after start).
    package static func job() -> RepeatingJob {
        RepeatingJob("nightly backup", initialDelay: .seconds(60), interval: .minutes(10)) { app in
            guard let nightly = NightlyBackup(settings: app.settings) else { return }
            if let made = try await nightly.runIfDue(db: app.db, now: app.clock.now()) {
                app.logger.info("nightly backup: \(made.path)")
            }
        }
    }
}

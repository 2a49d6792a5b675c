import Vapor

/// The current time, injected so tests can freeze and move it.
package struct AppClock: Sendable {
    package var now: @Sendable () -> Date
    package static let system = AppClock { Date() }

    package init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }
    private struct ClockKey: StorageKey { typealias Value = AppClock }

    package var settings: Settings {
        get { storage[SettingsKey.self] ?? Settings(database: .sqlite(path: ":memory:")) }
        set { storage[SettingsKey.self] = newValue }
    }

    package var clock: AppClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }

    /// The login throttle of the settings; its counts are in the database, shared by every instance.
    package var loginThrottle: LoginThrottle {
        LoginThrottle(limit: settings.loginFailureLimit, lockSeconds: settings.loginLockSeconds)
    }
}

extension Request {
    package var now: Date { application.clock.now() }
}

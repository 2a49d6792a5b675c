import Vapor

/// The current time, injected so tests can freeze and move it.
struct AppClock: Sendable {
    var now: @Sendable () -> Date
    static let system = AppClock { Date() }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }
    private struct ClockKey: StorageKey { typealias Value = AppClock }
    private struct ThrottleKey: StorageKey { typealias Value = LoginThrottle }

    var settings: Settings {
        get { storage[SettingsKey.self] ?? Settings(database: .sqlite(path: ":memory:")) }
        set { storage[SettingsKey.self] = newValue }
    }

    var clock: AppClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }

    var loginThrottle: LoginThrottle {
        if let t = storage[ThrottleKey.self] { return t }
        let t = LoginThrottle(limit: settings.loginFailureLimit, lockSeconds: settings.loginLockSeconds)
        storage[ThrottleKey.self] = t
        return t
    }
}

extension Request {
    var now: Date { application.clock.now() }
}

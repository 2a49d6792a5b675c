import Logging
import Vapor

/// How the server writes its log (`PINGAN_LOG_FORMAT`): human text on the console (the default,
/// Vapor's console logger) or one JSON object per line (`json`, `JSONLogHandler`). The level is
/// Vapor's as before: `--log LEVEL`, else `LOG_LEVEL`, else info (notice in production).
public enum LogFormat: String, Sendable, Equatable {
    case text
    case json

    /// Sets the process's logging up once, before the application is made.
    package func bootstrap(from environment: inout Environment) throws {
        switch self {
        case .text:
            try LoggingSystem.bootstrap(from: &environment)
        case .json:
            try LoggingSystem.bootstrap(from: &environment) { level in
                { label in JSONLogHandler(label: label, level: level) }
            }
        }
    }
}

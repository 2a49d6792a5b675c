import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import NIOSSL
import Vapor

/// What every composition of the server sets up the same way: the database from the settings,
/// passwords, sessions, views and the middleware order. `configure` in PinganServer calls it and
/// then adds the wings and the routes.
package enum AppSetup {
    /// The SQLite file of `path` (relative to the working directory).
    package static func sqliteURL(_ path: String) -> URL {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    package static func database(_ app: Application, settings: Settings) async throws {
        switch settings.database {
        case .sqlite(let path):
            try ownThreadPool(app)
            if path == ":memory:" {
                app.databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
            } else {
                let url = sqliteURL(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                app.databases.use(.sqlite(.file(url.path), sqlLogLevel: .trace), as: .sqlite)
            }
        case .postgres(let url):
            var config = try SQLPostgresConfiguration(url: url)
            if url.contains("sslmode=disable") || !url.contains("sslmode") {
                config.coreConfiguration.tls = .disable
            }
            if let schema = settings.postgresSchema { config.searchPath = [schema] }
            app.databases.use(.postgres(configuration: config, sqlLogLevel: .trace), as: .psql)
    }
    if case .sqlite(let path) = settings.database, path != ":memory:" {
        // WAL lets the daily board read while a mediator's intake writes.
        if let sql = app.db as? any SQLDatabase { _ = try await sql.raw("PRAGMA journal_mode=WAL").all() }
        // A connection's settings are its own: each event loop's (Fluent keeps one per loop) gets them.
        for loop in app.eventLoopGroup.makeIterator() {
            guard let sql = app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase else { continue }
            for pragma in sqliteConnectionPragmas { _ = try await sql.raw(SQLQueryString(pragma)).all() }
        }
        app.lifecycle.use(WALCheckpointer(path: sqliteURL(path).path))
    } else if case .sqlite = settings.database, let sql = app.db as? any SQLDatabase {
        _ = try await sql.raw("PRAGMA foreign_keys=ON").all()
    }
        // An answered write must be on disk: in production a database that would lose one stops start-up.
        try await DatabaseDurability.check(app, settings: settings, environment: app.environment)
    }

    /// SQLite's statements run on the application's blocking thread pool, and SQLiteNIO's busy
    /// handler waits for another connection's lock by retrying on that thread without end. Vapor's
    /// default pool is the process's one, a thread per core: with two applications in one process
    /// (the tests) each with a connection waiting for the other connection's lock, both threads
    /// retry while the lock holders' next statements wait for a thread, and nothing moves again
    /// (a CI run stalled so until its time ran out). A pool of the application's own, a thread for
    /// every connection (one per event loop) and two more for bcrypt and file reads, always has a
    /// thread for the holder, so a wait lasts only as long as the holder's transaction.
    package static func ownThreadPool(_ app: Application) throws {
        let connections = Array(app.eventLoopGroup.makeIterator()).count
        app.threadPool = NIOThreadPool(numberOfThreads: connections + 2)
        guard app.databases.threadPool === app.threadPool else {
            throw Abort(.internalServerError, reason: "the databases were set up before their thread pool")
        }
    }

    /// Every connection to an SQLite file: references checked, and the WAL checkpoint left to
    /// `WALCheckpointer`, with SQLite's own at 20,000 pages (80 MB) only as a backstop. A writer
    /// meeting another's lock keeps SQLiteNIO's handler, which retries at once: measured under the
    /// containment benchmark, `busy_timeout`'s sleeps (1, 2, 5 … 100 ms) put 60 ms on the commit's
    /// p99 against 9 ms without. `synchronous = FULL` (SQLite's compiled default, stated so no build
    /// or later edit lowers it): the WAL is synced at every commit, so a write answered is kept
    /// through a killed server and a power cut alike (`DatabaseDurability`, `DurabilitySettingsTests`).
    package static let sqliteConnectionPragmas = ["PRAGMA foreign_keys = ON", "PRAGMA wal_autocheckpoint = 20000", "PRAGMA synchronous = FULL"]

    package static func frame(_ app: Application, settings: Settings) {
        app.passwords.use(.bcrypt(cost: settings.bcryptCost))

        app.sessions.use(.fluent)
        app.sessions.configuration.cookieName = "pingan_session"
        app.sessions.configuration.cookieFactory = { id in
            HTTPCookies.Value(string: id.string, expires: Date().addingTimeInterval(12 * 3600), maxAge: nil, domain: nil,
                              path: "/", isSecure: settings.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    app.views.use(.leaf)
    app.leaf.cache.isEnabled = app.environment.isRelease

    app.routes.defaultMaxBodySize = "1mb"
    // Request bodies read every RFC 3339 date-time the API document allows (offsets to ±23:59).
    ContentConfiguration.global.use(decoder: RFC3339.jsonDecoder, for: .json)
    app.middleware = Middlewares()
    // Outermost of all: every answer counted and timed by its route, and carrying its request's id.
    app.middleware.use(RequestMetrics(metrics: app.metrics))
    app.middleware.use(RequestID())
    app.middleware.use(SecurityHeaders(tileURL: settings.tileURL))  // outermost, so error responses carry the headers too
    app.middleware.use(ErrorShapeMiddleware(environment: app.environment))
    app.middleware.use(ServerTiming())  // inside the error shaping: it times what the handlers do
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory, defaultFile: nil))
    app.middleware.use(app.sessions.middleware)
    MetricsRoute.register(app)

    }

    /// The core's migrations, then each wing's, in order.
    package static func migrations(_ app: Application) {
        app.migrations.add(CoreMigrations.all)
        for wing in app.wings { app.migrations.add(wing.migrations) }
    }
}

import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor

/// The app on a real local port (the browser needs HTTP), on an in-memory demo database.
struct LiveApp {
    let app: Application
    let base: String
    let inFlight: InFlightRequests

    static func start() async throws -> LiveApp {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, settings: Settings(database: .sqlite(path: ":memory:"), bcryptCost: 4))
            try await app.autoMigrate()
            try await DemoOrgSeed.run(on: app)
            let inFlight = InFlightRequests()
            app.middleware.use(inFlight, at: .beginning)
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            try await app.server.start()
            guard let port = app.http.server.shared.localAddress?.port else { throw WebDriverError.transport("no port bound") }
            return LiveApp(app: app, base: "http://127.0.0.1:\(port)", inFlight: inFlight)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    func stop() async {
        await app.server.shutdown()
        // A request the browser sent just before it quit (a phone page's queued write, a map's
        // reload) may still be finishing: its answer updates the session in the database, so the
        // databases close only after every answer is out (or after 5 s).
        for _ in 0..<100 where inFlight.count > 0 { try? await Task.sleep(for: .milliseconds(50)) }
        try? await app.asyncShutdown()
    }
}

/// Runs a browser test against a live demo app; skips when Chromium is absent unless CI requires it.
/// `extraArguments` go to Chromium (`--ignore-certificate-errors` for a test's own certificate).
func withBrowser(_ device: WebDriver.Device = .standard, extraArguments: [String] = [],
                 _ body: (WebDriver, LiveApp) async throws -> Void) async throws {
    guard WebDriver.isAvailable() else {
        try #require(!WebDriver.isRequired, "PINGAN_REQUIRE_BROWSER=1 but chromium/chromedriver are missing")
        return
    }
    try await BrowserSlots.shared.run {
        let live = try await LiveApp.start()
        do {
            try await WebDriver.withSession(device, extraArguments: extraArguments) { driver in try await body(driver, live) }
            await live.stop()
        } catch {
            await live.stop()
            throw error
        }
    }
}

extension WebDriver {
    /// Logs in through the login form as a person would.
    func logIn(_ live: LiveApp, as username: String, password: String = DemoOrgSeed.password) async throws {
        try await navigate(to: live.base + "/login")
        try await sendKeys(try await waitForElement(css: "#username"), username)
        try await sendKeys(try await findElement(css: "#password"), password)
        try await click(try await findElement(css: "#login-button"))
        try await waitUntil("location.pathname === '/' && document.querySelector('.whoami') !== null")
    }

    /// Signs out with the page's own button, as a user handing the phone on would.
    func logOut() async throws {
        try await click(try await findElement(css: "form.whoami button"))
        try await waitUntil("location.pathname === '/login'")
    }
}

/// Counts the requests the live app is answering, so it stops only when none is left.
final class InFlightRequests: AsyncMiddleware, @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    var count: Int { lock.withLock { current } }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        lock.withLock { current += 1 }
        defer { lock.withLock { current -= 1 } }
        return try await next.respond(to: request)
    }
}

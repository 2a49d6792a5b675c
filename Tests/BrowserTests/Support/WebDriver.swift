// A minimal W3C WebDriver client for headless Chromium via chromedriver. Foundation only
// (HTTP through LocalHTTP.swift, since URLSession on Linux cannot parse chromedriver's headers).
//
//     guard WebDriver.isAvailable() else {
//         if WebDriver.isRequired { Issue.record("Chromium/chromedriver missing") }
//         return
//     }
//     try await WebDriver.withSession(.phone) { driver in
//         try await driver.navigate(to: "http://127.0.0.1:\(port)/")
//         let box = try await driver.waitForElement(css: "#name")
//         try await driver.sendKeys(box, "张三")
//         try await driver.click(try await driver.findElement(css: "button[type=submit]"))
//         try await driver.screenshot(saveAs: "mediation-form-phone")
//     }
//
// Environment: PINGAN_CHROMEDRIVER (default /usr/bin/chromedriver), PINGAN_CHROMIUM (default
// /usr/bin/chromium), PINGAN_REQUIRE_BROWSER=1 (tests must fail, not skip, without a browser),
// PINGAN_CHROMEDRIVER_LOG=<path> (optional verbose chromedriver log).

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reference to an element in the current page (the W3C element id).
public struct WebElement: Sendable, Hashable, CustomStringConvertible {
    public let id: String
    public init(id: String) { self.id = id }
    public var description: String { "WebElement(\(id))" }
}

public enum WebDriverError: Error, Sendable, CustomStringConvertible {
    /// chromedriver or chromium is not installed where expected.
    case notAvailable(String)
    /// chromedriver did not start or did not become ready.
    case driverStartFailed(String)
    /// The WebDriver endpoint answered with an error (`error` is the W3C error code such as
    /// "no such element", "javascript error", "timeout"; `message` is the driver's message).
    case command(command: String, httpStatus: Int, error: String, message: String)
    /// A polling wait ran out of time.
    case timeout(String)
    /// The answer could not be understood, or the connection failed.
    case transport(String)
    /// A promise awaited by `evaluate` rejected (or its expression threw) with this message.
    case javascript(String)
    /// The driver was already quit.
    case sessionClosed

    public var description: String {
        switch self {
        case .notAvailable(let m): "WebDriver not available: \(m)"
        case .driverStartFailed(let m): "chromedriver failed to start: \(m)"
        case .command(let command, let status, let error, let message):
            "WebDriver \(command) failed (HTTP \(status), \(error)): \(message)"
        case .timeout(let m): "WebDriver timeout: \(m)"
        case .transport(let m): "WebDriver transport error: \(m)"
        case .javascript(let m): "JavaScript error: \(m)"
        case .sessionClosed: "WebDriver session already quit"
        }
    }

    /// The W3C error code, for `.command` errors.
    public var errorCode: String? {
        if case .command(_, _, let error, _) = self { error } else { nil }
    }
}

/// A chromedriver process plus one browser session. Create with `WebDriver.start(_:)`,
/// always end with `quit()` (or use `withSession`). Methods may be called from any task, but
/// one page is one page: don't drive the same driver from several tasks at once.
public final class WebDriver: @unchecked Sendable {
    // Immutable after init; the only mutable state (`closed`) is behind `lock`.
    private let process: Process
    public let port: Int
    public let sessionID: String
    public let device: Device
    private let lock = NSLock()
    private var closed = false

    // MARK: Configuration

    public enum Device: Sendable, Hashable {
        /// A desktop window of the given size (CSS pixels).
        case desktop(width: Int, height: Int)
        /// Phone emulation: 390×844 CSS pixels, device pixel ratio 2, touch, mobile user agent.
        case phone

        public static let standard = Device.desktop(width: 1280, height: 900)
    }

    public static let phoneUserAgent =
        "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/120.0.0.0 Mobile Safari/537.36"

    public static var chromedriverPath: String {
        env("PINGAN_CHROMEDRIVER") ?? "/usr/bin/chromedriver"
    }

    public static var chromiumPath: String {
        env("PINGAN_CHROMIUM") ?? "/usr/bin/chromium"
    }

    /// True when both the chromedriver and the chromium executables exist.
    public static func isAvailable() -> Bool {
        let fm = FileManager.default
        return fm.isExecutableFile(atPath: chromedriverPath) && fm.isExecutableFile(atPath: chromiumPath)
    }

    /// True when `PINGAN_REQUIRE_BROWSER=1`: a missing browser must fail the tests, not skip them.
    public static var isRequired: Bool {
        env("PINGAN_REQUIRE_BROWSER") == "1"
    }

    /// The package root, found from this file's location (Tests/BrowserTests/Support/WebDriver.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // BrowserTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root

    /// `test-artifacts/screenshots` under the package root.
    public static var screenshotDirectory: URL {
        packageRoot.appendingPathComponent("test-artifacts/screenshots", isDirectory: true)
    }

    // MARK: Lifecycle

    private init(process: Process, port: Int, sessionID: String, device: Device) {
        self.process = process
        self.port = port
        self.sessionID = sessionID
        self.device = device
    }

    deinit {
        // Safety net only: quit() deletes the session (closing Chromium) and ends chromedriver.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Starts chromedriver on a free local port and opens a headless Chromium session.
    /// `language` sets `--lang` and the Accept-Language preference.
    public static func start(
        _ device: Device = .standard,
        language: String = "zh-CN",
        extraArguments: [String] = [],
        startupTimeout: Duration = .seconds(30)
    ) async throws -> WebDriver {
        guard FileManager.default.isExecutableFile(atPath: chromedriverPath) else {
            throw WebDriverError.notAvailable("no chromedriver at \(chromedriverPath)")
        }
        guard FileManager.default.isExecutableFile(atPath: chromiumPath) else {
            throw WebDriverError.notAvailable("no chromium at \(chromiumPath)")
        }
        var lastError: Error = WebDriverError.driverStartFailed("not attempted")
        // A free port can be taken between probing and binding; try a few.
        for _ in 0..<3 {
            let port = try freeLocalPort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromedriverPath)
            var args = ["--port=\(port)", "--allowed-ips=127.0.0.1", "--allowed-origins=*"]
            if let log = env("PINGAN_CHROMEDRIVER_LOG") {
                args += ["--log-path=\(log)", "--verbose", "--append-log"]
            }
            process.arguments = args
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                throw WebDriverError.driverStartFailed("cannot run \(chromedriverPath): \(error)")
            }
            do {
                try await waitUntilReady(process: process, port: port, timeout: startupTimeout)
                let sessionID = try await createSession(
                    port: port, device: device, language: language, extraArguments: extraArguments)
                let driver = WebDriver(process: process, port: port, sessionID: sessionID, device: device)
                if case .desktop(let width, let height) = device {
                    // --window-size includes the (invisible) browser frame; make the viewport exact.
                    do {
                        try await driver.setViewport(width: width, height: height)
                    } catch {
                        await driver.quit()
                        throw error
                    }
                }
                return driver
            } catch {
                if process.isRunning { process.terminate() }
                process.waitUntilExit()
                lastError = error
                if case WebDriverError.command = error { throw error }  // the driver answered: no retry
            }
        }
        throw lastError
    }

    /// Starts a session, runs `body`, and quits whatever happens.
    public static func withSession<T: Sendable>(
        _ device: Device = .standard,
        language: String = "zh-CN",
        extraArguments: [String] = [],
        _ body: (WebDriver) async throws -> T
    ) async throws -> T {
        let driver = try await start(device, language: language, extraArguments: extraArguments)
        do {
            let result = try await body(driver)
            await driver.quit()
            return result
        } catch {
            await driver.quit()
            throw error
        }
    }

    /// Deletes the session (closing Chromium) and stops chromedriver. Idempotent.
    public func quit() async {
        let alreadyClosed = lock.withLock { () -> Bool in
            defer { closed = true }
            return closed
        }
        if alreadyClosed { return }
        _ = try? await Self.send(
            port: port, method: "DELETE", path: "/session/\(sessionID)", body: nil, timeout: 20)
        // chromedriver ignores SIGTERM once it has had a session; its /shutdown command ends it at once.
        _ = try? await Self.send(port: port, method: "GET", path: "/shutdown", body: nil, timeout: 5)
        for _ in 0..<30 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { process.terminate() }
        for _ in 0..<20 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    public var isClosed: Bool { lock.withLock { closed } }

    // MARK: Navigation

    public func navigate(to url: String) async throws {
        try await command("POST", "/url", ["url": .string(url)])
    }

    public func currentURL() async throws -> String {
        try await command("GET", "/url").stringValue ?? ""
    }

    public func title() async throws -> String {
        try await command("GET", "/title").stringValue ?? ""
    }

    public func back() async throws { try await command("POST", "/back", [:]) }
    public func forward() async throws { try await command("POST", "/forward", [:]) }
    public func refresh() async throws { try await command("POST", "/refresh", [:]) }

    public func pageSource() async throws -> String {
        try await command("GET", "/source").stringValue ?? ""
    }

    // MARK: Elements

    /// The first element matching `css`; throws `.command(error: "no such element")` if none.
    public func findElement(css: String) async throws -> WebElement {
        let value = try await command("POST", "/element", ["using": "css selector", "value": .string(css)])
        guard let element = value.elementValue else {
            throw WebDriverError.transport("findElement(\(css)): no element reference in \(value)")
        }
        return element
    }

    /// All elements matching `css` (possibly none).
    public func findElements(css: String) async throws -> [WebElement] {
        let value = try await command("POST", "/elements", ["using": "css selector", "value": .string(css)])
        return (value.arrayValue ?? []).compactMap(\.elementValue)
    }

    /// The first element matching `css` inside `parent`.
    public func findElement(css: String, in parent: WebElement) async throws -> WebElement {
        let value = try await command(
            "POST", "/element/\(parent.id)/element", ["using": "css selector", "value": .string(css)])
        guard let element = value.elementValue else {
            throw WebDriverError.transport("findElement(\(css)): no element reference in \(value)")
        }
        return element
    }

    public func findElements(css: String, in parent: WebElement) async throws -> [WebElement] {
        let value = try await command(
            "POST", "/element/\(parent.id)/elements", ["using": "css selector", "value": .string(css)])
        return (value.arrayValue ?? []).compactMap(\.elementValue)
    }

    /// Polls until an element matching `css` exists (and, if `visible`, is displayed).
    public func waitForElement(
        css: String, timeout: Duration = .seconds(10), visible: Bool = false
    ) async throws -> WebElement {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            for element in try await findElements(css: css) {
                if !visible { return element }
                if (try? await isDisplayed(element)) == true { return element }
            }
            if clock.now >= deadline {
                throw WebDriverError.timeout(
                    "no \(visible ? "visible " : "")element matching \(css) after \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Polls until `condition` (a JavaScript expression or function body returning a value) is truthy;
    /// returns that value. Example: `waitUntil("document.querySelectorAll('.case-row').length >= 3")`.
    @discardableResult
    public func waitUntil(
        _ condition: String, timeout: Duration = .seconds(10)
    ) async throws -> JSONValue {
        let script = condition.contains("return ") ? condition : "return (\(condition));"
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let value = try await executeScript(script)
            if value.isTruthy { return value }
            if clock.now >= deadline {
                throw WebDriverError.timeout("condition still false after \(timeout): \(condition)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    public func click(_ element: WebElement) async throws {
        try await command("POST", "/element/\(element.id)/click", [:])
    }

    /// Types `text` into the element (appends to what it holds; call `clear` first to replace).
    public func sendKeys(_ element: WebElement, _ text: String) async throws {
        try await command("POST", "/element/\(element.id)/value", ["text": .string(text)])
    }

    public func clear(_ element: WebElement) async throws {
        try await command("POST", "/element/\(element.id)/clear", [:])
    }

    /// The rendered (visible) text of the element.
    public func text(_ element: WebElement) async throws -> String {
        try await command("GET", "/element/\(element.id)/text").stringValue ?? ""
    }

    /// An HTML attribute (nil when absent). For an input's current value use `property(_:"value")`.
    public func attribute(_ element: WebElement, _ name: String) async throws -> String? {
        let value = try await command("GET", "/element/\(element.id)/attribute/\(name)")
        return value.stringValue
    }

    /// A DOM property, e.g. `value`, `checked`, `selectedIndex`.
    public func property(_ element: WebElement, _ name: String) async throws -> JSONValue {
        try await command("GET", "/element/\(element.id)/property/\(name)")
    }

    public func isDisplayed(_ element: WebElement) async throws -> Bool {
        try await command("GET", "/element/\(element.id)/displayed").boolValue ?? false
    }

    public func isEnabled(_ element: WebElement) async throws -> Bool {
        try await command("GET", "/element/\(element.id)/enabled").boolValue ?? false
    }

    public func isSelected(_ element: WebElement) async throws -> Bool {
        try await command("GET", "/element/\(element.id)/selected").boolValue ?? false
    }

    public func tagName(_ element: WebElement) async throws -> String {
        try await command("GET", "/element/\(element.id)/name").stringValue ?? ""
    }

    // MARK: Scripts

    /// Runs `js` as the body of a function (use `return`); `arguments[i]` are `args`.
    /// Elements can be passed as `.element(e)`; returned elements come back as values whose
    /// `elementValue` is set.
    @discardableResult
    public func executeScript(_ js: String, args: [JSONValue] = []) async throws -> JSONValue {
        try await command("POST", "/execute/sync", ["script": .string(js), "args": .array(args)])
    }

    /// Runs `js` with a callback as its last argument: `const done = arguments[arguments.length - 1];`
    /// The result is what is passed to `done(...)`. Limited by the session's script timeout (30 s).
    @discardableResult
    public func executeAsyncScript(_ js: String, args: [JSONValue] = []) async throws -> JSONValue {
        try await command("POST", "/execute/async", ["script": .string(js), "args": .array(args)])
    }

    /// Awaits a JavaScript expression that may be a promise, e.g. `await driver.evaluate("fetch('/api/x').then(r => r.status)")`.
    /// A rejected promise (or a thrown error) throws `WebDriverError.javascript(message)`.
    @discardableResult
    public func evaluate(_ expression: String, args: [JSONValue] = []) async throws -> JSONValue {
        let result = try await executeAsyncScript(
            """
            const done = arguments[arguments.length - 1];
            Promise.resolve().then(() => (\(expression))).then(
              (v) => done({ ok: v === undefined ? null : v }),
              (e) => done({ error: String(e && e.message ? e.message : e) }));
            """, args: args)
        if let error = result["error"] { throw WebDriverError.javascript(error.stringValue ?? error.jsonString) }
        return result["ok"] ?? .null
    }

    // MARK: Screenshots

    /// Saves a PNG of the viewport to `test-artifacts/screenshots/<name>.png` and returns its URL.
    @discardableResult
    public func screenshot(saveAs name: String) async throws -> URL {
        let data = try await screenshotPNG()
        let dir = Self.screenshotDirectory
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let safe = name.replacingOccurrences(of: "/", with: "_")
        let url = dir.appendingPathComponent(safe.hasSuffix(".png") ? safe : "\(safe).png")
        try data.write(to: url)
        return url
    }

    /// The viewport as PNG bytes.
    public func screenshotPNG() async throws -> Data {
        let value = try await command("GET", "/screenshot")
        guard let b64 = value.stringValue, let data = Data(base64Encoded: b64) else {
            throw WebDriverError.transport("screenshot: no base64 PNG in answer")
        }
        return data
    }

    /// A PNG of one element.
    public func screenshotPNG(of element: WebElement) async throws -> Data {
        let value = try await command("GET", "/element/\(element.id)/screenshot")
        guard let b64 = value.stringValue, let data = Data(base64Encoded: b64) else {
            throw WebDriverError.transport("element screenshot: no base64 PNG in answer")
        }
        return data
    }

    // MARK: Window, network, logs

    /// Sets the page's viewport to exactly `width`×`height` CSS pixels at device pixel ratio 1
    /// (desktop; done by `start` already). Uses CDP `Emulation.setDeviceMetricsOverride`.
    public func setViewport(width: Int, height: Int) async throws {
        try await cdp(
            "Emulation.setDeviceMetricsOverride",
            ["width": .number(Double(width)), "height": .number(Double(height)), "deviceScaleFactor": 1, "mobile": false])
    }

    /// Emulates losing (or regaining) the network for this page, through chromedriver's Chromium
    /// extension `POST /session/{id}/chromium/network_conditions`. While offline, `navigator.onLine`
    /// is false, an `offline` event fires, and `fetch()` to the server rejects; `setOffline(false)`
    /// restores it (an `online` event fires).
    public func setOffline(_ offline: Bool) async throws {
        try await command(
            "POST", "/chromium/network_conditions",
            [
                "network_conditions": [
                    "offline": .bool(offline),
                    "latency": 0,
                    "download_throughput": -1,
                    "upload_throughput": -1,
                ]
            ])
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`).
    @discardableResult
    public func cdp(_ method: String, _ params: [String: JSONValue] = [:]) async throws -> JSONValue {
        try await command("POST", "/goog/cdp/execute", ["cmd": .string(method), "params": .object(params)])
    }

    /// Browser console messages since the last call (each has `level`, `message`, `timestamp`).
    /// `level` is "SEVERE" for errors, including uncaught exceptions and failed resource loads.
    public func browserLog() async throws -> [JSONValue] {
        try await command("POST", "/se/log", ["type": "browser"]).arrayValue ?? []
    }

    /// Accepts (or dismisses) an open alert/confirm dialog, returning its text.
    @discardableResult
    public func handleAlert(accept: Bool = true) async throws -> String {
        let text = try await command("GET", "/alert/text").stringValue ?? ""
        try await command("POST", accept ? "/alert/accept" : "/alert/dismiss", [:])
        return text
    }

    // MARK: Raw commands

    /// Sends a session command: `path` is relative to `/session/{id}`. Returns the answer's `value`.
    @discardableResult
    public func command(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        if isClosed { throw WebDriverError.sessionClosed }
        return try await Self.send(
            port: port, method: method, path: "/session/\(sessionID)\(path)", body: body, timeout: 120)
    }

    // MARK: Internals

    private static func env(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    private static func waitUntilReady(process: Process, port: Int, timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var last = "no answer"
        while clock.now < deadline {
            guard process.isRunning else {
                throw WebDriverError.driverStartFailed("chromedriver exited with status \(process.terminationStatus)")
            }
            do {
                let status = try await send(port: port, method: "GET", path: "/status", body: nil, timeout: 2)
                if status["ready"]?.boolValue == true { return }
                last = status.jsonString
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WebDriverError.driverStartFailed("not ready on port \(port) after \(timeout): \(last)")
    }

    private static func createSession(
        port: Int, device: Device, language: String, extraArguments: [String]
    ) async throws -> String {
        let (width, height): (Int, Int) =
            switch device {
            case .desktop(let w, let h): (w, h)
            case .phone: (390, 844)
            }
        var args: [JSONValue] = [
            "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            .string("--lang=\(language)"), .string("--window-size=\(width),\(height)"),
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--disable-component-update",
            "--hide-scrollbars", "--force-color-profile=srgb",
        ]
        args += extraArguments.map(JSONValue.string)
        var chromeOptions: [String: JSONValue] = [
            "binary": .string(chromiumPath),
            "args": .array(args),
            "prefs": ["intl.accept_languages": .string(language)],
        ]
        if case .phone = device {
            chromeOptions["mobileEmulation"] = [
                "deviceMetrics": ["width": 390, "height": 844, "pixelRatio": 2, "mobile": true, "touch": true],
                "userAgent": .string(phoneUserAgent),
            ]
        }
        let capabilities: JSONValue = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "unhandledPromptBehavior": "ignore",
                    "timeouts": ["script": 30000, "pageLoad": 60000, "implicit": 0],
                    "goog:chromeOptions": .object(chromeOptions),
                    "goog:loggingPrefs": ["browser": "ALL"],
                ]
            ]
        ]
        let value = try await send(
            port: port, method: "POST", path: "/session",
            body: capabilities, timeout: 90)
        guard let id = value["sessionId"]?.stringValue else {
            throw WebDriverError.transport("new session: no sessionId in \(value)")
        }
        return id
    }

    private static func send(
        port: Int, method: String, path: String, body: JSONValue?, timeout: TimeInterval
    ) async throws -> JSONValue {
        let commandName = "\(method) \(path)"
        let response: LocalHTTP.Response
        do {
            response = try await LocalHTTP.request(
                port: port, method: method, path: path,
                body: try body.map { try JSONEncoder().encode($0) }, timeout: timeout)
        } catch {
            throw WebDriverError.transport("\(commandName): \(error)")
        }
        let decoded: JSONValue
        do {
            decoded = try JSONDecoder().decode(JSONValue.self, from: response.body)
        } catch {
            let text = String(decoding: response.body.prefix(500), as: UTF8.self)
            throw WebDriverError.transport("\(commandName): HTTP \(response.status), not JSON: \(text)")
        }
        let value = decoded["value"] ?? .null
        if !(200..<300).contains(response.status) {
            throw WebDriverError.command(
                command: commandName, httpStatus: response.status,
                error: value["error"]?.stringValue ?? "unknown error",
                message: value["message"]?.stringValue ?? decoded.jsonString)
        }
        return value
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freeLocalPort() throws -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw WebDriverError.driverStartFailed("socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw WebDriverError.driverStartFailed("bind() failed") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { throw WebDriverError.driverStartFailed("getsockname() failed") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

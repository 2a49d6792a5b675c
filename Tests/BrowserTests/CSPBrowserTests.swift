import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing

/// Every page every demo role can open, in Chromium under the server's Content-Security-Policy:
/// none may log a policy violation, a failed load (a 404 favicon included) or a script error.
@Suite("Content-Security-Policy in Chromium", .serialized)
struct CSPBrowserTests {
    /// Catches violations through the DOM as well as the console: installed by DevTools before any
    /// page script runs, so the policy does not apply to it.
    static let listener = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
        window.__inflight = 0;
        const __fetch = window.fetch;
        window.fetch = function (...args) {
            window.__inflight++;
            return __fetch.apply(this, args).finally(() => { window.__inflight--; });
        };
        """

    /// Opens `path`, lets its scripts finish, and returns every problem the page showed.
    static func problems(_ d: WebDriver, _ live: LiveApp, _ path: String) async throws -> [String] {
        try await d.navigate(to: live.base + path)
        try await d.waitUntil("document.readyState === 'complete'")
        if path == "/map" {
            try await d.waitUntil("document.getElementById('map').dataset.loaded === 'true'", timeout: .seconds(20))
        }
        // Module scripts and their fetches settle after load. Wait until none is in flight (on a
        // loaded machine that can take seconds, and one cut off by the next navigation would log
        // its failure against the next page), then a moment for what their answers start.
        try await Self.settle(d)
        var found: [String] = []
        for entry in try await d.browserLog() {
            let message = entry["message"]?.stringValue ?? ""
            let level = entry["level"]?.stringValue ?? ""
            if level == "SEVERE" || message.contains("Content Security Policy") { found.append("console \(level): \(message)") }
        }
        for v in try await d.executeScript("return window.__csp || []").arrayValue ?? [] {
            found.append("violation: \(v.stringValue ?? v.jsonString)")
        }
        return found
    }

    /// Waits (up to 15 s) until the page has had no fetch in flight on two looks 150 ms apart.
    static func settle(_ d: WebDriver) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(15))
        var quiet = 0
        while quiet < 2 && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(150))
            quiet = try await d.executeScript("return window.__inflight || 0").intValue == 0 ? quiet + 1 : 0
        }
        try await Task.sleep(for: .milliseconds(200))
    }

    /// A dispute walked to a signed agreement, so its case file lists every document.
    static func agreedDispute(_ live: LiveApp) async throws -> UUID {
        let id = try await MediationBrowserTests.seed(live, as: "mediator", intake: MediationBrowserTests.intake(summary: "院墙滴水导致墙体受潮"))
        try await MediationBrowserTests.append(live, id, as: "mediator", "accepted")
        try await MediationBrowserTests.append(live, id, as: "mediator", "session_held",
                                               #"{"time":"2026-03-03T01:00:00Z","place":"三里屯村调解室","participants":["王建国","赵秀英"],"record":"双方同意改造排水","outcome":"succeeded"}"#)
        try await MediationBrowserTests.append(live, id, as: "mediator", "agreement_signed",
                                               #"{"form":"written","parties":["王建国","赵秀英"],"facts":"院墙滴水。","responsibilities":"赵秀英承担主要责任。","terms":"改造排水管。","performanceManner":"自行施工","performanceDeadline":"2026-03-15T00:00:00Z","effectiveDate":"2026-03-05T00:00:00Z","amount":800}"#)
        return id
    }

    @Test("Each role's menu pages, and the detail, case file, documents, board, intake, map and statistics, run clean")
    func everyPageEveryRole() async throws {
        try await withBrowser(.desktop(width: 1280, height: 900)) { d, live in
            let id = try await Self.agreedDispute(live)
            try await d.cdp("Page.enable")
            try await d.cdp("Page.addScriptToEvaluateOnNewDocument", ["source": .string(Self.listener)])
            var opened: Set<String> = []
            var failures: [String] = []
            for (username, _, _, _) in DemoOrgSeed.accounts {
                failures += try await Self.problems(d, live, "/login").map { "\(username) /login: \($0)" }
                try await d.logIn(live, as: username)
                let menu = try await d.executeScript("return [...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href'))")
                var paths = ["/"] + (menu.arrayValue ?? []).compactMap(\.stringValue)
                #expect(paths.count > 2, "\(username) has a menu")
                if paths.contains("/disputes") {
                    try await d.navigate(to: live.base + "/disputes")
                    if try await !d.findElements(css: "a[href='/disputes/\(id)']").isEmpty {
                        paths += ["/disputes/\(id)", "/disputes/\(id)/file"]
                        try await d.navigate(to: live.base + "/disputes/\(id)/file")
                        let docs = try await d.executeScript("return [...document.querySelectorAll('#file-index a')].map(a => a.getAttribute('href'))")
                        paths += (docs.arrayValue ?? []).compactMap(\.stringValue)
                    }
                }
                _ = try await d.browserLog()  // the look-ups above are not under test
                for path in paths where !path.isEmpty {
                    failures += try await Self.problems(d, live, path).map { "\(username) \(path): \($0)" }
                    opened.insert(path.replacingOccurrences(of: id.uuidString, with: "{id}"))
                }
                try await d.logOut()
                // A poll the last page had in flight as the session ended is answered 401 and logged
                // (CI saw it against the next account's /login): signing out is not under test here.
                try await d.waitUntil("document.readyState === 'complete'")
                try await Self.settle(d)
                _ = try await d.browserLog()
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
            // The test covers what it claims to: a page missing here would pass unseen.
            for page in ["/", "/org", "/map", "/disputes", "/disputes/new", "/board", "/statistics", "/screening", "/directives",
                         "/disputes/{id}", "/disputes/{id}/file", "/disputes/{id}/file/agreement", "/disputes/{id}/file/mediation",
                         "/admin/users", "/admin/audit", "/patrol/phone"] {
                #expect(opened.contains(page), "no role opened \(page); opened: \(opened.sorted())")
            }
        }
    }

    @Test("The buttons and selects that had inline handlers still work from page-actions.js")
    func formerInlineHandlers() async throws {
        try await withBrowser(.desktop(width: 1280, height: 900)) { d, live in
            let id = try await Self.agreedDispute(live)
            try await d.logIn(live, as: "mediator")
            for path in ["/disputes/\(id)/file", "/disputes/\(id)/file/agreement"] {
                try await d.navigate(to: live.base + path)
                try await d.waitUntil("document.readyState === 'complete'")
                _ = try await d.executeScript("window.print = () => { window.__printed = true; };")
                try await d.click(try await d.findElement(css: "button[data-action=print]"))
                try await d.waitUntil("window.__printed === true")
            }
            try await d.logOut()
            try await d.logIn(live, as: "bureau")
            try await d.navigate(to: live.base + "/board")
            try await d.waitUntil("document.body.dataset.boardReady === 'true'")
            try await MediationBrowserTests.select(d, "select[name=orgUnit]", try await d.executeScript(
                "return document.querySelectorAll('select[name=orgUnit] option')[1].value").stringValue ?? "")
            try await d.waitUntil("location.search.includes('orgUnit=')")
        }
    }

    @Test("The detector sees a violation and a failed load when a page has one")
    func detectorCanFail() async throws {
        try await withBrowser(.desktop(width: 1280, height: 900)) { d, live in
            try await d.cdp("Page.enable")
            try await d.cdp("Page.addScriptToEvaluateOnNewDocument", ["source": .string(Self.listener)])
            #expect(try await Self.problems(d, live, "/login").isEmpty)
            // Markup an attacker might slip in: the policy must block its inline handler.
            _ = try await d.executeScript(#"document.body.insertAdjacentHTML('beforeend', '<img src="/no-such-image.png" onerror="window.__ran = true">')"#)
            // The image's 404 and the refused handler arrive when the request ends: collect the log
            // until both are in it (or 15 s), rather than after a fixed pause a loaded machine outlasts.
            var log: [String] = []
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(15))
            repeat {
                try await Task.sleep(for: .milliseconds(200))
                log += try await d.browserLog().compactMap { $0["message"]?.stringValue }
            } while !(log.contains { $0.contains("404") } && log.contains { $0.contains("Content Security Policy") }) && clock.now < deadline
            let violations = try await d.executeScript("return window.__csp").arrayValue ?? []
            #expect(log.contains { $0.contains("404") }, "\(log)")
            #expect(log.contains { $0.contains("Content Security Policy") }, "\(log)")
            #expect(violations.contains { ($0.stringValue ?? "").hasPrefix("script-src") }, "\(violations)")
            #expect(try await d.executeScript("return window.__ran === true").boolValue == false)
        }
    }
}

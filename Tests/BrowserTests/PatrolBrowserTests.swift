import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor

/// 网格化巡控 pages in headless Chromium while the simulator drives units: the dispatcher's
/// command map (units moving between two screenshots, the illustrative-roads label, the socket
/// dropping and coming back) and a unit's track playback. Each leaves a screenshot.
@Suite("Patrol pages in Chromium", .serialized)
struct PatrolBrowserTests {
    /// Starts the simulator on `count` units at one fix a second; the task drives until cancelled.
    static func simulate(_ live: LiveApp, units count: Int, only: Set<String>? = nil) async throws -> (Task<Void, Never>, [PatrolSimulator.Driven]) {
        let simulator = PatrolSimulator(base: live.base, interval: 1, unitLimit: count, only: only, timeScale: 5,
                                        route: live.app.roadNetwork.drivingPath)
        let units = try await simulator.start(app: live.app) { _ in }
        let task = Task { _ = try? await simulator.drive(units, app: live.app) { _ in } }
        return (task, units)
    }

    /// Runs `body` while the simulator drives, then stops it and waits for its requests in flight:
    /// the app must not shut down under a request it is still answering.
    static func whileSimulating(_ live: LiveApp, units count: Int, only: Set<String>? = nil,
                                _ body: ([PatrolSimulator.Driven], Task<Void, Never>) async throws -> Void) async throws {
        let (driving, units) = try await simulate(live, units: count, only: only)
        do {
            try await body(units, driving)
        } catch {
            driving.cancel(); await driving.value
            throw error
        }
        driving.cancel(); await driving.value
    }

    /// The positions the page's unit list shows, by unit id.
    static func positions(_ d: WebDriver) async throws -> [String: String] {
        let v = try await d.executeScript("""
            const out = {};
            for (const r of document.querySelectorAll('#unit-list tr[data-lat]')) out[r.dataset.unit] = r.dataset.lat + ',' + r.dataset.lon;
            return JSON.stringify(out);
            """)
        return (try? JSONDecoder().decode([String: String].self, from: Data((v.stringValue ?? "{}").utf8))) ?? [:]
    }

    @Test("The dispatcher's command map shows the units moving live, greys none that report, and reconnects a dropped socket")
    func commandMap() async throws {
        try await withBrowser(.desktop(width: 1400, height: 900)) { d, live in
            try await Self.whileSimulating(live, units: 6) { units, _ in
                #expect(units.count == 6)
                try await d.logIn(live, as: "dispatcher")
                try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
                try await d.waitUntil("document.getElementById('command-map').dataset.loaded === 'true'", timeout: .seconds(90))  // the roads come first; on a loaded CI run that once took over 20 s
                try await d.waitUntil("document.getElementById('command-map').dataset.socket === 'live'", timeout: .seconds(10))
                try await d.waitUntil("document.querySelectorAll('#unit-list tr[data-lat]').length >= 6", timeout: .seconds(15))
                let total = try await d.evaluate("document.getElementById('command-map').dataset.units")
                #expect(Int(total.stringValue ?? "") == (try await PatrolUnitModel.query(on: live.app.db).count()))
                let first = try await Self.positions(d)
                _ = try await d.screenshot(saveAs: "patrol-command-map-1")
                // Units report every second; on a loaded machine some take longer to move, so the
                // page is read again for up to 20 s until three have.
                var moved: [String] = []
                for _ in 0..<20 {
                    try await Task.sleep(for: .seconds(1))
                    let second = try await Self.positions(d)
                    moved = first.keys.filter { second[$0] != nil && second[$0] != first[$0] }
                    if moved.count >= 3 { break }
                }
                _ = try await d.screenshot(saveAs: "patrol-command-map-2")
                #expect(moved.count >= 3, "units that moved between the screenshots: \(moved.count) of \(first.count)")
                // Driven units report every second: none is greyed as stale, and markers are drawn.
                #expect(try await d.findElements(css: "path.patrol-unit").count >= 6)
                #expect(try await d.findElements(css: "path.patrol-unit.stale").count <= (try await d.findElements(css: "path.patrol-unit").count) - 6)
                let label = try await d.text(try await d.findElement(css: ".road-label"))
                #expect(label.contains("示意路网"))
                // The server drops every socket: the page says so and reconnects.
                await live.app.liveFeed.hub.closeAll()
                try await d.waitUntil("document.getElementById('command-map').dataset.socket === 'lost'", timeout: .seconds(5))
                let lost = try await d.text(try await d.findElement(css: "#live-state"))
                #expect(lost.contains("断开"))
                try await d.waitUntil("document.getElementById('command-map').dataset.socket === 'live'", timeout: .seconds(10))
                // Filter by status: only the driven (available) units stay in the list.
                _ = try await d.executeScript("const s = document.getElementById('filter-status'); s.value = 'available'; s.dispatchEvent(new Event('change'));")
                let shown = try await d.evaluate("document.querySelectorAll('#unit-list tbody tr:not(.hidden)').length")
                #expect(shown.intValue == 6)
            }
        }
    }

    @Test("A unit's track plays back along its fixes with a time slider")
    func trackPlayback() async throws {
        try await withBrowser(.desktop(width: 1280, height: 900)) { d, live in
            var driven: [PatrolSimulator.Driven] = []
            try await Self.whileSimulating(live, units: 1, only: ["巡01"]) { units, _ in
                driven = units
                try await Task.sleep(for: .seconds(8))
            }
            let unit = try #require(driven.first)
            try await d.logIn(live, as: "dispatcher")
            try await d.navigate(to: live.base + PatrolRoutes.trackPage.link(unit.unitID))
            try await d.waitUntil("document.getElementById('track-map').dataset.loaded === 'true'", timeout: .seconds(20))
            let count = try await d.evaluate("Number(document.getElementById('track-map').dataset.fixes)")
            let stored = try await FixStore(db: live.app.db).track(unit: unit.unitID, from: .distantPast, to: .distantFuture).count
            #expect((count.intValue ?? 0) >= 4 && count.intValue == stored, "page \(count) vs stored \(stored)")
            #expect(try await d.findElements(css: "path.track-line").count == 1)
            let start = try await d.evaluate("document.getElementById('track-map').dataset.shown")
            _ = try await d.executeScript("const s = document.getElementById('track-slider'); s.value = s.max; s.dispatchEvent(new Event('input'));")
            let end = try await d.evaluate("document.getElementById('track-map').dataset.shown")
            #expect(start.stringValue != nil && end.stringValue != nil && start.stringValue != end.stringValue)
            _ = try await d.screenshot(saveAs: "patrol-track-playback")
        }
    }
}

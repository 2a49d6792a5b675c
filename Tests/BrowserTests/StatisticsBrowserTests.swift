import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing

/// The statistics page (M13) over the demo year, as the county bureau sees it.
@Suite("Statistics page in Chromium", .serialized)
struct StatisticsBrowserTests {
    @Test("The bureau sees the county's figures and bars by level and by category, drawn offline")
    func statisticsAsBureau() async throws {
        try await withBrowser(.desktop(width: 1280, height: 1000)) { d, live in
            let added = try await DemoDisputeSeed.run(on: live.app)
            try await d.logIn(live, as: "bureau")
            #expect(try await d.findElements(css: "nav a[href='/statistics']").count == 1)
            try await d.navigate(to: live.base + "/statistics")
            try await d.waitUntil("document.body.dataset.chartsReady === '1'", timeout: .seconds(20))
            let received = try await d.text(try await d.findElement(css: "#stat-received"))
            #expect(Int(received) == added)
            let rate = try await d.text(try await d.findElement(css: "#stat-rate"))
            #expect(rate.hasPrefix("9"), "settled rate \(rate)")
            #expect(try await d.text(try await d.findElement(css: "#levels-table")).contains("村级"))
            #expect(try await d.findElements(css: "#category-table tbody tr").count >= 10)
            // Chart.js drew both canvases (non-zero pixels), from the vendored copy.
            let drawn = try await d.executeScript("""
                return ['chart-levels','chart-categories'].every(id => {
                  const c = document.getElementById(id); const x = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  for (let i = 3; i < x.length; i += 4) if (x[i] !== 0) return true; return false; })
                """)
            #expect(drawn.boolValue == true)
            let external = try await d.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))")
            #expect(external.arrayValue?.isEmpty == true)
            _ = try await d.screenshot(saveAs: "statistics")
        }
    }
}

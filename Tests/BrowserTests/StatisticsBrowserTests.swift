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
    @Test("A township's map shades its villages by the API's figures, which with the rest add up to the township's total")
    func townshipMap() async throws {
        try await withBrowser(.desktop(width: 1280, height: 1000)) { d, live in
            try await Self.openStatistics(d, live, as: "judicial", until: "document.getElementById('area-map')?.dataset.ready === 'true'")
            let mapped = try await d.evaluate("""
                (async () => {
                  const el = document.getElementById('area-map');
                  const values = JSON.parse(el.dataset.values), drawn = JSON.parse(el.dataset.drawn);
                  // Each village's 受理纠纷 as the API's list behind the figure counts it (its total is the figure).
                  const api = Object.fromEntries(await Promise.all(Object.keys(values).map(async id => {
                    const l = await (await fetch('/api/v1/statistics/records?figure=received&limit=1&orgUnit=' + id, { credentials: 'same-origin' })).json();
                    return [id, l.total];
                  })));
                  const own = await (await fetch('/api/v1/statistics/county', { credentials: 'same-origin' })).json();
                  const sum = Object.values(values).reduce((a, b) => a + b, 0);
                  return { equal: JSON.stringify(values) === JSON.stringify(api), areas: Object.keys(values).length, drawn: drawn.length,
                           shaded: el.querySelectorAll('path.area-shaded').length,
                           total: sum + Number(el.dataset.outside) === own.rows.find(r => r.key === 'received').value };
                })()
                """)
            #expect(mapped["equal"]?.boolValue == true && mapped["total"]?.boolValue == true, "\(mapped)")
            #expect((mapped["areas"]?.intValue ?? 0) > 1 && mapped["shaded"]?.intValue == mapped["drawn"]?.intValue, "\(mapped)")
            _ = try await d.executeScript("document.getElementById('area-map-card').scrollIntoView(); return true")
            _ = try await d.screenshot(saveAs: "statistics-map-township")
        }
    }

    /// /statistics over the demo year as `user`, once `ready` holds in the page.
    static func openStatistics(_ d: WebDriver, _ live: LiveApp, as user: String, until ready: String) async throws {
        _ = try await DemoDisputeSeed.run(on: live.app)
        try await d.logIn(live, as: user)
        try await d.navigate(to: live.base + "/statistics")
        try await d.waitUntil(ready, timeout: .seconds(30))
    }

    /// The API's answer at `path`, fetched in the page with the session's cookie.
    static func api(_ d: WebDriver, _ path: String) async throws -> [String: Any] {
        let v = try await d.executeAsyncScript("""
            const done = arguments[arguments.length - 1];
            fetch('\(path)', { credentials: 'same-origin' }).then(r => r.text()).then(done);
            """)
        let text = try #require(v.stringValue)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// A canvas's numbers as the page's script gave them to Chart.js.
    static func chart(_ d: WebDriver, _ id: String) async throws -> [[Int]] {
        let v = try await d.executeScript("return document.getElementById('\(id)').dataset.values")
        return try JSONDecoder().decode([[Int]].self, from: Data(try #require(v.stringValue).utf8))
    }

    @Test("The county table's charts equal the API's figures, and a figure opens a list whose total is the figure")
    func countyTableAsBureau() async throws {
        try await withBrowser(.desktop(width: 1280, height: 1400)) { d, live in
            try await Self.openStatistics(d, live, as: "bureau", until: "document.body.dataset.chartsReady === '1'")

            let stats = try await Self.api(d, "/api/v1/statistics")
            let levels = try #require(stats["levels"] as? [[String: Any]])
            #expect(try await Self.chart(d, "chart-levels") == [levels.map { $0["received"] as? Int ?? -1 }, levels.map { $0["settled"] as? Int ?? 0 }])
            let categories = try #require(stats["byCategory"] as? [[String: Any]])
            #expect(try await Self.chart(d, "chart-categories")
                    == [categories.map { $0["received"] as? Int ?? -1 }, categories.map { $0["settled"] as? Int ?? -1 }])
            let county = try await Self.api(d, "/api/v1/statistics/county")
            let tiers = try #require((county["tiers"] as? [String: Any])?["rows"] as? [[String: Any]])
            #expect(try await Self.chart(d, "chart-tiers") == [tiers.map { $0["count"] as? Int ?? -1 }])
            #expect(tiers.count == 3)

            // Every figure on the page is the API's; the 调解成功 one opens its records.
            let rows = try #require(county["rows"] as? [[String: Any]])
            for r in rows {
                let key = try #require(r["key"] as? String)
                let shown = try await d.text(try await d.findElement(css: "#county-table a.figure[data-key='\(key)']"))
                #expect(Int(shown) == r["value"] as? Int, "\(key)")
            }
            let settled = try #require(rows.first { $0["key"] as? String == "settled" }?["value"] as? Int)
            #expect(settled > 0)
            _ = try await d.screenshot(saveAs: "statistics-county")

            // The map: each township's shade is its 受理纠纷 in the API's table for that township, and
            // the townships with the disputes received by county units add up to the table's total.
            try await d.waitUntil("document.getElementById('area-map').dataset.ready === 'true'", timeout: .seconds(30))
            let received = try #require(rows.first { $0["key"] as? String == "received" }?["value"] as? Int)
            let mapped = try await d.evaluate("""
                (async () => {
                  const el = document.getElementById('area-map');
                  const values = JSON.parse(el.dataset.values), drawn = JSON.parse(el.dataset.drawn);
                  const api = {};
                  for (const id of Object.keys(values)) {
                    const t = await (await fetch('/api/v1/statistics/county?orgUnit=' + id, { credentials: 'same-origin' })).json();
                    api[id] = t.rows.find(r => r.key === 'received').value;
                  }
                  const sum = Object.values(values).reduce((a, b) => a + b, 0);
                  return { equal: JSON.stringify(values) === JSON.stringify(api), areas: Object.keys(values).length, sum,
                           outside: Number(el.dataset.outside), drawn: drawn.length,
                           shaded: el.querySelectorAll('path.area-shaded').length, first: Object.keys(values)[0], firstValue: Object.values(values)[0] };
                })()
                """)
            #expect(mapped["equal"]?.boolValue == true, "\(mapped)")
            #expect((mapped["areas"]?.intValue ?? 0) > 10 && mapped["drawn"]?.intValue == mapped["areas"]?.intValue, "\(mapped)")
            #expect(mapped["shaded"]?.intValue == mapped["drawn"]?.intValue, "\(mapped)")
            #expect((mapped["sum"]?.intValue ?? 0) + (mapped["outside"]?.intValue ?? -1) == received, "\(mapped) against \(received)")
            _ = try await d.executeScript("document.getElementById('area-map-card').scrollIntoView(); return true")
            _ = try await d.screenshot(saveAs: "statistics-map")
            // A township's popup links to its records, whose total is its figure.
            let first = try #require(mapped["first"]?.stringValue), firstValue = try #require(mapped["firstValue"]?.intValue)
            let href = try await d.executeScript("""
                const el = document.getElementById('area-map'); el.querySelector('path.area-shaded').dispatchEvent(new MouseEvent('click', { bubbles: true }));
                return document.querySelector('#area-map .leaflet-popup a.area-link')?.getAttribute('href') || ''
                """)
            let link = try #require(href.stringValue)
            #expect(link.contains("figure=received") && link.contains("orgUnit="), "\(link)")
            try await d.navigate(to: live.base + link)
            try await d.waitUntil("document.getElementById('records-total') !== null", timeout: .seconds(20))
            let areaTotal = try await d.text(try await d.findElement(css: "#records-total"))
            if link.contains(first) { #expect(Int(areaTotal) == firstValue) }
            let areaID = try #require(URLComponents(string: link)?.queryItems?.first { $0.name == "orgUnit" }?.value)
            let areaAPI = try await Self.api(d, "/api/v1/statistics/county?orgUnit=\(areaID)")
            let areaReceived = (areaAPI["rows"] as? [[String: Any]])?.first { $0["key"] as? String == "received" }?["value"] as? Int
            #expect(Int(areaTotal) == areaReceived)
            try await d.navigate(to: live.base + "/statistics")
            try await d.waitUntil("document.body.dataset.chartsReady === '1'", timeout: .seconds(30))
            _ = try await d.executeScript("document.getElementById('warnings').scrollIntoView()")
            _ = try await d.screenshot(saveAs: "statistics-warnings")
            try await d.click(try await d.findElement(css: "#county-table a.figure[data-key='settled']"))
            try await d.waitUntil("document.getElementById('records-total') !== null", timeout: .seconds(20))
            let total = try await d.text(try await d.findElement(css: "#records-total"))
            #expect(Int(total) == settled)
            #expect(try await d.findElements(css: "#records-table tbody tr").count == min(50, settled))
            _ = try await d.screenshot(saveAs: "statistics-records")
        }
    }
}

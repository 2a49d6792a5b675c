import Foundation
@testable import PatrolServer
@testable import PinganServer
@testable import ServerCore
import Testing

/// #12 acceptance 5 for the police side: 公安工作统计 and 指挥看板 over two weeks of the demo
/// police year, as the command centre's dispatcher sees them. Each chart's data equals the API's
/// figures; a figure's link opens a list whose total equals it.
@Suite("Police statistics pages in Chromium", .serialized)
struct PoliceStatisticsBrowserTests {
    @Test("The table's figures and chart are the API's, a figure opens its list with that total; the dashboard's four charts are the API's")
    func tableAndDashboard() async throws {
        try await withBrowser(.desktop(width: 1280, height: 1100)) { d, live in
            try await DemoPoliceYearSeed.run(on: live.app, days: 14)
            try await d.logIn(live, as: "dispatcher")
            #expect(try await d.findElements(css: "nav a[href='/patrol/statistics']").count == 1)
            #expect(try await d.findElements(css: "nav a[href='/patrol/command-dashboard']").count == 1)

            try await d.navigate(to: live.base + PoliceStatisticsRoutes.tablePage.link())
            try await d.waitUntil("document.body.dataset.chartsReady === '1'", timeout: .seconds(20))
            // The API over the page's own period and org (the export link carries them).
            let compared = try await d.evaluate("""
                (async () => {
                  const q = new URL(document.getElementById('ps-export-csv').href).searchParams; q.delete('format');
                  const api = await (await fetch('/api/v1/police-statistics?' + q, { credentials: 'same-origin', headers: { Accept: 'application/json' } })).json();
                  const shown = Object.fromEntries([...document.querySelectorAll('a.ps-figure')].map(a => [a.dataset.key, Number(a.textContent.trim())]));
                  const want = Object.fromEntries(api.rows.map(r => [r.key, r.count]));
                  const chart = JSON.parse(document.getElementById('chart-incident-types').dataset.values);
                  const types = api.rows.filter(r => r.level > 0).map(r => r.count);
                  return { table: JSON.stringify(shown) === JSON.stringify(want), chart: JSON.stringify(chart) === JSON.stringify(types),
                           incidents: want.incidents, persons: want.persons_checked, rows: api.rows.length };
                })()
                """)
            #expect(compared["table"]?.boolValue == true && compared["chart"]?.boolValue == true, "\(compared)")
            #expect((compared["incidents"]?.intValue ?? 0) > 0 && (compared["persons"]?.intValue ?? 0) > 0 && compared["rows"]?.intValue == 22, "\(compared)")
            let drawn = try await d.executeScript("""
                const c = document.getElementById('chart-incident-types'); const x = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                for (let i = 3; i < x.length; i += 4) if (x[i] !== 0) return true; return false;
                """)
            #expect(drawn.boolValue == true)
            _ = try await d.screenshot(saveAs: "police-statistics")

            // A field-record figure opens the ledger page, whose total is the figure.
            let persons = try #require(compared["persons"]?.intValue)
            try await d.click(try await d.findElement(css: "a.ps-figure[data-key='persons_checked']"))
            try await d.waitUntil("!!document.getElementById('ledger-counts')", timeout: .seconds(20))
            let ledgerTotal = try await d.text(try await d.findElement(css: "#ledger-counts strong"))
            #expect(Int(ledgerTotal) == persons, "ledger \(ledgerTotal) against \(persons)")
            _ = try await d.screenshot(saveAs: "police-statistics-ledger")
            // The incidents' figure opens 统计明细, whose total is the figure.
            try await d.navigate(to: live.base + PoliceStatisticsRoutes.tablePage.link())
            try await d.waitUntil("document.body.dataset.chartsReady === '1'", timeout: .seconds(20))
            let incidents = try #require(compared["incidents"]?.intValue)
            try await d.click(try await d.findElement(css: "a.ps-figure[data-key='incidents']"))
            try await d.waitUntil("!!document.getElementById('records-total')", timeout: .seconds(20))
            let total = try await d.text(try await d.findElement(css: "#records-total"))
            #expect(Int(total) == incidents, "list \(total) against \(incidents)")
            #expect(try await d.findElements(css: "#records-table tbody tr").count == min(incidents, 50))
            _ = try await d.screenshot(saveAs: "police-statistics-records")

            // The dashboard: each chart's data is the API's.
            try await d.navigate(to: live.base + PoliceStatisticsRoutes.dashboardPage.link())
            try await d.waitUntil("document.body.dataset.chartsReady === '1'", timeout: .seconds(20))
            let charts = try await d.evaluate("""
                (async () => {
                  const api = await (await fetch(document.getElementById('cd-data').dataset.api, { credentials: 'same-origin', headers: { Accept: 'application/json' } })).json();
                  const v = id => document.getElementById(id).dataset.values;
                  const pair = g => JSON.stringify({ median: g.map(x => x.callToScene.medianSeconds ?? null), p90: g.map(x => x.callToScene.p90Seconds ?? null) });
                  const drawn = id => { const c = document.getElementById(id); const x = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                                        for (let i = 3; i < x.length; i += 4) if (x[i] !== 0) return true; return false; };
                  const ids = ['chart-response-hour', 'chart-response-grid', 'chart-hour-of-week', 'chart-coverage'];
                  return {
                    hour: v('chart-response-hour') === pair(api.byHour), grid: v('chart-response-grid') === pair(api.byGrid),
                    week: v('chart-hour-of-week') === JSON.stringify(Object.fromEntries(api.hourOfWeek.map(r => [r.type, r.counts]))),
                    coverage: v('chart-coverage') === JSON.stringify(api.coverage), drawn: ids.every(drawn),
                    grids: api.byGrid.length, incidents: api.incidents, shown: Number(document.getElementById('cd-incidents').textContent),
                    covered: api.coverage.some(x => x > 0), timed: api.overall.callToScene.count,
                  };
                })()
                """)
            for key in ["hour", "grid", "week", "coverage", "drawn", "covered"] { #expect(charts[key]?.boolValue == true, "\(key): \(charts)") }
            #expect((charts["grids"]?.intValue ?? 0) > 1 && (charts["timed"]?.intValue ?? 0) > 0, "\(charts)")
            #expect(charts["incidents"]?.intValue == charts["shown"]?.intValue && charts["incidents"]?.intValue == incidents, "\(charts)")
            _ = try await d.screenshot(saveAs: "police-command-dashboard")
            // The grid map: each grid's shade is the API's median, its incidents the API's, and the
            // grids with those outside any grid add up to the dashboard's total.
            try await d.waitUntil("document.getElementById('grid-map').dataset.ready === 'true'", timeout: .seconds(30))
            let gridMap = try await d.evaluate("""
                (async () => {
                  const el = document.getElementById('grid-map');
                  const api = await (await fetch(document.getElementById('cd-data').dataset.api, { credentials: 'same-origin', headers: { Accept: 'application/json' } })).json();
                  const values = JSON.parse(el.dataset.values), incidents = JSON.parse(el.dataset.incidents), drawn = JSON.parse(el.dataset.drawn);
                  const sum = Object.values(incidents).reduce((a, b) => a + b, 0);
                  return {
                    medians: api.byGrid.every(g => values[g.key] === (g.callToScene.medianSeconds ?? null)) && Object.keys(values).length === api.byGrid.length,
                    incidents: api.byGrid.every(g => incidents[g.key] === g.incidents),
                    total: sum + Number(el.dataset.outside) === api.incidents, outside: Number(el.dataset.outside), sum,
                    drawn: drawn.length, shaded: el.querySelectorAll('path.area-shaded').length,
                    tooltip: (() => { const p = el.querySelector('path.area-shaded'); p.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
                                      return document.querySelector('#grid-map .leaflet-tooltip')?.textContent || ''; })(),
                  };
                })()
                """)
            for key in ["medians", "incidents", "total"] { #expect(gridMap[key]?.boolValue == true, "\(key): \(gridMap)") }
            // Every incident of the demo lies in a grid: the grids' sum is the table's total.
            #expect(gridMap["outside"]?.intValue == 0 && gridMap["sum"]?.intValue == incidents, "\(gridMap)")
            #expect((gridMap["drawn"]?.intValue ?? 0) > 1 && gridMap["shaded"]?.intValue == gridMap["drawn"]?.intValue, "\(gridMap)")
            #expect(gridMap["tooltip"]?.stringValue?.contains("到场中位数") == true, "\(gridMap)")
            _ = try await d.executeScript("document.getElementById('grid-map-card').scrollIntoView(); return true")
            _ = try await d.screenshot(saveAs: "police-command-dashboard-map")
            _ = try await d.executeScript("document.getElementById('chart-hour-of-week').scrollIntoView(); return true")
            _ = try await d.screenshot(saveAs: "police-command-dashboard-lower")
            // 可信度提示: the arrivals without GPS evidence, as the API counts them, each listed.
            try await d.waitUntil("document.getElementById('arrival-evidence').dataset.ready === 'true'", timeout: .seconds(60))
            let evidence = try await d.evaluate("""
                (async () => {
                  const el = document.getElementById('arrival-evidence');
                  const api = await (await fetch(el.dataset.api, { credentials: 'same-origin', headers: { Accept: 'application/json' } })).json();
                  return { checked: Number(el.dataset.checked) === api.checked && api.checked > 0,
                           unsupported: Number(el.dataset.unsupported) === api.unsupportedCount,
                           listed: document.querySelectorAll('#arrival-evidence-list li').length === Math.min(50, api.unsupported.length),
                           first: api.unsupported.length === 0 || document.querySelector('#arrival-evidence-list li').textContent.startsWith(api.unsupported[0].number) };
                })()
                """)
            for key in ["checked", "unsupported", "listed", "first"] { #expect(evidence[key]?.boolValue == true, "\(key): \(evidence)") }
            _ = try await d.executeScript("document.getElementById('arrival-evidence').scrollIntoView(); return true")
            _ = try await d.screenshot(saveAs: "police-arrival-evidence")
            let external = try await d.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))")
            #expect(external.arrayValue?.isEmpty == true)
        }
    }
}

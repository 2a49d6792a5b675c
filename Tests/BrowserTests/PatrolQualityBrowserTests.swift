import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor

/// #11 P3's page in headless Chromium: the station commander opens 巡防质态 from the command map and
/// reads the day's table, the figures as the API computes them, and exports it.
@Suite("Patrol quality in Chromium", .serialized)
struct PatrolQualityBrowserTests {
    @Test("From the command map to 巡防质态: the unit on shift today with its kilometres and minutes; the CSV export carries the same row")
    func qualityPage() async throws {
        try await withBrowser(.desktop(width: 1400, height: 900)) { d, live in
            let db = live.app.db
            let station = try #require(try await OrgUnitModel.query(on: db).filter(\.$code == "130427000000-GAJ-PCS01").first())
            let unit = try #require(try await PatrolUnitModel.query(on: db).filter(\.$stationOrgUnitID == station.requireID())
                .filter(\.$homeGridOrgUnitID != nil).sort(\.$callSign).first())
            let officer = try #require(try await UserModel.query(on: db).filter(\.$username == "patrol").first())
            // The last 40 minutes on shift: east at 10 m/s, a fix every 30 s — 24 km.
            let now = Date()
            let shift = PatrolShiftModel()
            shift.unitID = try unit.requireID(); shift.officerID = try officer.requireID(); shift.signedOnAt = now.addingTimeInterval(-2400)
            try await shift.create(on: db)
            let fixes = (0...80).map { k in
                Fix(lat: 36.36, lon: 114.30 + Double(k) * 300 / (111_320 * cos(36.36 * .pi / 180)), at: now.addingTimeInterval(-2400 + Double(k) * 30),
                    speed: 10, heading: 90, accuracy: 10)
            }
            _ = try await FixStore(db: db).append(fixes, unit: unit.requireID(), kind: .patrolCar, live: nil, now: now)

            try await d.logIn(live, as: "commander")
            try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
            try await d.click(try await d.findElement(css: "#quality-link"))
            try await d.waitUntil("!!document.getElementById('quality-units')")
            let row = try await d.evaluate("""
                [...document.querySelectorAll('#quality-units tbody tr')].map(tr => [...tr.cells].map(c => c.textContent.trim()))
                  .find(r => r[0] === '\(unit.callSign)')
                """)
            let cells = row.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(cells.count >= 4, "\(row)")
            // The page says what the API computes, and that is about the 24 km driven in 40 minutes.
            let api = try await d.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/patrol-quality', { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(r => r.json())
                  .then(q => { const u = q.units.find(u => u.callSign === '\(unit.callSign)'); done(u ? [u.distanceMeters, u.patrolSeconds] : null); }, e => done(null));
                """)
            let figures = api.arrayValue?.compactMap(\.doubleValue) ?? []
            #expect(figures.count == 2, "\(api)")
            if cells.count >= 4, figures.count == 2 {
                #expect(cells[2] == String(format: "%.1f", figures[0] / 1000) && cells[3] == String(format: "%.0f", figures[1] / 60), "\(cells) \(figures)")
                #expect(abs(figures[0] - 24_000) < 500 && abs(figures[1] - 2400) < 60, "\(figures)")
            }
            let hourRows = try await d.evaluate("document.querySelectorAll('#quality-hours tbody tr').length")
            #expect((hourRows.intValue ?? 0) >= 1, "警力分布 lists the hours with a unit out")
            _ = try await d.screenshot(saveAs: "patrol-quality")
            // The export, fetched as the link would download it.
            let csv = try await d.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(document.getElementById('quality-export').href, { credentials: 'same-origin' }).then(r => r.text()).then(done, e => done('error ' + e));
                """)
            let text = csv.stringValue ?? ""
            #expect(text.contains("巡逻里程") && text.contains(unit.callSign), "\(text.prefix(300))")
        }
    }
}

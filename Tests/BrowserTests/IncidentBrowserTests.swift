import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor

/// #10 acceptance 4 in headless Chromium while the simulator drives units: the dispatcher takes
/// an incident by clicking the map, sees the recommendation and dispatches; the officer's phone
/// gets the task, acknowledges it and marks on scene; the dispatcher starts 启动封控 and sees the
/// three rings and the checkpoints, red where nobody can reach; a drill with the simulator gives
/// its planned-against-actual report. Each step leaves a screenshot.
@Suite("Incidents and containment in Chromium", .serialized)
struct IncidentBrowserTests {
    /// Clicks the command map at a place, with the pointer, as a dispatcher would.
    static func clickMap(_ d: WebDriver, lat: Double, lon: Double, dx: Int = 0) async throws {
        let offset = try await d.executeScript("""
            const m = window.pinganCommandMap, el = document.getElementById('command-map');
            m.setView([\(lat), \(lon)], 16, { animate: false });
            el.scrollIntoView({ block: 'start' });
            const p = m.latLngToContainerPoint([\(lat), \(lon)]);
            // WebDriver's offsets are from the centre of the element's part in view.
            const r = el.getBoundingClientRect();
            const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight), left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
            return [Math.round(r.left + p.x - (left + right) / 2), Math.round(r.top + p.y - (top + bottom) / 2)];
            """)
        let xy = offset.arrayValue?.compactMap(\.intValue) ?? [0, 0]
        let map = try await d.findElement(css: "#command-map")
        _ = try await d.command("POST", "/actions", .object(["actions": .array([.object([
            "type": .string("pointer"), "id": .string("mouse"), "parameters": .object(["pointerType": .string("mouse")]),
            "actions": .array([
                .object(["type": .string("pointerMove"), "duration": .number(0), "x": .number(Double(xy[0] + dx)), "y": .number(Double(xy[1])),
                         "origin": .object(["element-6066-11e4-a52e-4f735466cecf": .string(map.id)])]),
                .object(["type": .string("pointerDown"), "button": .number(0)]),
                .object(["type": .string("pointerUp"), "button": .number(0)]),
            ]),
        ])])]))
    }

    /// Clicks `css` once it is there, again if the page redrew it between finding and clicking.
    static func clickWhenThere(_ d: WebDriver, _ css: String, timeout: Duration = .seconds(20)) async throws {
        let end = ContinuousClock.now + timeout
        while true {
            do { try await d.click(try await d.findElement(css: css)); return } catch {
                if ContinuousClock.now > end { throw error }
                try await Task.sleep(for: .milliseconds(300))
            }
        }
    }

    static func taskState(_ live: LiveApp, _ incident: UUID, _ unit: UUID) async throws -> String? {
        try await IncidentTaskModel.query(on: live.app.db).filter(\.$incidentID == incident).filter(\.$unitID == unit).first()?.state
    }

    @Test("Map click → recommendation → dispatch; the phone acknowledges and arrives; 启动封控 draws three rings and red checkpoints; a drill reports planned against actual")
    func incidentToDrill() async throws {
        try await withBrowser(.desktop(width: 1400, height: 950)) { d, live in
            let db = live.app.db
            // The officer of 城关派出所 on its first unit, standing at a vertex of the roads.
            let station = try #require(try await OrgUnitModel.query(on: db).filter(\.$code == "130427000000-GAJ-PCS01").first())
            let unit = try #require(try await PatrolUnitModel.query(on: db).filter(\.$stationOrgUnitID == station.requireID()).sort(\.$callSign).first())
            let officer = try #require(try await UserModel.query(on: db).filter(\.$username == "patrol").first())
            _ = try await UnitStore(db: db).signOn(shiftID: UUID(), unit: unit, officer: try officer.requireID(), at: Date(), now: Date())
            let graph = try #require(live.app.roadNetwork.graph)
            let gate = try #require(live.app.roadNetwork.checkpoints.first { $0.kind == .cityGate })
            let spot = graph.coordinate(ofVertex: gate.vertex)
            func keepFresh() async { _ = await live.app.livePositions.advance(unit.id!, to: LivePosition(fix: Fix(lat: spot.lat, lon: spot.lon, at: Date()))) }
            await keepFresh()
            let others = try await PatrolUnitModel.query(on: db).filter(\.$stationOrgUnitID != station.requireID()).sort(\.$callSign).limit(6).all()

            try await PatrolBrowserTests.whileSimulating(live, units: others.count, only: Set(others.map(\.callSign))) { driven, _ in
                #expect(driven.count == others.count)
                try await d.logIn(live, as: "dispatcher")
                try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
                try await d.waitUntil("document.getElementById('incident-panel')?.dataset.ready === 'true'", timeout: .seconds(30))

                // Intake: a click on the map sets the place; typing and Enter does the rest.
                // Beside the unit's marker: a click on the marker opens its popup instead.
                try await Self.clickMap(d, lat: spot.lat, lon: spot.lon, dx: 24)
                try await d.waitUntil("!!document.getElementById('incident-panel').dataset.picked")
                let coords = try await d.property(try await d.findElement(css: "#intake-coords"), "value").stringValue ?? ""
                #expect(coords.contains(String(format: "%.3f", spot.lat).prefix(5)), "the click filled the coordinates: \(coords)")
                _ = try await d.executeScript("document.getElementById('intake-type').value = 'public_order'")
                try await d.sendKeys(try await d.findElement(css: "#intake-place"), "城关十字路口")
                try await d.sendKeys(try await d.findElement(css: "#intake-description"), "两人打架，一人受伤")
                let caller = try await d.findElement(css: "#intake-caller")
                try await d.sendKeys(caller, "赵六")
                try await d.sendKeys(try await d.findElement(css: "#intake-phone"), "13811112222")
                await keepFresh()
                try await d.sendKeys(caller, "\u{E007}")   // Enter
                try await d.waitUntil("document.getElementById('incident-detail').dataset.recommended > 0", timeout: .seconds(20))
                let incidentID = try #require(UUID(uuidString: try await d.evaluate("document.getElementById('incident-detail').dataset.incidentId").stringValue ?? ""))
                let first = try await d.evaluate("document.querySelector('table.recommendation tbody tr')?.dataset.unit")
                #expect(first.stringValue == unit.id!.uuidString, "the unit standing at the scene is recommended first")
                #expect(try await d.findElements(css: "path.dispatch-route").count >= 1, "each recommended unit's route is drawn")
                _ = try await d.screenshot(saveAs: "incident-recommendation")
                try await d.click(try await d.findElement(css: "#dispatch-submit"))
                try await d.waitUntil("!!document.querySelector('#incident-detail tr[data-task-unit=\"\(unit.id!.uuidString)\"]')", timeout: .seconds(20))
                #expect(try await Self.taskState(live, incidentID, unit.id!) == "assigned")

                // The officer's phone: the task with its route, alerting until acknowledged.
                try await d.logOut()
                try await d.setViewport(width: 412, height: 915)
                await keepFresh()
                try await d.logIn(live, as: "patrol")
                try await d.navigate(to: live.base + PatrolRoutes.phonePage.link())
                try await d.waitUntil(PatrolPhoneBrowserTests.ready)
                try await d.waitUntil("document.getElementById('phone-app').dataset.task === '\(incidentID.uuidString)'", timeout: .seconds(30))
                try await d.waitUntil("document.getElementById('phone-app').dataset.alerting === 'true'")
                try await d.waitUntil("!!document.querySelector('#task-map path')", timeout: .seconds(20))
                _ = try await d.screenshot(saveAs: "incident-phone-task")
                for (step, state, status) in [("acknowledged", "acknowledged", "dispatched"), ("en_route", "en_route", "en_route"), ("on_scene", "on_scene", "on_scene")] {
                    try await Self.clickWhenThere(d, ".task-step[data-step=\"\(step)\"]")
                    // The status badge moves with the tap, well before the phone's next poll (10 s).
                    try await d.waitUntil("document.getElementById('status-badge').dataset.status === '\(status)'", timeout: .seconds(2))
                    try await PatrolPhoneBrowserTests.eventually("\(step) stored") { try await Self.taskState(live, incidentID, unit.id!) == state }
                    // The card shows the step taken, before and after it is sent.
                    try await d.waitUntil("document.getElementById('phone-app').dataset.taskState === '\(state)'", timeout: .seconds(10))
                }
                #expect(try await d.evaluate("document.getElementById('phone-app').dataset.alerting").stringValue == "false", "acknowledged: the alert stops")
                let alerts = try await d.evaluate("Number(document.getElementById('phone-app').dataset.alerts || 0)")
                #expect((alerts.intValue ?? 0) >= 1)
                _ = try await d.screenshot(saveAs: "incident-phone-on-scene")
                let types = try await IncidentEventModel.query(on: db).filter(\.$incidentID == incidentID).sort(\.$seq).all().map(\.type)
                #expect(types == ["reported", "dispatched", "acknowledged", "en_route", "on_scene"], "\(types)")

                // 启动封控 on the incident: three rings, the checkpoints, red where nobody reaches in time.
                try await d.logOut()
                try await d.setViewport(width: 1400, height: 950)
                try await d.logIn(live, as: "dispatcher")
                try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
                try await d.waitUntil("document.getElementById('incident-panel')?.dataset.ready === 'true'", timeout: .seconds(30))
                try await d.click(try await d.waitForElement(css: "tr[data-incident=\"\(incidentID.uuidString)\"]"))
                try await d.waitUntil("!!document.getElementById('containment-start')", timeout: .seconds(20))
                try await d.click(try await d.findElement(css: "#containment-start"))
                try await d.waitUntil("document.getElementById('containment').dataset.rings === '3'", timeout: .seconds(30))
                #expect(try await d.findElements(css: "path.ring").count == 3)
                let sites = live.app.roadNetwork.checkpoints.count
                #expect(try await d.findElements(css: "path.checkpoint-task").count == sites)
                let red = try await d.findElements(css: "path.checkpoint-task.red").count
                #expect(red >= 1 && red < sites, "six simulated units cannot seal \(sites) checkpoints: \(red) red")
                #expect(try await d.findElements(css: "#containment tr.red").count == red)
                // Every checkpoint label shown lies inside the map and clear of the others (the county
                // exits at the map's edge once ran off it and over each other); the rest wait for a zoom.
                let labels = try await d.evaluate(Self.labelLayout).stringValue ?? ""
                #expect(labels.hasPrefix("inside apart"), "\(labels)")
                #expect(Int(labels.split(separator: " ").last ?? "") ?? 0 >= 3, "at least three labels shown: \(labels)")
                _ = try await d.screenshot(saveAs: "containment-order")
                // A reload (or another desk) shows the order under way with its rings and tasks.
                try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
                try await d.waitUntil("document.getElementById('incident-panel')?.dataset.ready === 'true'", timeout: .seconds(60))
                try await d.waitUntil("document.getElementById('containment').dataset.rings === '3'", timeout: .seconds(30))
                #expect(try await d.findElements(css: "path.checkpoint-task").count == sites)
                // Zoomed in twice, the labels are laid out again: still inside the map, none overlapping.
                try await d.evaluate("(window.pinganCommandMap.setZoom(window.pinganCommandMap.getZoom() + 2), true)")
                try await d.waitUntil("!!document.querySelector('.checkpoint-label')", timeout: .seconds(5))
                try await Task.sleep(for: .milliseconds(800))
                let zoomed = try await d.evaluate(Self.labelLayout).stringValue ?? ""
                #expect(zoomed.hasPrefix("inside apart"), "\(zoomed)")
                _ = try await d.screenshot(saveAs: "containment-order-zoomed")
                try await Self.clickWhenThere(d, "#containment-lift")
                try await d.waitUntil("!document.getElementById('containment-lift')", timeout: .seconds(20))

                // A drill on a scene near the simulated units: they drive to their tasks, and the report fills.
                let positions = try await live.app.livePositions.positions(of: driven.map(\.unitID), loadingFrom: FixStore(db: db))
                let near = try #require(positions.values.first?.fix)
                try await Self.clickMap(d, lat: near.lat, lon: near.lon, dx: 24)
                try await d.click(try await d.findElement(css: "#drill-start"))
                // The drill's order is planned on the server (routes for every unit): a loaded CI run took over 30 s.
                try await d.waitUntil("document.getElementById('containment').dataset.drill === 'true'", timeout: .seconds(90))
                try await d.waitUntil("document.querySelectorAll('#containment tr[data-outcome=\"within_target\"], #containment tr[data-outcome=\"late\"]').length >= 1",
                                      timeout: .seconds(90))
                let report = try await d.text(try await d.findElement(css: "#containment .report-summary"))
                #expect(report.contains("按时封控") && report.contains("卡点"))
                _ = try await d.screenshot(saveAs: "containment-drill-report")
                try await Self.clickWhenThere(d, "#containment-lift")
                try await d.waitUntil("!document.getElementById('containment-lift')", timeout: .seconds(20))

                // Shift handover: the dispatcher hands the open incidents over; the next one acknowledges.
                try await d.sendKeys(try await d.findElement(css: "#handover-note"), "东关斗殴现场处置中，注意回访报警人")
                try await d.click(try await d.findElement(css: "#handover-submit"))
                try await d.waitUntil("!!document.getElementById('handover-state').dataset.handover", timeout: .seconds(20))
                try await d.logOut()
                try await d.logIn(live, as: "admin")
                try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
                try await d.waitUntil("document.getElementById('handover-pending')?.dataset.pending === '1'", timeout: .seconds(30))
                let handed = try await d.text(try await d.findElement(css: "#handover-pending"))
                #expect(handed.contains("注意回访报警人") && handed.contains("移交警情 1 起"), "\(handed)")
                _ = try await d.executeScript("document.getElementById('handover').scrollIntoView({ block: 'center' })")
                _ = try await d.screenshot(saveAs: "dispatch-handover")
                try await Self.clickWhenThere(d, ".handover-ack")
                try await d.waitUntil("document.getElementById('handover-pending').dataset.pending === '0'", timeout: .seconds(20))
                #expect(try await DispatchHandoverModel.query(on: db).filter(\.$acknowledgedAt != nil).count() == 1)
            }
        }
    }

    /// "inside apart N": whether every checkpoint label shown lies inside the command map and no two
    /// overlap, and how many are shown.
    static let labelLayout = """
        (() => {
          const box = document.getElementById('command-map').getBoundingClientRect();
          const shown = [...document.querySelectorAll('.checkpoint-label')].filter((e) => getComputedStyle(e).display !== 'none')
            .map((e) => e.getBoundingClientRect());
          const inside = shown.every((r) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1);
          const apart = shown.every((a, i) => shown.every((b, j) => j <= i || a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top));
          return (inside ? 'inside' : 'outside') + ' ' + (apart ? 'apart' : 'overlapping') + ' ' + shown.length;
        })()
        """
}

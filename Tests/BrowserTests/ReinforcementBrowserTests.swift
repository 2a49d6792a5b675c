import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
import Routing
@testable import ServerCore
import Testing
import Vapor

/// #11 P6 in headless Chromium: a spike's alert with its proposal on the command map; the
/// dispatcher accepts it and the moves become tasks; the donor station's commander watches without
/// the buttons; the moved car's officer finds the task on the phone. Each step leaves a screenshot.
@Suite("Spike alerts on the command map in Chromium", .serialized)
struct ReinforcementBrowserTests {
    @Test("A spike's alert shows who would move in and what each donor keeps; the dispatcher accepts; the commander only watches")
    func acceptOnCommandMap() async throws {
        try await withBrowser(.desktop(width: 1400, height: 950)) { d, live in
            let db = live.app.db
            // The spike is in another station's grid; 城关派出所's first car stands at its point, so it
            // is the nearest unit to move, with the demo officer on it.
            let grid = try #require(try await OrgUnitModel.query(on: db).filter(\.$code == "130427000000-GAJ-PCS05-WG").first())
            let gridID = try grid.requireID()
            let shape = try #require(grid.geometry)
            let anchor = try #require(try JSONDecoder().decode(UnitGeometry.self, from: Data(shape.utf8)).anchor)
            let dispatcherUser = try #require(try await UserModel.query(on: db).filter(\.$username == "dispatcher").first())
            let dispatcher = try #require(try await Caller.load(dispatcherUser, on: db))
            // Eight incidents in the last whole hour where the grid usually has none.
            let hour = SpikeMonitor.hourStart(Date()).addingTimeInterval(-3600)
            for i in 0..<8 {
                let at = hour.addingTimeInterval(Double(i) * 400 + 30)
                let intake = IncidentIntake(type: .publicOrder, priority: .normal, place: IncidentPlace(lat: anchor.lat, lon: anchor.lon, label: "林坦镇集贸市场"),
                                            description: "集市斗殴", call: IncidentCall(callerName: "王五", callerPhone: "1381234567\(i)", at: at))
                _ = try await IncidentStore(db: db).register(id: UUID(), intake: intake, by: dispatcher, now: at)
            }
            let graph = try #require(live.app.roadNetwork.graph)
            let station = try #require(try await OrgUnitModel.query(on: db).filter(\.$code == "130427000000-GAJ-PCS01").first())
            let car = try #require(try await PatrolUnitModel.query(on: db).filter(\.$stationOrgUnitID == station.requireID())
                .sort(\.$callSign).all().first { $0.unitKind?.moves == true && $0.homeGridOrgUnitID != nil })
            let officer = try #require(try await UserModel.query(on: db).filter(\.$username == "patrol").first())
            _ = try await UnitStore(db: db).signOn(shiftID: UUID(), unit: car, officer: try officer.requireID(), at: Date(), now: Date())
            // Units of other grids standing by, each at a vertex of the roads with a fresh fix.
            let others = try await PatrolUnitModel.query(on: db).filter(\.$homeGridOrgUnitID != nil).filter(\.$homeGridOrgUnitID != gridID)
                .filter(\.$id != car.requireID()).sort(\.$callSign).all().filter { $0.unitKind?.moves == true }.prefix(5)
            let spot = try graph.snap(anchor, maxMeters: 1000)
            for (k, u) in ([car] + others).enumerated() {
                let fresh = try #require(try await PatrolUnitModel.find(u.requireID(), on: db))
                fresh.status = PatrolUnitStatus.available.rawValue
                try await fresh.save(on: db)
                let p = k == 0 ? spot.point : graph.coordinate(ofVertex: (k * 7919) % graph.nodeCount)
                _ = await live.app.livePositions.advance(u.id!, to: LivePosition(fix: Fix(lat: p.lat, lon: p.lon, at: Date())))
            }
            let report = try await SpikeMonitor(app: live.app).observe(hour: hour)
            #expect(report.raised == [gridID], "\(report)")
            let alert = try #require(try await ReinforcementAlertModel.query(on: db).first())
            let proposal = try #require(try ReinforcementController.proposal(of: alert))
            #expect(proposal.moves.first?.unitID == car.id?.uuidString, "the car at the grid's point moves first: \(proposal.moves)")

            try await d.logIn(live, as: "dispatcher")
            try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
            try await d.waitUntil("document.getElementById('reinforcement')?.dataset.ready === 'true'", timeout: .seconds(30))
            let item = try await d.waitForElement(css: ".reinforcement-item[data-alert=\"\(try alert.requireID())\"]")
            let text = try await d.text(item)
            #expect(text.contains(grid.name) && text.contains("发案 8 起") && text.contains("保留覆盖"), "\(text)")
            #expect(try await d.findElements(css: ".reinforcement-item li").count == proposal.moves.count)
            // The map comes after the roads and units are drawn: tens of seconds on a loaded CI machine.
            try await d.waitUntil("!!window.pinganCommandMap", timeout: .seconds(90))
            try await d.waitUntil("document.querySelectorAll('path.spike-grid').length === 1", timeout: .seconds(30))
            _ = try await d.executeScript("document.getElementById('reinforcement').scrollIntoView({ block: 'start' })")
            _ = try await d.screenshot(saveAs: "reinforcement-alert")

            // Rejecting without a reason is stopped on the page; accepting sends the moves.
            try await d.click(try await d.findElement(css: ".reinforce-reject"))
            #expect(try await d.text(try await d.findElement(css: ".reinforcement-item .error")).contains("理由"))
            try await d.click(try await d.findElement(css: ".reinforce-accept"))
            try await d.waitUntil("!!document.querySelector('.reinforcement-item.status-accepted')", timeout: .seconds(30))
            #expect(try await d.text(try await d.findElement(css: ".reinforcement-item")).contains("已下达任务"))
            #expect(try await ReinforcementTaskModel.query(on: db).count() == proposal.moves.count)
            _ = try await d.screenshot(saveAs: "reinforcement-accepted")

            // The donor station's commander sees where its car went, with nothing to press.
            try await d.logOut()
            try await d.logIn(live, as: "commander")
            try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
            try await d.waitUntil("document.getElementById('reinforcement')?.dataset.ready === 'true'", timeout: .seconds(60))
            _ = try await d.waitForElement(css: ".reinforcement-item.status-accepted")
            #expect(try await d.findElements(css: ".reinforce-accept, .reinforce-reject").isEmpty)

            // The officer on that car finds the task on the phone.
            try await d.logOut()
            try await d.setViewport(width: 412, height: 915)
            try await d.logIn(live, as: "patrol")
            try await d.navigate(to: live.base + PatrolRoutes.phonePage.link())
            try await d.waitUntil(PatrolPhoneBrowserTests.ready)
            let card = try await d.waitForElement(css: "#task-card .task.reinforcement", timeout: .seconds(60))
            #expect(try await d.text(card).contains(grid.name))
            _ = try await d.screenshot(saveAs: "reinforcement-phone-task")
        }
    }
}

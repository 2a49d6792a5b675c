import Fluent
import Foundation
import GeoSupport
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor

/// #11 acceptance 5 and 6 (plan activation) in headless Chromium while the simulator drives units:
/// the dispatcher picks a plan on the command map and clicks 启动预案; the posts appear with their
/// units and ETAs and the drive routes drawn; the simulated units drive to their posts and each
/// arrival shows; 解除预案 ends it. Then the plans page with a demo plan's sites, routes and posts.
@Suite("Plans in Chromium", .serialized)
struct PlanBrowserTests {
    @Test("启动预案 on the command map: posts with ETAs drawn, arrivals as the simulator drives, 解除预案; the plans page")
    func activation() async throws {
        try await withBrowser(.desktop(width: 1400, height: 950)) { d, live in
            let db = live.app.db
            // Three cars of the county, each with a post on the road towards its own grid's point.
            var chosen: [(PatrolUnitModel, GeoPoint)] = []
            for car in try await PatrolUnitModel.query(on: db).filter(\.$kind == PatrolUnitKind.patrolCar.rawValue).sort(\.$callSign).all() where chosen.count < 3 {
                guard let grid = car.homeGridOrgUnitID, let anchor = try await OrgUnitModel.find(grid, on: db)?.unitGeometry?.anchor else { continue }
                chosen.append((car, anchor))
            }
            try await PatrolBrowserTests.whileSimulating(live, units: 3, only: Set(chosen.map(\.0.callSign))) { driven, _ in
                #expect(driven.count == 3)
                // Each has a position before the plan is activated (drive times need one).
                try await PatrolPhoneBrowserTests.eventually("three fresh positions") {
                    try await live.app.livePositions.positions(of: chosen.map { $0.0.id! }, loadingFrom: FixStore(db: db)).count == 3
                }
                // Each post about 2 km along the roads from where its unit now is, towards its grid's point: a drive of a
                // couple of minutes, under a minute at the simulator's 5×.
                let here = try await live.app.livePositions.positions(of: chosen.map { $0.0.id! }, loadingFrom: FixStore(db: db))
                let road = try #require(live.app.roadNetwork.drivingPath)
                let spots: [GeoPoint] = try chosen.map { u, anchor in
                    let start = try #require(here[u.id!]?.fix)
                    let path = road(GeoPoint(lat: start.lat, lon: start.lon), anchor) ?? [anchor]
                    var walked = 0.0
                    for (a, b) in zip(path, path.dropFirst()) {
                        walked += Fix(lat: a.lat, lon: a.lon, at: Date()).meters(to: Fix(lat: b.lat, lon: b.lon, at: Date()))
                        if walked >= 2000 { return b }
                    }
                    return path.last ?? anchor
                }
                let centre = try #require(try await OrgUnitModel.query(on: db).filter(\.$code == "130427000000-GAJ-ZHZX").first())
                let plan = PlanModel()
                plan.id = UUID()
                plan.orgUnitID = try centre.requireID()
                plan.scopePath = centre.path
                plan.name = "演练：三车到位"
                plan.kind = PlanKind.violent.rawValue
                plan.layout = try PlanStore.json(PlanLayout(posts: chosen.enumerated().map { i, c in
                    PlanLayout.Post(name: "\(i + 1) 号岗", lat: spots[i].lat, lon: spots[i].lon, checkpoint: i == 0, unitId: c.0.id!.uuidString, unitKind: .patrolCar, targetMinutes: 10)
                }))
                plan.version = 1
                plan.createdAt = Date()
                plan.updatedAt = Date()
                try await plan.create(on: db)
                let planID = try plan.requireID()

                try await d.logIn(live, as: "dispatcher")
                try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
                try await d.waitUntil("document.getElementById('plan-panel')?.dataset.ready === 'true' && !!window.pinganCommandMap", timeout: .seconds(60))
                _ = try await d.executeScript("document.getElementById('plan-select').value = '\(planID.uuidString)'")
                try await IncidentBrowserTests.clickWhenThere(d, "#plan-activate")
                try await d.waitUntil("document.getElementById('plan-panel').dataset.drawn === '3'", timeout: .seconds(30))
                #expect(try await d.findElements(css: "path.plan-post").count == 3)
                #expect(try await d.findElements(css: "path.plan-drive").count >= 1, "the drive routes are drawn")
                let etas = try await d.executeScript("return [...document.querySelectorAll('#plan-panel .plan-eta')].map((e) => e.textContent)")
                let texts = etas.arrayValue?.compactMap(\.stringValue) ?? []
                #expect(texts.count == 3 && texts.allSatisfy { $0.contains("秒") || $0.contains("分钟") }, "each post shows its ETA: \(texts)")
                _ = try await d.executeScript("document.getElementById('plan-panel').scrollIntoView({ block: 'start' })")
                _ = try await d.screenshot(saveAs: "plan-activated")
                // The simulator drives each unit to its post; the panel shows each arrival.
                try await d.waitUntil("document.getElementById('plan-panel').dataset.arrived === '3'", timeout: .seconds(180))
                let outcomes = try await d.executeScript("return [...document.querySelectorAll('#plan-panel tr[data-outcome]')].map((e) => e.dataset.outcome)")
                #expect(outcomes.arrayValue?.compactMap(\.stringValue).allSatisfy { ["within_target", "late"].contains($0) } == true)
                _ = try await d.screenshot(saveAs: "plan-arrivals")
                let activation = try #require(try await PlanActivationModel.query(on: db).filter(\.$planID == planID).first())

                // The officer of the first car sees the post on the phone's task card, with its ETA.
                let shift = try #require(try await PatrolShiftModel.query(on: db).filter(\.$unitID == chosen[0].0.id!).filter(\.$signedOffAt == nil).first())
                let officer = try #require(try await UserModel.find(shift.officerID, on: db))
                try await d.logOut()
                try await d.setViewport(width: 412, height: 915)
                try await d.logIn(live, as: officer.username)
                try await d.navigate(to: live.base + PatrolRoutes.phonePage.link())
                try await d.waitUntil("!!document.querySelector('#task-card .plan-task')", timeout: .seconds(30))
                let card = try await d.text(try await d.findElement(css: "#task-card .plan-task"))
                #expect(card.contains("演练：三车到位") && card.contains("1 号岗") && card.contains("预计"), "\(card)")
                _ = try await d.screenshot(saveAs: "plan-phone-task")
                try await d.logOut()
                try await d.setViewport(width: 1400, height: 950)
                try await d.logIn(live, as: "dispatcher")
                try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
                try await d.waitUntil("document.getElementById('plan-panel')?.dataset.ready === 'true'", timeout: .seconds(60))
                try await IncidentBrowserTests.clickWhenThere(d, ".plan-deactivate")
                try await d.waitUntil("document.getElementById('plan-panel').dataset.active === ''", timeout: .seconds(20))
                #expect(try await PlanActivationModel.find(activation.id, on: db)?.endedAt != nil)
                for (u, _) in chosen { #expect(try await PatrolUnitModel.find(u.id, on: db)?.status == "available") }
            }

            // The plans page: the list, and the first plan (a demo plan) on the map with its sites, routes and posts.
            try await d.navigate(to: live.base + PlanRoutes.plansPage.link())
            try await d.waitUntil("document.getElementById('plans-map')?.dataset.ready === 'true'", timeout: .seconds(30))
            let shown = try await d.executeScript("""
                const row = [...document.querySelectorAll('#plan-list tr[data-plan]')].find((r) => r.textContent.includes('县城重大活动安保'));
                row.querySelector('a').click();
                return row.dataset.plan;
                """)
            #expect(shown.stringValue != nil)
            try await d.waitUntil("Number(document.getElementById('plans-map').dataset.posts) >= 4", timeout: .seconds(10))
            #expect(try await d.findElements(css: "#plan-list tr[data-plan]").count >= 4)
            let routes = try await d.findElements(css: "path.plan-route").count, sites = try await d.findElements(css: "path.plan-site").count
            #expect(routes >= 1 && sites >= 1)
            _ = try await d.screenshot(saveAs: "plans-page")

            // A new plan from the editor: two posts and a key site placed on the map, saved; then renamed (an edit with its version).
            let before = try await PlanModel.query(on: db).count()
            try await d.click(try await d.findElement(css: "#plan-new"))
            try await d.sendKeys(try await d.findElement(css: "#plan-name"), "新建测试预案")
            _ = try await d.executeScript("""
                const m = window.pinganPlansMap, c = m.getCenter();
                m.fire('click', { latlng: L.latLng(c.lat, c.lng) });
                document.querySelector('input[name="mode"][value="checkpoint"]').click();
                m.fire('click', { latlng: L.latLng(c.lat + 0.005, c.lng) });
                document.querySelector('input[name="mode"][value="site"]').click();
                m.fire('click', { latlng: L.latLng(c.lat, c.lng + 0.005) });
                """)
            #expect(try await d.findElements(css: "#plan-posts tbody tr").count == 2)
            try await d.click(try await d.findElement(css: "#plan-save"))
            try await d.waitUntil("document.getElementById('plan-state').textContent === '已保存'", timeout: .seconds(20))
            #expect(try await PlanModel.query(on: db).count() == before + 1)
            let made = try #require(try await PlanModel.query(on: db).filter(\.$name == "新建测试预案").first())
            let layout = try PlanStore.layout(of: made.layout)
            #expect(layout.posts.count == 2 && layout.posts.filter(\.checkpoint).count == 1 && layout.sites.count == 1)
            let name = try await d.findElement(css: "#plan-name")
            try await d.clear(name)
            try await d.sendKeys(name, "新建测试预案（改）")
            try await d.click(try await d.findElement(css: "#plan-save"))
            try await PatrolPhoneBrowserTests.eventually("renamed") { try await PlanModel.find(made.id, on: db)?.version == 2 }
            #expect(try await PlanModel.find(made.id, on: db)?.name == "新建测试预案（改）")
        }
    }
}

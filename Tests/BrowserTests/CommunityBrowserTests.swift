import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor

/// #11 P8 in headless Chromium: the 四进四联 page lists the demo groups with phones masked and sends
/// a notice (no gateway configured here, so it shows as kept until one is); the command map's
/// leads panel shows a tip's lead, refuses a dismissal without a reason, and turns one into an incident.
@Suite("Community groups in Chromium", .serialized)
struct CommunityBrowserTests {
    @Test("The community page lists groups (phones masked) and sends a notice; the leads panel decides leads")
    func communityPageAndLeads() async throws {
        try await withBrowser(.desktop(width: 1400, height: 950)) { d, live in
            let db = live.app.db
            let now = Date()
            try await CommunityDemoSeed.run(on: db, now: now) { _ in }
            #expect(try await CommunityGroupModel.query(on: db).count() == CommunityDemoSeed.seatGridCodes.count * 4)

            try await d.logIn(live, as: "dispatcher")
            try await d.navigate(to: live.base + CommunityRoutes.page.link())
            try await d.waitUntil("document.body.dataset.communityReady === 'true'", timeout: .seconds(30))
            let table = try await d.text(try await d.findElement(css: "#group-table"))
            #expect(table.contains("城区第一网格社区干部") && table.contains("沿街门店经营者"), "\(table.prefix(300))")
            #expect(table.range(of: "1[0-9]{2}\\*\\*\\*\\*[0-9]{4}", options: .regularExpression) != nil, "phones masked")
            #expect(table.range(of: "1[0-9]{10}", options: .regularExpression) == nil, "no phone in full")
            #expect(try await d.findElements(css: "#gateway-unconfigured").count == 1)

            // A notice to the first two groups.
            let boxes = try await d.findElements(css: "#notice-groups input[name=group]")
            try await d.click(boxes[0])
            try await d.click(boxes[1])
            try await d.sendKeys(try await d.findElement(css: "#notice-form textarea[name=text]"), "今晚十点开展联合巡逻，请各门店关好门窗")
            try await d.click(try await d.findElement(css: "#notice-form button[type=submit]"))
            try await d.waitUntil("!!document.querySelector('.notice-item.delivery-unconfigured')", timeout: .seconds(20))
            #expect(try await CommunityNoticeModel.query(on: db).count() == 1)
            #expect(try await CommunityDeliveryModel.query(on: db).first()?.status == "pending")
            _ = try await d.screenshot(saveAs: "community-groups")

            // Two tips' leads in 城关派出所's grid.
            let grid = try #require(try await OrgUnitModel.query(on: db).filter(\.$code == "130427000000-GAJ-PCS01-WG").first())
            let anchor = try #require(grid.unitGeometry?.anchor)
            var leads: [UUID] = []
            for (i, text) in ["超市门口有人兜售假烟", "小区东门停放一辆无牌面包车已三天"].enumerated() {
                let l = CommunityLeadModel()
                l.id = UUID()
                l.tipID = "browser-\(i)"
                l.senderName = "王建国"
                l.senderPhone = "13803101234"
                l.text = text
                l.lat = anchor.lat
                l.lon = anchor.lon
                l.placeLabel = i == 0 ? "城关超市" : "幸福小区东门"
                l.areaOrgUnitID = grid.id
                l.scopePath = grid.path
                l.status = CommunityLeadStatus.open.rawValue
                l.signedAt = now
                l.receivedAt = now.addingTimeInterval(Double(i))
                try await l.create(on: db)
                leads.append(try l.requireID())
            }
            try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
            try await d.waitUntil("document.getElementById('community-leads')?.dataset.ready === 'true'", timeout: .seconds(30))
            #expect(try await d.findElements(css: "#community-leads .lead-item").count == 2)
            let first = try await d.findElement(css: ".lead-item[data-lead=\"\(leads[1])\"]")
            #expect(try await d.text(first).contains("138****1234"))
            _ = try await d.executeScript("document.getElementById('community-leads').scrollIntoView({ block: 'start' })")
            _ = try await d.screenshot(saveAs: "community-leads")

            // Dismissing needs a reason; then one lead is dismissed and the other made an incident.
            try await d.click(try await d.findElement(css: ".lead-item[data-lead=\"\(leads[1])\"] .lead-dismiss"))
            #expect(try await d.text(try await d.findElement(css: ".lead-item[data-lead=\"\(leads[1])\"] .error")).contains("理由"))
            try await d.sendKeys(try await d.findElement(css: ".lead-item[data-lead=\"\(leads[1])\"] .lead-reason"), "经核实为业主车辆")
            try await d.click(try await d.findElement(css: ".lead-item[data-lead=\"\(leads[1])\"] .lead-dismiss"))
            try await d.waitUntil("document.querySelectorAll('#community-leads .lead-item').length === 1", timeout: .seconds(20))
            try await d.click(try await d.findElement(css: ".lead-item[data-lead=\"\(leads[0])\"] .lead-incident"))
            try await d.waitUntil("!!document.getElementById('community-leads-empty')", timeout: .seconds(20))
            #expect(try await IncidentModel.find(leads[0], on: db) != nil)
            #expect(try await CommunityLeadModel.find(leads[1], on: db)?.reason == "经核实为业主车辆")
        }
    }
}

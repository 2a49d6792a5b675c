import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing

/// 法律进企业 visits recorded from the enterprise page (M14).
@Suite("Enterprise page in Chromium", .serialized)
struct EnterpriseBrowserTests {
    @Test("A visit recorded through the form is listed and stored once after a double submit; a refusal keeps what was typed")
    func recordVisit() async throws {
        try await withBrowser(.desktop(width: 1280, height: 1100)) { d, live in
            let county = try #require(try await OrgUnitStore(db: live.app.db).byCode("130427000000"))
            let enterprise = EnterpriseModel()
            enterprise.id = UUID(); enterprise.name = "磁县恒达陶瓷有限公司"; enterprise.scopePath = county.path; enterprise.createdAt = Date()
            try await enterprise.create(on: live.app.db)
            let eid = try enterprise.requireID()

            try await d.logIn(live, as: "bureau")
            try await d.navigate(to: live.base + "/enterprises")
            let form = "form.visit-form[data-enterprise='\(eid)']"
            try await d.waitUntil("document.querySelector(\"\(form)\")?.dataset.ready === 'true'", timeout: .seconds(20))
            try await d.click(try await d.findElement(css: "section[data-enterprise='\(eid)'] details.visit-entry summary"))
            func field(_ name: String) async throws -> WebElement { try await d.findElement(css: "\(form) [name='\(name)']") }
            func status() async throws -> String { try await d.text(try await d.findElement(css: "\(form) .form-status")) }
            func value(_ name: String) async throws -> String? {
                try await d.executeScript("return document.querySelector(\"\(form) [name='\(name)']\").value").stringValue
            }

            // Nothing typed: the first missing field is named in Chinese and nothing is sent.
            try await d.click(try await d.findElement(css: "\(form) button[type='submit']"))
            #expect(try await status() == "请填写走访人员")

            let visitors = "县司法局王律师、城关镇调委会李某", content = "讲解劳动合同法，查看了工资发放台账", result = "发现拖欠两名工人工资，约定月底前补发，下月回访"
            try await d.sendKeys(try await field("visitors"), visitors)
            try await d.sendKeys(try await field("content"), content)
            try await d.sendKeys(try await field("result"), result)
            // A date after today: the server refuses, the reason is shown in Chinese, nothing typed is lost.
            _ = try await d.executeScript("document.querySelector(\"\(form) [name='visitedAt']\").value = '2099-01-01'")
            try await d.click(try await d.findElement(css: "\(form) button[type='submit']"))
            try await d.waitUntil("document.querySelector(\"\(form) .form-status\").textContent.startsWith('未保存')", timeout: .seconds(20))
            #expect(try await status().contains("走访时间不能晚于今天"))
            let kept = [try await value("visitors"), try await value("content"), try await value("result")]
            #expect(kept == [visitors, content, result])
            _ = try await d.screenshot(saveAs: "enterprise-visit-refused")

            // Today's date, then submitted twice at once: one id, one visit.
            _ = try await d.executeScript("const f = document.querySelector(\"\(form) [name='visitedAt']\"); f.value = f.max")
            let sent = try await d.executeScript("""
                const f = document.querySelector("\(form)"); f.requestSubmit(); f.requestSubmit(); return f.elements.id.value
                """)
            let visitID = try #require(sent.stringValue.flatMap(UUID.init(uuidString:)))
            try await d.waitUntil("document.querySelector('tr[data-visit=\"\(visitID)\"]') !== null", timeout: .seconds(20))
            let row = try await d.text(try await d.findElement(css: "tr[data-visit='\(visitID)']"))
            #expect(row.contains(visitors) && row.contains(content) && row.contains(result))

            // A retry of the same visit (its answer lost) is answered with the stored copy, not a second one.
            let retry = try await d.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const csrf = document.querySelector('meta[name="csrf-token"]').content;
                fetch('/api/v1/enterprises/\(eid)/visits', { method: 'POST', credentials: 'same-origin',
                  headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
                  body: JSON.stringify({ id: '\(visitID)', visitedAt: new Date().toISOString(), visitors: 'x', content: 'x', result: 'x' }) })
                  .then(r => done(r.status));
                """)
            #expect(retry.intValue == 200)
            let detail = try await StatisticsBrowserTests.api(d, "/api/v1/enterprises/\(eid)")
            let visits = try #require(detail["visits"] as? [[String: Any]])
            #expect(visits.count == 1)
            #expect(visits.first?["id"] as? String == visitID.uuidString)
            #expect(visits.first?["visitors"] as? String == visitors)
            #expect((detail["enterprise"] as? [String: Any])?["visits"] as? Int == 1)
            #expect(try await d.findElements(css: "section[data-enterprise='\(eid)'] table.visits tbody tr").count == 1)
            _ = try await d.screenshot(saveAs: "enterprise-visit-recorded")
        }
    }
}

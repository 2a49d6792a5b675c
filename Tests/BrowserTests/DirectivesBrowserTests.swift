import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import PinganDomain
import Testing
import Vapor

/// Monthly screening (月度排查) and 指令督办 pages in headless Chromium. Each leaves a screenshot.
@Suite("Screening and directives pages in Chromium", .serialized)
struct DirectivesBrowserTests {
    static func villageName(_ live: LiveApp) async throws -> String {
        let mediator = try await MediationBrowserTests.caller(live, "mediator")
        return try #require(try await OrgUnitModel.find(mediator.scopeUnitID, on: live.app.db)).name
    }

    @Test("A village mediator files a nil report and, offline, a late report from a phone; the township sees who has not reported")
    func screeningOnPhone() async throws {
        try await withBrowser(.phone) { d, live in
            try await d.logIn(live, as: "mediator")
            try await d.navigate(to: live.base + "/screening")
            try await d.waitUntil("document.getElementById('screening-form').dataset.ready === 'true'")
            let due = ScreeningCompliance.dueMonth(at: live.app.clock.now(), calendar: PinganCalendar.shanghai)
            #expect(try await d.executeScript("return document.getElementById('month').value").stringValue == due.description)
            let fits = try await d.executeScript("return document.documentElement.scrollWidth <= window.innerWidth")
            #expect(fits.boolValue == true, "the screening form must not scroll sideways on a phone")
            _ = try await d.screenshot(saveAs: "screening-phone")
            try await d.click(try await d.findElement(css: "#nil-report"))
            try await d.waitUntil("document.querySelectorAll('#reports li').length === 1", timeout: .seconds(15))
            #expect(try await d.text(try await d.findElement(css: "#reports")).contains("零报告"))
            let first = try #require(try await ScreeningReportModel.query(on: live.app.db).first())
            #expect(first.nilReport && first.foundCount == 0 && first.month == due.description)

            // Offline: a late report for an earlier month waits on the phone, then goes.
            try await d.waitUntil("document.getElementById('screening-form').dataset.ready === 'true'")
            try await d.setOffline(true)
            let earlier = due.adding(months: -1).description
            try await MediationBrowserTests.select(d, "#month", earlier)
            try await d.clear(try await d.findElement(css: "#found-count"))
            try await d.sendKeys(try await d.findElement(css: "#found-count"), "2")
            try await d.sendKeys(try await d.findElement(css: "#note"), "两起宅基地纠纷，已登记")
            try await d.click(try await d.findElement(css: "#submit-report"))
            try await d.waitUntil("document.getElementById('screening-status').textContent.includes('已保存在手机上')", timeout: .seconds(15))
            #expect(try await d.text(try await d.findElement(css: "#queue-banner")).contains("待发送 1 条"))
            #expect(try await ScreeningReportModel.query(on: live.app.db).count() == 1)
            _ = try await d.screenshot(saveAs: "screening-offline-queued")
            try await d.setOffline(false)
            try await d.waitUntil("document.querySelectorAll('#reports li').length === 2", timeout: .seconds(30))
            let late = try #require(try await ScreeningReportModel.query(on: live.app.db).filter(\.$month == earlier).first())
            #expect(late.foundCount == 2 && !late.nilReport && late.note == "两起宅基地纠纷，已登记")

            // The township office: the mediator's village has reported for the due month, others not.
            try await d.logOut()
            try await d.logIn(live, as: "judicial")
            try await d.navigate(to: live.base + "/screening")
            let village = try await Self.villageName(live)
            let missing = try await d.text(try await d.findElement(css: "#missing"))
            #expect(missing.contains("已报送 1 个") && !missing.contains(village))
            #expect(try await d.findElements(css: "#missing li").count > 5)
            #expect(try await d.text(try await d.findElement(css: "#reports")).contains(village))
            #expect(try await d.findElements(css: "#screening-form").isEmpty, "a township office does not report for a village")
            _ = try await d.screenshot(saveAs: "screening-township")
        }
    }

    @Test("The bureau issues an instruction and a supervision order; the township acknowledges, replies and answers; the bureau sees it")
    func instructionsAndOrders() async throws {
        try await withBrowser(.desktop(width: 1280, height: 1000)) { d, live in
            let dispute = try await MediationBrowserTests.seed(live, as: "mediator", intake: MediationBrowserTests.intake(summary: "养殖场异味纠纷"))
            let township = try #require(try await OrgUnitModel.query(on: live.app.db).filter(\.$code == "130427100000").first())
            try await d.logIn(live, as: "bureau")
            try await d.navigate(to: live.base + "/directives")
            try await d.waitUntil("document.body.dataset.directivesReady === 'true'")
            try await d.sendKeys(try await d.findElement(css: "#instruction-form input[name=title]"), "开展婚姻家庭纠纷专项排查")
            try await d.sendKeys(try await d.findElement(css: "#instruction-form textarea[name=body]"), "各乡镇于本月底前完成排查并报送结果。")
            try await d.click(try await d.findElement(css: "#instruction-form input[value='\(township.id!.uuidString)']"))
            try await d.click(try await d.findElement(css: "#instruction-form > button"))
            try await d.waitUntil("document.querySelectorAll('#issued li').length === 1", timeout: .seconds(15))
            #expect(try await d.text(try await d.findElement(css: "#issued")).contains("接收 1 · 签收 0 · 回复 0"))

            // A supervision order from the dispute's page, addressed to the township.
            try await d.navigate(to: live.base + "/disputes/\(dispute)")
            try await d.waitUntil("document.getElementById('dispute').dataset.ready === 'true'")
            let form = "form[data-post='/api/v1/supervision-orders']"
            _ = try await d.executeScript("document.querySelector(arguments[0]).closest('details').open = true", args: [.string(form)])
            try await MediationBrowserTests.select(d, form + " select", township.id!.uuidString)
            try await d.sendKeys(try await d.findElement(css: form + " textarea"), "三日内化解并回复")
            let local = ISO8601DateFormatter()
            local.timeZone = TimeZone(identifier: "Asia/Shanghai")
            let deadline = String(local.string(from: live.app.clock.now().addingTimeInterval(3 * 86_400)).prefix(16))
            _ = try await d.executeScript("document.querySelector(arguments[0] + ' input[name=\"payload.deadline\"]').value = arguments[1]",
                                          args: [.string(form), .string(deadline)])
            try await d.click(try await d.findElement(css: form + " button"))
            try await d.waitUntil("!!document.querySelector('#timeline .ev-supervision_ordered')", timeout: .seconds(15))
            let order = try #require(try await SupervisionOrderModel.query(on: live.app.db).first())
            #expect(order.assigneeOrgUnitID == township.id && order.instruction == "三日内化解并回复")
            try await d.navigate(to: live.base + "/directives")
            #expect(try await d.text(try await d.findElement(css: "#orders-issued")).contains("三日内化解并回复"))
            _ = try await d.screenshot(saveAs: "directives-bureau")

            // The village mediator is not addressed: nothing of it shows.
            try await d.logOut()
            try await d.logIn(live, as: "mediator")
            try await d.navigate(to: live.base + "/directives")
            let page = try await d.text(try await d.findElement(css: "main"))
            #expect(!page.contains("开展婚姻家庭纠纷专项排查") && !page.contains("三日内化解并回复"))

            // The township's judicial office acknowledges, replies, and answers the order.
            try await d.logOut()
            try await d.logIn(live, as: "judicial")
            try await d.navigate(to: live.base + "/directives")
            try await d.waitUntil("document.body.dataset.directivesReady === 'true'")
            #expect(try await d.text(try await d.findElement(css: "#received")).contains("开展婚姻家庭纠纷专项排查"))
            try await d.click(try await d.findElement(css: "#received button.ack"))
            try await d.waitUntil("document.body.dataset.directivesReady === 'true' && !document.querySelector('#received button.ack')", timeout: .seconds(15))
            #expect(try await d.text(try await d.findElement(css: "#received")).contains("已签收"))
            try await d.sendKeys(try await d.findElement(css: "#received form.reply-form textarea"), "已部署各村排查，月底前报送")
            try await d.click(try await d.findElement(css: "#received form.reply-form button"))
            try await d.waitUntil("document.body.dataset.directivesReady === 'true' && !document.querySelector('#received form.reply-form')", timeout: .seconds(15))
            try await d.sendKeys(try await d.findElement(css: "#orders-for-me form.answer-form textarea"), "已组织双方调解，达成协议")
            try await d.click(try await d.findElement(css: "#orders-for-me form.answer-form button"))
            try await d.waitUntil("document.body.dataset.directivesReady === 'true' && !document.querySelector('#orders-for-me form.answer-form')", timeout: .seconds(15))
            #expect(try await d.text(try await d.findElement(css: "#orders-for-me")).contains("已组织双方调解，达成协议"))
            _ = try await d.screenshot(saveAs: "directives-township")
            let recipient = try #require(try await InstructionRecipientModel.query(on: live.app.db).first())
            #expect(recipient.acknowledgedAt != nil && recipient.reply == "已部署各村排查，月底前报送")
            #expect(try await SupervisionOrderModel.find(order.id, on: live.app.db)?.reply == "已组织双方调解，达成协议")

            try await d.logOut()
            try await d.logIn(live, as: "bureau")
            try await d.navigate(to: live.base + "/directives")
            let issued = try await d.text(try await d.findElement(css: "#issued"))
            #expect(issued.contains("签收 1 · 回复 1") && issued.contains("已部署各村排查，月底前报送"))
            #expect(try await d.text(try await d.findElement(css: "#orders-issued")).contains("已回复"))
        }
    }
}

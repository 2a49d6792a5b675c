import Fluent
import Foundation
import GeoSupport
@testable import MediationServer
import MediationDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor

/// X1 in headless Chromium: a dispute call typed on the command map finds the village's open
/// dispute by its parties and shows it on the dispatch card (level, risk, stage, committee — no
/// party detail); the dispatcher hands the call over to mediation; the township takes receipt on
/// its board; the dispute's page shows the link and the follow-up task, closed there.
@Suite("Police–mediation bridge in Chromium", .serialized)
struct BridgeBrowserTests {
    @Test("The dispatch card shows the linked dispute; 警调对接 reaches the township board and the dispute's page")
    func dispatchCardToBoard() async throws {
        try await withBrowser(.desktop(width: 1400, height: 950)) { d, live in
            let db = live.app.db
            let village = try #require(try await OrgUnitModel.query(on: db).filter(\.$code == "130427100201").first())
            let scene = try #require(village.unitGeometry?.anchor)
            // The village committee's open dispute between 张三 and 李四.
            let intake = DisputeIntake(
                parties: [Party(name: "张三", phone: "13812345678", role: .applicant), Party(name: "李四", phone: "13987654321", role: .respondent)],
                category: .neighbourhood, subcategoryCode: nil, source: .partyApplication, channel: .peoplesMediation, level: .village,
                handlingOrgUnitId: try village.requireID(), villageId: village.id, townshipId: village.parentID, gridId: nil, place: "三里屯村东街",
                location: scene, occurredAt: nil, peopleInvolved: 2, amount: nil, summary: "两户因院墙滴水发生争执", riskSigns: .none)
            let dispute = try await DisputeEventStore(db: db).register(id: UUID(), intake: intake, by: EventActor(systemFor: try village.requireID()), at: Date())
            let disputeID = try dispute.model.requireID()

            // The dispatcher types a dispute call while talking: the place by coordinates, the people, threats.
            try await d.logIn(live, as: "dispatcher")
            try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
            try await d.waitUntil("!!window.pinganCommandMap", timeout: .seconds(90))
            // The incident panel wires its form once the map's village names are read: choose the type until it answers.
            try await d.waitUntil("return (() => { const t = document.getElementById('intake-type'); t.value = 'dispute'; t.dispatchEvent(new Event('change')); return !document.getElementById('intake-parties').hidden; })()",
                                  timeout: .seconds(60))
            #expect(try await d.isDisplayed(try await d.findElement(css: "#intake-parties")), "the people are asked for on a dispute call")
            try await d.sendKeys(try await d.findElement(css: "#intake-coords"), "\(scene.lat),\(scene.lon)")
            try await d.sendKeys(try await d.findElement(css: "#intake-place"), "三里屯村东街")
            try await d.sendKeys(try await d.findElement(css: "#intake-description"), "两户又因院墙吵起来，扬言动手")
            try await d.sendKeys(try await d.findElement(css: "#intake-caller"), "赵六")
            try await d.sendKeys(try await d.findElement(css: "input[name=partyName1]"), "张三")
            try await d.sendKeys(try await d.findElement(css: "input[name=partyPhone1]"), "138 1234 5678")
            try await d.click(try await d.findElement(css: "#intake-violence"))
            try await d.sendKeys(try await d.findElement(css: "input[name=partyName1]"), "\u{E007}")   // Enter
            let card: WebElement
            do {
                card = try await d.waitForElement(css: "#linked-disputes .linked-dispute[data-dispute=\"\(disputeID.uuidString)\" i]",
                                                  timeout: .seconds(30))
            } catch {
                _ = try await d.screenshot(saveAs: "dispatch-card-missing")
                let state = try await d.executeScript("return [document.getElementById('intake-state')?.textContent, document.getElementById('incident-detail')?.innerText]")
                throw WebDriverError.timeout("no linked dispute on the card: \(state)")
            }
            let text = try await d.text(card)
            #expect(text.contains("红色") && text.contains("村级") && text.contains("同一当事人") && text.contains("调委会"), "\(text)")
            let whole = try await d.text(try await d.findElement(css: "#linked-disputes"))
            #expect(!whole.contains("李四") && !whole.contains("13987654321"), "no party detail on the police side: \(whole)")
            #expect(try await DisputeModel.find(disputeID, on: db)?.risk == "red", "the threats raised the dispute to red")
            #expect(try await FollowUpTaskModel.query(on: db).filter(\.$disputeID == disputeID).count() == 1)
            // X1 on the map: the now red dispute's place (its place only) on the layer of high-risk dispute places.
            try await d.click(try await d.findElement(css: "#dispute-places-toggle"))
            try await d.waitUntil("document.querySelectorAll('path.dispute-place.risk-red').length === 1", timeout: .seconds(30))
            #expect(try await d.text(try await d.findElement(css: "#dispute-places-state")) == "1 处")
            _ = try await d.executeScript("document.getElementById('linked-disputes').scrollIntoView({ block: 'center' })")
            _ = try await d.screenshot(saveAs: "dispatch-card-linked-dispute")

            // 警调对接: handed over; the card says it waits for the township.
            try await d.click(try await d.findElement(css: "#mediation-handover button"))
            let handed = try await d.waitForElement(css: ".linked-dispute", timeout: .seconds(30)) // redrawn
            _ = handed
            try await d.waitUntil("[...document.querySelectorAll('.linked-dispute')].some(e => e.textContent.includes('等待乡镇接收'))", timeout: .seconds(30))
            #expect(try await PoliceHandoverModel.query(on: db).count() == 1)
            #expect(try await d.findElements(css: "#mediation-handover").isEmpty, "handed over once")

            // The township's board: the follow-up task and the handover; taking receipt.
            try await d.logOut()
            try await d.logIn(live, as: "judicial")
            try await d.navigate(to: live.base + "/board")
            try await d.waitUntil("document.body.dataset.boardReady === 'true'", timeout: .seconds(30))
            #expect(try await d.text(try await d.findElement(css: "#follow-up-tasks")).contains("暴力"))
            let receive = try await d.findElement(css: "#police-handovers button.handover-ack")
            _ = try await d.executeScript("document.getElementById('follow-up-tasks').scrollIntoView({ block: 'start' })")
            _ = try await d.screenshot(saveAs: "board-follow-up-and-handover")
            try await d.click(receive)
            try await d.waitUntil("document.querySelectorAll('#police-handovers li').length === 0", timeout: .seconds(30))
            #expect(try await PoliceHandoverModel.query(on: db).first()?.acknowledgedAt != nil)

            // The dispute's page: the incident's number, time and place; the task closed with a note.
            try await d.navigate(to: live.base + MediationRoutes.disputePage.link(disputeID))
            let links = try await d.waitForElement(css: "#police-links", timeout: .seconds(30))
            let linkText = try await d.text(links)
            #expect(linkText.contains("三里屯村东街") && linkText.contains("报警称有暴力或威胁") && !linkText.contains("赵六"), "\(linkText)")
            try await d.sendKeys(try await d.findElement(css: "form.follow-up-close textarea"), "已上门，双方同意明日到村调委会调解")
            try await d.click(try await d.findElement(css: "form.follow-up-close button"))
            try await d.waitUntil("document.querySelectorAll('form.follow-up-close').length === 0", timeout: .seconds(30))
            #expect(try await FollowUpTaskModel.query(on: db).first()?.closedAt != nil)
            _ = try await d.executeScript("document.getElementById('police-links').scrollIntoView({ block: 'start' })")
            _ = try await d.screenshot(saveAs: "dispute-police-links")

            // Back on the command map the police see it received.
            try await d.logOut()
            try await d.logIn(live, as: "dispatcher")
            try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
            try await d.waitUntil("!!document.querySelector('#incident-list tr[data-incident]')", timeout: .seconds(90))
            try await d.click(try await d.findElement(css: "#incident-list tr[data-incident]"))
            try await d.waitUntil("[...document.querySelectorAll('.linked-dispute')].some(e => e.textContent.includes('乡镇已接收'))", timeout: .seconds(30))
        }
    }
}

import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import PinganDomain
import Testing
import Vapor

/// 民调通 pages in headless Chromium: phone intake (online, offline, after reconnecting), the
/// township board, detail, list and a printable agreement. Each leaves a screenshot.
@Suite("Mediation pages in Chromium", .serialized)
struct MediationBrowserTests {
    static func disputeCount(_ live: LiveApp) async throws -> Int { try await DisputeModel.query(on: live.app.db).count() }

    /// Writes through the same store the API uses, as `username`.
    static func seed(_ live: LiveApp, as username: String, intake json: String) async throws -> UUID {
        let actor = try await caller(live, username)
        let d = DisputeStore.decoder
        let body = try d.decode(RegisterDisputeRequest.self, from: Data(json.utf8))
        let intake = try await IntakeBuilder(db: live.app.db, actor: actor).intake(from: body)
        _ = try await DisputeStore(db: live.app.db).register(id: body.id, intake: intake, by: EventActor(actor), at: live.app.clock.now())
        return body.id
    }

    static func append(_ live: LiveApp, _ id: UUID, as username: String, _ type: String, _ payload: String = "{}") async throws {
        let actor = try await caller(live, username)
        let d = DisputeStore.decoder
        let draft = try d.decode(DisputeEventDraft.self, from: Data(#"{"type":"\#(type)","payload":\#(payload)}"#.utf8))
        _ = try await DisputeStore(db: live.app.db).append(disputeID: id, eventID: UUID(), kind: draft.kind, baseVersion: nil,
                                                           by: EventActor(actor), at: live.app.clock.now())
    }

    static func caller(_ live: LiveApp, _ username: String) async throws -> Caller {
        let user = try #require(try await UserModel.query(on: live.app.db).filter(\.$username == username).first())
        return try #require(try await Caller.load(user, on: live.app.db))
    }

    static func intake(id: UUID = UUID(), summary: String, threat: Bool = false, category: String = "02") -> String {
        #"""
        {"id":"\#(id)","parties":[{"name":"王建国","sex":"male","idNumber":"130427198001010014","phone":"13812345678","address":"三里屯村","role":"applicant"},
        {"name":"赵秀英","sex":"female","phone":"13987654321","role":"respondent"}],"category":"\#(category)","source":"party_application",
        "place":"三里屯村东街","peopleInvolved":2,"summary":"\#(summary)",
        "riskSigns":{"threatOfViolence":\#(threat),"threatOfSelfHarm":false,"plannedCollectivePetition":false,"crossesVillages":false}}
        """#
    }

    /// Sets a select's value as a tap on an option would, with its change event.
    static func select(_ d: WebDriver, _ css: String, _ value: String) async throws {
        _ = try await d.executeScript("const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true}));",
                                      args: [.string(css), .string(value)])
    }

    static func fillIntake(_ d: WebDriver, applicant: String, respondent: String, place: String, summary: String, category: String) async throws {
        try await d.waitUntil("document.getElementById('intake-form').dataset.ready === 'true'")
        try await d.sendKeys(try await d.findElement(css: "#parties .party:nth-child(1) [data-f=name]"), applicant)
        try await d.sendKeys(try await d.findElement(css: "#parties .party:nth-child(1) [data-f=phone]"), "13700001111")
        try await d.sendKeys(try await d.findElement(css: "#parties .party:nth-child(2) [data-f=name]"), respondent)
        try await select(d, "#category", category)
        try await d.sendKeys(try await d.findElement(css: "#place"), place)
        try await d.sendKeys(try await d.findElement(css: "#summary"), summary)
    }

    @Test("A village mediator registers on a phone, online, offline and after reconnecting; the resend is idempotent")
    func intakeOnPhone() async throws {
        try await withBrowser(.phone) { d, live in
            try await d.logIn(live, as: "mediator")
            try await d.navigate(to: live.base + "/disputes/new")
            try await Self.fillIntake(d, applicant: "孙立民", respondent: "周桂兰", place: "三里屯村西头", summary: "两家因宅基地界址争执", category: "03")
            try await Self.select(d, "#subcategory", "0301")
            // The draft survives a reload.
            try await d.refresh()
            try await d.waitUntil("document.getElementById('intake-form').dataset.ready === 'true'")
            #expect(try await d.executeScript("return document.getElementById('summary').value").stringValue == "两家因宅基地界址争执")
            #expect(try await d.executeScript("return document.getElementById('subcategory').value").stringValue == "0301")
            let fits = try await d.executeScript("return document.documentElement.scrollWidth <= window.innerWidth")
            #expect(fits.boolValue == true, "the intake form must not scroll sideways on a phone")
            _ = try await d.executeScript("window.scrollTo(0, 0)")
            _ = try await d.screenshot(saveAs: "intake-phone")
            try await d.click(try await d.findElement(css: "#save-button"))
            do {
                _ = try await d.waitForElement(css: "#saved-link", timeout: .seconds(30), visible: true)  // a loaded CI machine
            } catch {
                // What the page showed, so a slow or stuck save can be told apart in CI's log.
                let state = try? await d.executeScript(
                    "return {status: document.getElementById('save-status').textContent, error: document.getElementById('form-error').textContent, queue: localStorage.getItem('pingan.queue.v1')}")
                Issue.record("no saved link after 30 s; page: \(state?.jsonString ?? "unreadable"); stored: \((try? await Self.disputeCount(live)) ?? -1)")
                throw error
            }
            #expect(try await Self.disputeCount(live) == 1)
            let stored = try #require(try await DisputeModel.query(on: live.app.db).first())
            #expect(stored.subcategory == "0301" && stored.partyNames == "孙立民、周桂兰")

            try await d.navigate(to: live.base + "/disputes")
            #expect(try await d.text(try await d.findElement(css: "#dispute-list")).contains("两家因宅基地界址争执"))

            // Offline: the second intake waits in the phone's queue.
            try await d.navigate(to: live.base + "/disputes/new")
            try await d.setOffline(true)
            try await Self.fillIntake(d, applicant: "钱多多", respondent: "李少华", place: "三里屯村小学门口", summary: "借款两万元未还", category: "04")
            try await d.click(try await d.findElement(css: "#save-button"))
            try await d.waitUntil("!document.getElementById('queue-banner').hidden")
            let banner = try await d.text(try await d.findElement(css: "#queue-banner"))
            #expect(banner.contains("待发送 1 条") && banner.contains("网络恢复后自动发送"))
            #expect(try await Self.disputeCount(live) == 1, "nothing reached the server while offline")
            let queued = try #require(try await d.executeScript("return localStorage.getItem('pingan.queue.v1')").stringValue)
            #expect(queued.contains("借款两万元未还"))
            _ = try await d.screenshot(saveAs: "intake-offline-queued")

            try await d.setOffline(false)
            try await d.waitUntil("document.getElementById('queue-banner').hidden", timeout: .seconds(30))
            #expect(try await Self.disputeCount(live) == 2)
            #expect(try await d.text(try await d.findElement(css: "#save-status")).contains("已发送：钱多多、李少华"))
            _ = try await d.screenshot(saveAs: "intake-after-reconnect")

            // The same entry sent again (as after a crash between send and answer): still one dispute.
            _ = try await d.executeScript("localStorage.setItem('pingan.queue.v1', arguments[0])", args: [.string(queued)])
            try await d.refresh()
            try await d.waitUntil("document.getElementById('intake-form').dataset.ready === 'true' && localStorage.getItem('pingan.queue.v1') === '[]'",
                                  timeout: .seconds(20))
            #expect(try await Self.disputeCount(live) == 2)
            #expect(try await DisputeModel.query(on: live.app.db).filter(\.$summary == "借款两万元未还").count() == 1)
        }
    }

    @Test("A shared phone: an entry queued offline by one account is sent only when that account signs in again")
    func sharedPhoneQueue() async throws {
        try await withBrowser(.phone) { d, live in
            try await d.logIn(live, as: "mediator")
            try await d.navigate(to: live.base + "/disputes/new")
            try await d.setOffline(true)
            try await Self.fillIntake(d, applicant: "冯国强", respondent: "陈玉梅", place: "三里屯村北", summary: "共用水井使用纠纷", category: "02")
            try await d.click(try await d.findElement(css: "#save-button"))
            try await d.waitUntil("!document.getElementById('queue-banner').hidden")
            // The session ends while the phone is offline (signed out elsewhere, or expired): the
            // retry on reconnecting is refused with 401 and the entry stays.
            _ = try await d.command("DELETE", "/cookie")
            try await d.setOffline(false)
            try await d.waitUntil("document.querySelectorAll('#queue-errors li').length === 1", timeout: .seconds(20))
            #expect(try await d.text(try await d.findElement(css: "#queue-errors")).contains("登录已过期"))
            #expect(try await Self.disputeCount(live) == 0)

            // Another account signs in on the same phone: the entry is not sent under its name.
            try await d.logIn(live, as: "judicial")
            try await d.navigate(to: live.base + "/disputes")
            try await d.waitUntil("!document.getElementById('queue-banner').hidden")
            #expect(try await d.text(try await d.findElement(css: "#queue-banner")).contains("另有 1 条由其他账号登记"))
            _ = try await d.executeAsyncScript("const done = arguments[arguments.length - 1]; PinganQueue.flush().then(() => done(true));")
            #expect(try await Self.disputeCount(live) == 0)
            _ = try await d.screenshot(saveAs: "queue-other-account")

            // Its own account signs in again: the entry goes, registered by that account.
            try await d.logOut()
            try await d.logIn(live, as: "mediator")
            try await d.navigate(to: live.base + "/disputes")
            try await d.waitUntil("JSON.parse(localStorage.getItem('pingan.queue.v1') || '[]').length === 0", timeout: .seconds(20))
            let stored = try #require(try await DisputeModel.query(on: live.app.db).filter(\.$summary == "共用水井使用纠纷").first())
            let mediator = try await Self.caller(live, "mediator")
            #expect(try await DisputeStore(db: live.app.db).events(of: stored.id!).first?.actorUserId == mediator.userID)
            #expect(try await Self.disputeCount(live) == 1)
        }
    }

    @Test("An entry queued while the queue is sending goes in a second run at once, not on the retry tick")
    func entryQueuedDuringFlush() async throws {
        try await withBrowser(.phone) { d, live in
            try await d.logIn(live, as: "mediator")
            try await d.navigate(to: live.base + "/disputes/new")
            try await d.waitUntil("document.getElementById('intake-form').dataset.ready === 'true'")
            // The second enqueue comes while the first one's request is in flight; what its promise
            // resolves to must already include it (the retry tick would take 10 s).
            let left = try await d.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const a = JSON.parse(arguments[0]), b = JSON.parse(arguments[1]);
                PinganQueue.enqueue({ id: a.id, label: 'A', url: '/api/v1/disputes', body: a });
                PinganQueue.enqueue({ id: b.id, label: 'B', url: '/api/v1/disputes', body: b })
                  .then((results) => done({ left: PinganQueue.load().length, sentB: results.some((r) => r.id === b.id && r.ok) }));
                """, args: [.string(Self.intake(summary: "鸡鸭进入邻家菜地")), .string(Self.intake(summary: "门前堆放柴草堵路"))])
            #expect(left["left"]?.intValue == 0, "\(left)")
            #expect(left["sentB"]?.boolValue == true, "\(left)")
            #expect(try await Self.disputeCount(live) == 2)
        }
    }

    @Test("A refused intake stays queued with the server's message and comes back into the form")
    func refusedIntakeIsKept() async throws {
        try await withBrowser(.phone) { d, live in
            try await d.logIn(live, as: "mediator")
            try await d.navigate(to: live.base + "/disputes/new")
            try await d.waitUntil("document.getElementById('intake-form').dataset.ready === 'true'")
            // An entry the server refuses (bad ID number checksum), queued as if typed offline earlier.
            let bad = Self.intake(summary: "校验位错误的登记").replacingOccurrences(of: "130427198001010014", with: "130427198001010010")
                .replacingOccurrences(of: "\n", with: "")
            _ = try await d.executeScript("""
                const body = JSON.parse(arguments[0]);
                localStorage.setItem('pingan.queue.v1', JSON.stringify([{id: body.id, label: '王建国（邻里）', url: '/api/v1/disputes', body: body, error: null}]));
                """, args: [.string(bad)])
            try await d.refresh()
            try await d.waitUntil("document.querySelectorAll('#queue-errors li').length === 1", timeout: .seconds(15))
            let text = try await d.text(try await d.findElement(css: "#queue-banner"))
            #expect(text.contains("待发送 1 条") && text.contains("身份证"))
            #expect(try await Self.disputeCount(live) == 0)
            try await d.click(try await d.findElement(css: "#queue-errors button"))
            #expect(try await d.executeScript("return document.getElementById('summary').value").stringValue == "校验位错误的登记")
            #expect(try await d.executeScript("return document.getElementById('queue-banner').hidden").boolValue == true)
        }
    }

    @Test("The township board shows a red dispute and its major report; the office acknowledges it and gives guidance")
    func townshipBoard() async throws {
        try await withBrowser(.desktop(width: 1280, height: 1000)) { d, live in
            let red = try await Self.seed(live, as: "mediator", intake: Self.intake(summary: "扬言要动刀的宅基地纠纷", threat: true, category: "03"))
            _ = try await Self.seed(live, as: "mediator", intake: Self.intake(summary: "邻里噪音纠纷"))
            let accepted = try await Self.seed(live, as: "mediator", intake: Self.intake(summary: "拖欠工资纠纷", category: "10"))
            try await Self.append(live, accepted, as: "mediator", "accepted")
            try await d.logIn(live, as: "judicial")
            try await d.navigate(to: live.base + "/board")
            try await d.waitUntil("document.body.dataset.boardReady === 'true'")
            let redGroup = try await d.text(try await d.findElement(css: "#group-red"))
            #expect(redGroup.contains("扬言要动刀的宅基地纠纷"))
            let reports = try await d.findElements(css: "#major-reports li.report")
            #expect(reports.count == 1)
            #expect(try await d.text(reports[0]).contains("红色"))
            _ = try await d.screenshot(saveAs: "township-board")

            try await d.click(try await d.findElement(css: "#major-reports button.ack"))
            try await d.waitUntil("document.querySelectorAll('#major-reports li.report').length === 0")
            let report = try #require(try await MajorReportModel.query(on: live.app.db).filter(\.$disputeID == red).all()
                .first { $0.recipientPath.hasSuffix("/") && $0.acknowledgedAt != nil })
            #expect(report.acknowledgedBy != nil)

            // Guidance to the village committee from the board.
            let row = "#group-red li[data-dispute='\(red)']"
            try await d.click(try await d.findElement(css: row + " details.guide summary"))
            try await d.sendKeys(try await d.findElement(css: row + " textarea"), "请村调委会今天上门稳控，防止矛盾激化")
            try await d.click(try await d.findElement(css: row + " form button"))
            try await d.waitUntil("document.querySelector(\"\(row) [role=status]\").textContent === '已发送'")
            let events = try await DisputeStore(db: live.app.db).events(of: red)
            #expect(events.contains { $0.type == .guidanceGiven })
            _ = try await d.screenshot(saveAs: "township-board-after")
        }
    }

    @Test("The county bureau picks a township on the board; a township user picks the village on the intake form")
    func countyBoardAndTownshipIntake() async throws {
        try await withBrowser(.desktop(width: 1280, height: 900)) { d, live in
            _ = try await Self.seed(live, as: "mediator", intake: Self.intake(summary: "集体上访苗头的征地补偿纠纷", threat: true, category: "08"))
            try await d.logIn(live, as: "bureau")
            try await d.navigate(to: live.base + "/board")
            try await d.waitUntil("document.body.dataset.boardReady === 'true'")
            #expect(try await d.findElements(css: "select[name=orgUnit] option").count == 12)
            let township = try await live.app.db.query(OrgUnitModel.self).filter(\.$code == "130427100000").first()
            let tid = try #require(township?.id)
            try await Self.select(d, "select[name=orgUnit]", tid.uuidString)
            _ = try await d.executeScript("document.querySelector('select[name=orgUnit]').form.submit()")
            try await d.waitUntil("location.search.includes('orgUnit=') && document.body.dataset.boardReady === 'true'")
            #expect(try await d.text(try await d.findElement(css: "main h1")).contains("磁州镇"))
            #expect(try await d.text(try await d.findElement(css: "#group-red")).contains("集体上访苗头的征地补偿纠纷"))
            // The judicial office's report shows, marked as addressed to another unit.
            #expect(try await d.findElements(css: "#major-reports li.report").count >= 1)
            _ = try await d.screenshot(saveAs: "county-board-township")

            try await d.logOut()
            try await d.logIn(live, as: "judicial")
            try await d.navigate(to: live.base + "/disputes/new")
            try await d.waitUntil("document.getElementById('intake-form').dataset.ready === 'true'")
            let villages = try await d.findElements(css: "select#villageId option")
            #expect(villages.count > 10, "a township office chooses among its villages")
            _ = try await d.screenshot(saveAs: "intake-township-desktop")
        }
    }

    @Test("Detail page on a phone: masked parties, reveal, an action, and a 409 keeps the form")
    func detailOnPhone() async throws {
        try await withBrowser(.phone) { d, live in
            let id = try await Self.seed(live, as: "mediator", intake: Self.intake(summary: "院墙滴水纠纷"))
            try await d.logIn(live, as: "mediator")
            try await d.navigate(to: live.base + "/disputes")
            _ = try await d.screenshot(saveAs: "dispute-list-phone")
            try await d.navigate(to: live.base + "/disputes/\(id)")
            try await d.waitUntil("document.getElementById('dispute').dataset.ready === 'true'")
            let parties = try await d.text(try await d.findElement(css: "#parties-list"))
            #expect(!parties.contains("130427198001010014") && !parties.contains("13812345678"))
            let fits = try await d.executeScript("return document.documentElement.scrollWidth <= window.innerWidth")
            #expect(fits.boolValue == true, "the detail page must not scroll sideways on a phone")
            _ = try await d.screenshot(saveAs: "dispute-detail-phone")

            try await d.click(try await d.findElement(css: "#reveal"))
            try await d.waitUntil("document.querySelector('#parties-list .id').textContent === '130427198001010014'")

            // Accept through the form: the page reloads at the next stage.
            _ = try await d.executeScript("document.querySelector('form[data-event=accepted]').closest('details').open = true")
            try await d.click(try await d.findElement(css: "form[data-event=accepted] button"))
            try await d.waitUntil("document.getElementById('stage-label') && document.getElementById('stage-label').textContent === '已受理'", timeout: .seconds(15))

            // Someone else records a session meanwhile: our comment gets 409 and keeps its text.
            try await d.waitUntil("document.getElementById('dispute').dataset.ready === 'true'")
            try await Self.append(live, id, as: "judicial", "comment_added", #"{"text":"司法所已关注"}"#)
            let form = "form[data-event=comment_added]"
            _ = try await d.executeScript("document.querySelector(arguments[0]).closest('details').open = true", args: [.string(form)])
            try await d.sendKeys(try await d.findElement(css: form + " textarea"), "已电话联系双方")
            try await d.click(try await d.findElement(css: form + " button"))
            _ = try await d.waitForElement(css: "#conflict", visible: true)
            #expect(try await d.text(try await d.findElement(css: "#conflict")).contains("记录已被他人更新，请刷新"))
            #expect(try await d.text(try await d.findElement(css: form + " .form-status")).contains("记录已被他人更新"))
            #expect(try await d.executeScript("return document.querySelector(arguments[0]).value", args: [.string(form + " textarea")]).stringValue == "已电话联系双方")
            _ = try await d.screenshot(saveAs: "dispute-detail-conflict")
        }
    }

    @Test("From the detail page: judicial confirmation asked and decided, risk raised by hand, police notified")
    func rarerStepsOnDetail() async throws {
        try await withBrowser(.phone) { d, live in
            let id = try await Self.seed(live, as: "mediator", intake: Self.intake(summary: "承包地边界纠纷"))
            try await Self.append(live, id, as: "mediator", "accepted")
            try await Self.append(live, id, as: "mediator", "session_held",
                                  #"{"time":"2026-03-03T01:00:00Z","place":"村调解室","participants":["王建国","赵秀英"],"record":"双方认可以老界石为准","outcome":"succeeded"}"#)
            // The agreement takes effect today, so the 30-day window for judicial confirmation is open.
            let today = ISO8601DateFormatter().string(from: live.app.clock.now())
            try await Self.append(live, id, as: "mediator", "agreement_signed",
                                  #"{"form":"written","parties":["王建国","赵秀英"],"facts":"两家承包地边界不清。","responsibilities":"双方各半。","terms":"以老界石为准重新埋桩。","performanceManner":"双方到场","effectiveDate":"\#(today)"}"#)
            try await d.logIn(live, as: "mediator")
            try await d.navigate(to: live.base + "/disputes/\(id)")
            try await d.waitUntil("document.getElementById('dispute').dataset.ready === 'true'")
            #expect(try await d.findElements(css: "form[data-event=judicial_confirmation_decided]").isEmpty, "nothing to decide before a request")

            func submit(_ event: String, fill: (String) async throws -> Void = { _ in }) async throws {
                let form = "form[data-event=\(event)]"
                try await d.waitUntil("document.getElementById('dispute').dataset.ready === 'true'")
                _ = try await d.executeScript("document.querySelector(arguments[0]).closest('details').open = true", args: [.string(form)])
                try await fill(form)
                try await d.click(try await d.findElement(css: form + " button"))
            }
            try await submit("judicial_confirmation_requested")
            try await d.waitUntil("(document.getElementById('judicial-confirmation') || {}).textContent?.includes('待法院裁定')", timeout: .seconds(15))
            #expect(try await d.findElements(css: "form[data-event=judicial_confirmation_requested]").isEmpty, "asked once")
            try await submit("judicial_confirmation_decided") { form in
                try await Self.select(d, form + " select", "true")
                try await d.sendKeys(try await d.findElement(css: form + " input[name='payload.note']"), "（2026）冀0427民特12号")
            }
            try await d.waitUntil("(document.getElementById('judicial-confirmation') || {}).textContent?.includes('已确认有效')", timeout: .seconds(15))

            try await submit("risk_overridden") { form in
                try await Self.select(d, form + " select", "orange")
                try await d.sendKeys(try await d.findElement(css: form + " textarea"), "一方扬言上访，需重点稳控")
            }
            try await d.waitUntil("(document.getElementById('risk-override') || {}).textContent?.includes('橙色')", timeout: .seconds(15))
            #expect(try await d.text(try await d.findElement(css: ".badges .risk-badge")) == "橙色")
            try await submit("police_notified") { form in
                try await d.sendKeys(try await d.findElement(css: form + " textarea"), "已通报城关派出所，防止民转刑")
            }
            try await d.waitUntil("!!document.getElementById('police-notified')", timeout: .seconds(15))

            // Ask one of the county's lawyers to consult.
            let lawyer = try await Self.caller(live, "lawyer")
            let ask = "form[data-event=consultation]"
            try await d.waitUntil("document.getElementById('dispute').dataset.ready === 'true'")
            _ = try await d.executeScript("document.querySelector(arguments[0]).closest('details').open = true", args: [.string(ask)])
            try await Self.select(d, ask + " select", lawyer.userID.uuidString)
            try await d.sendKeys(try await d.findElement(css: ask + " textarea"), "界石位置有争议时以何为准？")
            try await d.click(try await d.findElement(css: ask + " button"))
            try await d.waitUntil("!!document.querySelector('#timeline .ev-assigned')", timeout: .seconds(15))
            #expect(try await d.text(try await d.findElement(css: "#timeline .ev-assigned")).contains("界石位置有争议时以何为准？"))
            _ = try await d.screenshot(saveAs: "dispute-detail-rarer-steps")

            let state = try DisputeStore(db: live.app.db).state(of: try #require(try await DisputeModel.find(id, on: live.app.db)))
            #expect(state.judicialConfirmation?.confirmed == true && state.judicialConfirmation?.court == "磁县人民法院")
            #expect(state.riskLevel == .orange && state.policeNotifiedAt != nil)
            #expect(state.assignments.map(\.userId) == [lawyer.userID])

            // The lawyer finds the question on the home page and answers with a comment.
            try await d.logOut()
            try await d.logIn(live, as: "lawyer")
            let asked = try await d.text(try await d.findElement(css: "#consultations"))
            #expect(asked.contains("承包地边界纠纷") && asked.contains("界石位置有争议时以何为准？"))
            _ = try await d.screenshot(saveAs: "lawyer-home")
            try await d.click(try await d.findElement(css: "#consultations a"))
            try await d.waitUntil("document.getElementById('dispute') && document.getElementById('dispute').dataset.ready === 'true'")
            #expect(try await d.findElements(css: "form[data-event=consultation], form[data-event=accepted]").isEmpty)
            let comment = "form[data-event=comment_added]"
            _ = try await d.executeScript("document.querySelector(arguments[0]).closest('details').open = true", args: [.string(comment)])
            try await d.sendKeys(try await d.findElement(css: comment + " textarea"), "以双方共同认可的老界石为准，可申请司法确认。")
            try await d.click(try await d.findElement(css: comment + " button"))
            try await d.waitUntil("!!document.querySelector('#timeline .ev-comment_added')", timeout: .seconds(15))
            #expect(try await DisputeStore(db: live.app.db).events(of: id).last?.actorUserId == lawyer.userID)
            // Raising it to orange by hand reported it at once to the township office and the bureau.
            #expect(try await MajorReportModel.query(on: live.app.db).filter(\.$disputeID == id).count() == 2)
        }
    }

    @Test("A busy board shows the first 50 of a group and links to the whole list, which keeps the board's filter")
    func busyBoardLinksToList() async throws {
        try await withBrowser(.desktop(width: 1280, height: 1000)) { d, live in
            for k in 0..<52 { _ = try await Self.seed(live, as: "mediator", intake: Self.intake(summary: "邻里纠纷第\(k)件")) }
            try await d.logIn(live, as: "judicial")
            try await d.navigate(to: live.base + "/board")
            try await d.waitUntil("document.body.dataset.boardReady === 'true'")
            #expect(try await d.findElements(css: "#group-blue li.dispute-row").count == 50)
            let more = try await d.findElement(css: "#group-blue p.more a")
            #expect(try await d.text(more).contains("查看全部 52 件"))
            _ = try await d.executeScript("document.querySelector('#group-blue p.more').scrollIntoView()")
            _ = try await d.screenshot(saveAs: "township-board-busy")
            try await d.click(more)
            try await d.waitUntil("location.pathname === '/disputes' && !!document.getElementById('kept-filters')")
            let kept = try await d.text(try await d.findElement(css: "#kept-filters"))
            #expect(kept.contains("磁州镇") && kept.contains("在办"))
            #expect(try await d.text(try await d.findElement(css: "main")).contains("共 52 件"))
            // Narrowing by stage stays inside the board's township and "open".
            try await Self.select(d, "#filters select[name=stage]", "registered")
            _ = try await d.executeScript("document.getElementById('filters').submit()")
            try await d.waitUntil("location.search.includes('stage=registered') && location.search.includes('open=true') && location.search.includes('orgUnit=')")
            #expect(try await d.text(try await d.findElement(css: "main")).contains("共 52 件"))
            _ = try await d.screenshot(saveAs: "dispute-list-from-board")
        }
    }

    @Test("A printable A4 agreement of a dispute walked to agreed, and its case-file cover")
    func printableAgreement() async throws {
        try await withBrowser(.desktop(width: 794, height: 1123)) { d, live in
            let id = try await Self.seed(live, as: "mediator", intake: Self.intake(summary: "院墙滴水导致墙体受潮"))
            try await Self.append(live, id, as: "mediator", "accepted")
            try await Self.append(live, id, as: "mediator", "session_held",
                                  #"{"time":"2026-03-03T01:00:00Z","place":"三里屯村调解室","participants":["王建国","赵秀英","调解员"],"record":"双方同意由赵秀英改造排水","outcome":"succeeded"}"#)
            try await Self.append(live, id, as: "mediator", "agreement_signed",
                                  #"{"form":"written","parties":["王建国","赵秀英"],"facts":"赵秀英家院墙滴水致王建国家墙体受潮。","responsibilities":"赵秀英承担主要责任。","terms":"一、赵秀英于十日内自费改造排水管；\n二、赵秀英赔偿王建国墙面修补费 800 元。","performanceManner":"自行施工，现金支付","performanceDeadline":"2026-03-15T00:00:00Z","effectiveDate":"2026-03-05T00:00:00Z","amount":800}"#)
            try await d.logIn(live, as: "mediator")
            try await d.navigate(to: live.base + "/disputes/\(id)/file")
            #expect(try await d.findElements(css: "#file-index tbody tr").count == 6)
            _ = try await d.screenshot(saveAs: "case-file-cover")
            try await d.navigate(to: live.base + "/disputes/\(id)/file/agreement")
            try await d.cdp("Emulation.setEmulatedMedia", ["media": .string("print")])
            let text = try await d.text(try await d.findElement(css: "#document"))
            #expect(text.contains("人民调解协议书") && text.contains("墙面修补费 800 元") && text.contains("130427********0014"))
            #expect(!text.contains("130427198001010014"))
            #expect(try await d.executeScript("return getComputedStyle(document.querySelector('.topbar')).display").stringValue == "none")
            // Screen emulation has no @page box: draw its 20 mm margin so the shot looks like the sheet.
            _ = try await d.executeScript("document.body.style.padding = '20mm'")
            _ = try await d.screenshot(saveAs: "agreement-print")
            try await d.cdp("Emulation.setEmulatedMedia", ["media": .string("")])
            // The other documents of the file open too, each with its title and the parties.
            for (doc, title) in [("application", "人民调解申请书"), ("rights", "权利义务告知书"), ("investigation", "调查记录"),
                                 ("mediation", "人民调解记录"), ("followup", "回访记录")] {
                try await d.navigate(to: live.base + "/disputes/\(id)/file/\(doc)")
                let page = try await d.text(try await d.findElement(css: "#document"))
                #expect(page.contains(title), "\(doc)")
                if doc == "mediation" { #expect(page.contains("双方同意由赵秀英改造排水")) }
            }
            _ = try await d.screenshot(saveAs: "case-file-mediation")
        }
    }
}

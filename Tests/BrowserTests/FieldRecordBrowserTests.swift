import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import Testing

/// #11 P10 in headless Chromium: a person check recorded on the officer's phone with no signal
/// waits in the queue (the card and the bar say so, the server has nothing), is sent once when the
/// signal returns (a second send of the same entry changes nothing), and shows in today's list;
/// the station commander's ledger shows it with the ID number masked, revealed by one audited tap.
@Suite("Field records on the phone and the ledger in Chromium", .serialized)
struct FieldRecordBrowserTests {
    static let number = "13042719850615231" + String(ChineseIDNumber.checkCharacter(for: "13042719850615231"))

    @Test("A field check recorded offline on the phone is queued, sent once on reconnect, and shown masked in the ledger")
    func offlineCheckToLedger() async throws {
        try await withBrowser(.desktop(width: 1400, height: 900)) { d, live in
            let db = live.app.db
            // A phone's screen first; the ledger is desk-sized.
            try await d.setViewport(width: 412, height: 915)
            try await d.logIn(live, as: "patrol")
            try await d.cdp("Browser.grantPermissions", ["origin": .string(live.base), "permissions": ["geolocation"]])
            try await d.navigate(to: live.base + PatrolRoutes.phonePage.link())
            try await d.waitUntil(PatrolPhoneBrowserTests.ready)
            let first = try await d.findElement(css: ".unit-button")
            let unitText = try #require(try await d.attribute(first, "data-unit-id"))
            let unitID = try #require(UUID(uuidString: unitText))
            try await d.click(first)
            try await d.waitUntil(PatrolPhoneBrowserTests.onShift, timeout: .seconds(30))
            try await d.cdp("Emulation.setGeolocationOverride", ["latitude": 36.3720, "longitude": 114.3820, "accuracy": 12])
            try await d.waitUntil(PatrolPhoneBrowserTests.writesQueued(0), timeout: .seconds(20))
            try await d.waitUntil("!!(JSON.parse(localStorage.getItem('pingan.patrol.phone.v1') || '{}').position)", timeout: .seconds(30))
            try await d.waitUntil("document.getElementById('phone-field-records').hidden === false && document.getElementById('phone-field-records').dataset.ready === 'true'")
            let before = try await FieldRecordModel.query(on: db).count()

            // No signal: the record waits on the phone.
            try await d.setOffline(true)
            try await d.waitUntil("document.getElementById('net-state').textContent.indexOf('离线') === 0", timeout: .seconds(15))
            _ = try await d.executeScript("const k = document.getElementById('fr-kind'); k.value = 'person_check'; k.dispatchEvent(new Event('change', { bubbles: true }))")
            // Only this kind's fields are shown.
            let fields = try await d.executeScript("return [...document.querySelectorAll('#fr-fields input, #fr-fields select')].map(e => e.id)")
            #expect(fields.arrayValue?.compactMap(\.stringValue) == ["fr-personName", "fr-idNumber"], "\(fields)")
            try await d.sendKeys(try await d.findElement(css: "#fr-personName"), "张三")
            // A slip in the check character is caught on the phone, before it waits in the queue.
            let slip = String(Self.number.dropLast()) + (Self.number.last == "1" ? "2" : "1")
            try await d.sendKeys(try await d.findElement(css: "#fr-idNumber"), slip)
            try await d.click(try await d.findElement(css: "#fr-save"))
            #expect(try await d.text(try await d.findElement(css: "#fr-error")).contains("校验位"))
            try await d.clear(try await d.findElement(css: "#fr-idNumber"))
            try await d.sendKeys(try await d.findElement(css: "#fr-idNumber"), Self.number.lowercased())
            try await d.sendKeys(try await d.findElement(css: "#fr-placeLabel"), "滏阳大街路口")
            try await d.click(try await d.findElement(css: "#fr-save"))
            try await d.waitUntil("document.getElementById('fr-waiting').dataset.count === '1'", timeout: .seconds(15))
            let queued = try await d.executeScript("return JSON.parse(localStorage.getItem('pingan.queue.v1')).filter(e => e.kind === 'field-record').map(e => e.id)")
            let ids = queued.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(ids.count == 1, "\(queued)")
            let recordID = try #require(ids.first.flatMap(UUID.init(uuidString:)))
            let line = try await d.text(try await d.findElement(css: "#queue-line"))
            #expect(line.contains("待发送 1 条"), "the bar counts it: \(line)")
            #expect(try await d.text(try await d.findElement(css: "#fr-waiting")) == "待发送现场记录 1 条")
            #expect(try await d.text(try await d.findElement(css: "#fr-today li.waiting")).contains("盘查人员"))
            try await Task.sleep(for: .seconds(1))
            let whileOffline = try await FieldRecordModel.query(on: db).count()
            #expect(try await FieldRecordModel.find(recordID, on: db) == nil, "nothing reaches the server with no signal")
            #expect(whileOffline == before)
            // The bar (离线, 待发送) and the card in one view.
            _ = try await d.executeScript("window.scrollTo(0, 0)")
            try await d.screenshot(saveAs: "field-record-phone-queued")

            // The signal returns: sent once, the list shows it from the server.
            try await d.setOffline(false)
            try await d.waitUntil("document.getElementById('fr-waiting').dataset.count === '0'", timeout: .seconds(30))
            try await d.waitUntil(PatrolPhoneBrowserTests.writesQueued(0), timeout: .seconds(30))
            try await d.waitUntil("!!document.querySelector('#fr-today li.sent[data-id=\"\(recordID.uuidString.lowercased())\"], #fr-today li.sent[data-id=\"\(recordID.uuidString)\"]')",
                                  timeout: .seconds(20))
            let stored = try #require(try await FieldRecordModel.find(recordID, on: db))
            #expect(stored.kind == "person_check" && stored.idNumber == Self.number && stored.unitID == unitID && stored.placeLabel == "滏阳大街路口")
            #expect(try await FieldRecordModel.query(on: db).count() == before + 1, "exactly one row")
            // The same entry sent again (a lost answer) is answered from the stored record: still one row.
            let resent = try await d.evaluate("""
                fetch('/api/v1/units/\(unitID.uuidString.lowercased())/field-records', { method: 'POST', credentials: 'same-origin',
                  headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content },
                  body: JSON.stringify({ id: '\(recordID.uuidString)', kind: 'person_check', personName: '张三', idNumber: '\(Self.number)', lat: 36.372, lon: 114.382 }) })
                  .then(r => r.status)
                """)
            #expect(resent.doubleValue == 200, "\(resent)")
            #expect(try await FieldRecordModel.query(on: db).count() == before + 1)
            let item = try await d.text(try await d.findElement(css: "#fr-today li.sent"))
            #expect(item.contains("张三") && item.contains("130427********") && !item.contains(Self.number), "masked on the phone too: \(item)")
            _ = try await d.executeScript("window.scrollTo(0, 0)")
            try await d.screenshot(saveAs: "field-record-phone-sent")

            // The station commander's ledger: the record, masked; one tap reveals it, audited.
            try await d.logOut()
            try await d.setViewport(width: 1400, height: 900)
            try await d.logIn(live, as: "commander")
            try await d.click(try await d.findElement(css: "header nav a[href='/patrol/field-records']"))
            try await d.waitUntil("document.getElementById('field-ledger')?.dataset.ready === 'true'")
            let row = try await d.waitForElement(css: "#ledger-table tr[data-id=\"\(recordID.uuidString)\"]")
            let text = try await d.text(row)
            #expect(text.contains("盘查人员") && text.contains("张三") && text.contains("130427********" + Self.number.suffix(4)) && !text.contains(Self.number),
                    "\(text)")
            #expect(try await d.text(try await d.findElement(css: "#ledger-counts")).contains("盘查人员"))
            try await d.screenshot(saveAs: "field-record-ledger")
            try await d.click(try await d.findElement(css: "tr[data-id=\"\(recordID.uuidString)\"] button.reveal-id"))
            try await d.waitUntil("!!document.querySelector('tr[data-id=\"\(recordID.uuidString)\"] td.id-cell.revealed')", timeout: .seconds(15))
            #expect(try await d.text(try await d.findElement(css: "tr[data-id=\"\(recordID.uuidString)\"] .id-number")) == Self.number)
            let reveals = try await AuditRecordModel.query(on: db).filter(\.$action == "reveal").filter(\.$entityType == "field_record").all()
            #expect(reveals.count == 1 && reveals.first?.actorUsername == "commander")
        }
    }
}

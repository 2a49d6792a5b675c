import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor

/// #11 P7 in headless Chromium: the video-patrol officer raises a notice on the command map with a
/// photo and a place picked on the map; the officer on duty in that grid gets it on the phone with
/// its photo and taps 收到 with no signal (it waits in the offline queue and is sent once on
/// reconnect); the command map then shows it acknowledged.
@Suite("Video notices in Chromium", .serialized)
struct VideoPatrolBrowserTests {
    /// A 160×100 PNG of a red car with a blue plate.
    static let carPNG = "iVBORw0KGgoAAAANSUhEUgAAAKAAAABkCAIAAACO1KzYAAABkklEQVR42u3WsVHEQAxAURXh2OVQEzExMZUQE19CB8TUQXoBDNxa5qTdt/NDBxo979jx9v6hiQsrACzAAizAAizAAgxYgAVYgAVYgAUYsAALsAALsAALsAADFmABFmAB/rbXbTs7wDPrdjcOunMbAwbcQffl8vmXhp/vaxzr6A4AT2Ac6+iOAXc3ju7f3f8H7mUc61zfYeDWlzjW0T0C3Nc41tE9CNzUONbRPQ7c0Tim/7E6Fbi+caxzfVOA213iWEc3C7iXcayjmwjcyDgafXqLNz9wO5IVXhfAgAEDBgxYgAUYMGDAgAEDBgwYsAALMGDAgBcB3h4uWQEGDBgw4Ov2n09x4OOTzw+8/3bKAqdMPjPwfsspBZw4OWDAPYH3208R4NzJ5wTeR8/dgdMnB5zza5oVYMBlgB+fnrMCnDh5FgpgwKc1vKY7ztxucsCArQkwYMBpm7q7bq/Jo9emiug2mhww4BrLKkXbaPJosamyuvUnj+K7E2ABBizAAizAAizAAizAgAVYgAVYgAVYgNfrC1m4KTCqJQ2bAAAAAElFTkSuQmCC"

    @Test("A notice raised on the command map is acknowledged on the phone, and the command map shows it acknowledged")
    func raiseAndAcknowledge() async throws {
        try await withBrowser(.desktop(width: 1400, height: 950)) { d, live in
            let db = live.app.db
            // The demo officer is on 城关派出所's first unit, so a notice to its grid reaches that unit only.
            let grid = try #require(try await OrgUnitModel.query(on: db).filter(\.$code == "130427000000-GAJ-PCS01-WG").first())
            let shape = try #require(grid.geometry)
            let anchor = try #require(try JSONDecoder().decode(UnitGeometry.self, from: Data(shape.utf8)).anchor)
            let unit = try #require(try await PatrolUnitModel.query(on: db).filter(\.$homeGridOrgUnitID == grid.requireID()).sort(\.$callSign).first())
            let officer = try #require(try await UserModel.query(on: db).filter(\.$username == "patrol").first())
            _ = try await UnitStore(db: db).signOn(shiftID: UUID(), unit: unit, officer: try officer.requireID(), at: Date(), now: Date())
            let photo = FileManager.default.temporaryDirectory.appendingPathComponent("video-notice-\(UUID()).png")
            try #require(Data(base64Encoded: Self.carPNG)).write(to: photo)
            defer { try? FileManager.default.removeItem(at: photo) }

            // The video-patrol officer raises it on the command map.
            try await d.logIn(live, as: "video")
            try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
            try await d.waitUntil("document.getElementById('video-notices')?.dataset.ready === 'true'", timeout: .seconds(90))
            try await d.click(try await d.findElement(css: "#video-raise summary"))
            _ = try await d.executeScript("document.getElementById('video-kind').value = 'vehicle'")
            try await d.sendKeys(try await d.findElement(css: "#video-plate"), "冀D·7K321")
            try await d.sendKeys(try await d.findElement(css: "#video-description"), "红色两厢轿车，车头左侧有刮痕，驾驶人戴黑色棒球帽，由南向北驶离")
            try await d.sendKeys(try await d.findElement(css: "#video-place"), "城关镇光明路口")
            try await d.click(try await d.findElement(css: "#video-pick"))
            _ = try await d.executeScript("window.pinganCommandMap.fire('click', { latlng: L.latLng(arguments[0], arguments[1]) })",
                                          args: [.number(anchor.lat), .number(anchor.lon)])
            try await d.waitUntil("document.querySelector('#video-grids input[value=\"\(try grid.requireID())\"]')?.checked === true")
            try await d.sendKeys(try await d.findElement(css: "#video-photo"), photo.path)
            try await d.click(try await d.findElement(css: "#video-submit"))
            try await d.waitUntil("document.getElementById('video-state').textContent.startsWith('已发布')", timeout: .seconds(30))
            let notice = try #require(try await VideoNoticeModel.query(on: db).first())
            let id = try notice.requireID()
            #expect(notice.plate == "冀D·7K321" && notice.photoType == "image/png")
            #expect(try await VideoNoticePhotoModel.find(id, on: db)?.bytes == Data(base64Encoded: Self.carPNG))
            #expect(try await VideoNoticeRecipientModel.query(on: db).all().map(\.unitID) == [try unit.requireID()])
            let item = try await d.waitForElement(css: ".video-notice[data-notice=\"\(id)\"]")
            let text = try await d.text(item)
            #expect(text.contains("未签收") && text.contains("0/1") && text.contains(unit.callSign), "\(text)")
            try await d.waitUntil("document.querySelector('.video-notice img.video-photo')?.naturalWidth === 160")
            // The form folds away; the notice on the map among the cameras, zoomed in to its place.
            #expect(try await d.executeScript("return document.getElementById('video-raise').open").boolValue == false)
            try await d.click(try await d.findElement(css: "#camera-toggle"))
            try await d.waitUntil("document.querySelectorAll('.camera-marker').length >= 30")
            try await d.click(try await d.findElement(css: ".video-notice .video-locate"))
            try await d.waitUntil("document.querySelector('.cameras-labelled') !== null && document.querySelectorAll('path.video-notice-marker').length === 1")
            _ = try await d.executeScript("document.getElementById('video-notices').scrollIntoView({ block: 'start' })")
            _ = try await d.screenshot(saveAs: "video-notice-command")

            // The officer on the unit gets it on the phone, photo and all, and taps 收到.
            try await d.logOut()
            try await d.setViewport(width: 412, height: 915)
            try await d.logIn(live, as: "patrol")
            try await d.navigate(to: live.base + PatrolRoutes.phonePage.link())
            try await d.waitUntil(PatrolPhoneBrowserTests.ready)
            let card = try await d.waitForElement(css: "#phone-notices .video-card[data-notice=\"\(id)\"]", timeout: .seconds(60))
            #expect(try await d.text(card).contains("红色两厢轿车"))
            try await d.waitUntil("document.querySelector('#phone-notices img.notice-photo')?.naturalWidth === 160")
            try await d.waitUntil("document.getElementById('phone-app').dataset.noticeAlerting === 'true'")
            _ = try await d.executeScript("document.getElementById('phone-notices').scrollIntoView({ block: 'start' })")
            _ = try await d.screenshot(saveAs: "video-notice-phone")
            // With no signal: the card says 已收到 at once and the alert stops; the tap waits on the phone.
            try await d.setOffline(true)
            try await d.click(try await d.findElement(css: "#phone-notices .notice-ack"))
            try await d.waitUntil("document.getElementById('phone-app').dataset.noticeAlerting === 'false'", timeout: .seconds(10))
            try await d.waitUntil("document.querySelector('#phone-notices .notice-state')?.textContent.includes('待发送') === true")
            try await d.waitUntil(PatrolPhoneBrowserTests.writesQueued(1))
            #expect(try await VideoNoticeRecipientModel.query(on: db).first()?.acknowledgedAt == nil, "nothing reaches the server offline")
            // Back online, it is sent once.
            try await d.setOffline(false)
            try await d.waitUntil(PatrolPhoneBrowserTests.nothingQueued, timeout: .seconds(30))
            let row = try #require(try await VideoNoticeRecipientModel.query(on: db).first())
            #expect(row.acknowledgedAt != nil && row.acknowledgedBy == officer.id, "stored once, by the officer")

            // Back on the command map: acknowledged by its one unit.
            try await d.logOut()
            try await d.setViewport(width: 1400, height: 950)
            try await d.logIn(live, as: "video")
            try await d.navigate(to: live.base + PatrolRoutes.commandPage.link())
            let done = try await d.waitForElement(css: ".video-notice.complete[data-notice=\"\(id)\"]", timeout: .seconds(90))
            let doneText = try await d.text(done)
            #expect(doneText.contains("1/1") && doneText.contains("已签收") && !doneText.contains("未签收"), "\(doneText)")
            _ = try await d.executeScript("document.getElementById('video-notices').scrollIntoView({ block: 'start' })")
            _ = try await d.screenshot(saveAs: "video-notice-acknowledged")
        }
    }
}

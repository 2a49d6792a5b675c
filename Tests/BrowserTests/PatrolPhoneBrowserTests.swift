import Fluent
import Foundation
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
@testable import ServerCore
import Testing

/// 巡逻勤务 on a phone (#9): one-tap status on loopback, and the installable page over HTTPS
/// through nginx losing its signal — reloaded with no signal it opens from the service worker with
/// its queue, and on reconnect the taps and fixes are sent and stored once.
@Suite("Patrol phone page in Chromium", .serialized)
struct PatrolPhoneBrowserTests {
    static let ready = "document.getElementById('phone-app') !== null && document.getElementById('phone-app').dataset.ready === 'true'"
    static let onShift = "document.getElementById('on-shift').hidden === false"
    static func writesQueued(_ n: Int) -> String { "document.getElementById('queue-line').dataset.writes === '\(n)'" }
    static let nothingQueued = "document.getElementById('queue-line').dataset.writes === '0' && document.getElementById('queue-line').dataset.fixes === '0'"

    static func unit(_ live: LiveApp, _ id: String) async throws -> PatrolUnitModel {
        try #require(try await PatrolUnitModel.find(try #require(UUID(uuidString: id)), on: live.app.db))
    }
    static func changes(_ live: LiveApp, _ unit: UUID) async throws -> [PatrolStatusChangeModel] {
        try await PatrolStatusChangeModel.query(on: live.app.db).filter(\.$unitID == unit).sort(\.$at).all()
    }
    static func fixTimes(_ live: LiveApp, _ unit: UUID) async throws -> [Int64] {
        try await FixStore(db: live.app.db).track(unit: unit, from: .distantPast, to: .distantFuture)
            .map { Int64(($0.fix.at.timeIntervalSince1970 * 1000).rounded()) }
    }

    /// Waits (polling the database) until `condition` holds.
    static func eventually(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
        let clock = ContinuousClock(), deadline = clock.now.advanced(by: timeout)
        while try await !condition() {
            if clock.now >= deadline { throw WebDriverError.timeout(what) }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test("On loopback, while the simulator drives other stations' units: the menu leads to 巡逻勤务; one tap signs on, one tap changes the status, and the new status shows")
    func oneTapStatus() async throws {
        try await withBrowser(.phone) { d, live in
            // The county is alive meanwhile (#9 acceptance 6): four units of other stations report.
            let home = try #require(try await OrgUnitModel.query(on: live.app.db).filter(\.$code == "130427000000-GAJ-PCS01").first())
            let others = try await PatrolUnitModel.query(on: live.app.db).filter(\.$stationOrgUnitID != home.requireID()).sort(\.$callSign).limit(4).all()
            try await PatrolBrowserTests.whileSimulating(live, units: others.count, only: Set(others.map(\.callSign))) { driven, _ in
                #expect(driven.count == others.count)
                try await d.logIn(live, as: "patrol")
                try await d.click(try await d.findElement(css: "header nav a[href='/patrol/phone']"))
                try await d.waitUntil(Self.ready)
                // Not on shift: the station's units, nothing else.
                let buttons = try await d.findElements(css: ".unit-button")
                let station = try await live.app.db.query(OrgUnitModel.self).filter(\.$code == "130427000000-GAJ-PCS01").first()
                let stationUnits = try await PatrolUnitModel.query(on: live.app.db).filter(\.$stationOrgUnitID == station!.id!).count()
                #expect(buttons.count == stationUnits && stationUnits > 0, "\(buttons.count) buttons for \(stationUnits) units of the station")
                #expect(try await d.executeScript("return document.getElementById('on-shift').hidden").boolValue == true)

                let first = buttons[0]
                let unitID = try #require(try await d.attribute(first, "data-unit-id"))
                let callSign = try #require(try await d.attribute(first, "data-call-sign"))
                try await d.click(first)
                try await d.waitUntil(Self.onShift, timeout: .seconds(30))
                #expect(try await d.text(try await d.findElement(css: "#call-sign")) == callSign)
                try await d.waitUntil(Self.writesQueued(0), timeout: .seconds(15))
                #expect(try await Self.unit(live, unitID).status == "available")
                #expect(try await d.text(try await d.findElement(css: "#status-badge")) == PatrolUnitStatus.available.label)
                // The phone's own device token, fetched once signed on.
                // Generous: on a loaded CI machine the token's round trip has taken more than 10 s.
                try await d.waitUntil("(JSON.parse(localStorage.getItem('pingan.patrol.devices.v1') || '{}')['\(unitID)'] || '').startsWith('pd_')",
                                      timeout: .seconds(40))

                // The next statuses are big buttons; going off duty is not one of them (that is signing off).
                let next = try await d.executeScript("return [...document.querySelectorAll('#next-status button')].map(b => b.dataset.status)")
                #expect(next.arrayValue?.compactMap(\.stringValue) == ["en_route", "out_of_service"], "\(next)")
                try await d.click(try await d.findElement(css: "#next-status button[data-status=en_route]"))
                #expect(try await d.text(try await d.findElement(css: "#status-badge")) == PatrolUnitStatus.enRoute.label)
                try await d.waitUntil(Self.writesQueued(0), timeout: .seconds(15))
                #expect(try await Self.unit(live, unitID).status == "en_route")
                let badgeColour = try await d.executeScript("return getComputedStyle(document.getElementById('status-badge')).backgroundColor")
                #expect(badgeColour.stringValue == "rgb(239, 108, 0)", "en_route is #ef6c00: \(badgeColour)")
                // Next taps from en_route.
                let after = try await d.executeScript("return [...document.querySelectorAll('#next-status button')].map(b => b.dataset.status)")
                #expect(after.arrayValue?.compactMap(\.stringValue) == ["on_scene", "available"], "\(after)")

                // A reload shows the server's record: the shift and the new status.
                try await d.refresh()
                try await d.waitUntil(Self.ready)
                try await d.waitUntil(Self.onShift, timeout: .seconds(30))
                #expect(try await d.text(try await d.findElement(css: "#status-badge")) == PatrolUnitStatus.enRoute.label)
                try await d.screenshot(saveAs: "patrol-phone-loopback-en-route")

                // Signing off takes two taps and puts the unit off duty.
                try await d.click(try await d.findElement(css: "#sign-off"))
                #expect(try await d.executeScript("return document.getElementById('on-shift').hidden").boolValue == false, "one tap only arms it")
                try await d.click(try await d.findElement(css: "#sign-off"))
                try await d.waitUntil("document.getElementById('off-shift').hidden === false")
                try await d.waitUntil(Self.writesQueued(0), timeout: .seconds(15))
                #expect(try await Self.unit(live, unitID).status == "off_duty")
                let stored = try await Self.changes(live, try #require(UUID(uuidString: unitID))).map(\.toStatus)
                #expect(stored == ["available", "en_route", "off_duty"], "\(stored)")
                // The simulated units reported all along.
                for unit in driven { #expect(try await !Self.fixTimes(live, unit.unitID).isEmpty, "\(unit.callSign) reported") }
            }
        }
    }

    @Test("Over HTTPS through nginx: with no signal the page reloads from the service worker and keeps its queue; on reconnect each tap and fix is stored once")
    func offlineOverHTTPS() async throws {
        guard NginxTLS.isAvailable else {
            try #require(!WebDriver.isRequired, "PINGAN_REQUIRE_BROWSER=1 but nginx/openssl are missing")
            return
        }
        // A name that is not loopback: the page is a secure context only because it is HTTPS.
        let host = "pingan.test"
        try await withBrowser(.phone, extraArguments: ["--ignore-certificate-errors", "--host-resolver-rules=MAP \(host) 127.0.0.1"]) { d, live in
            let upstream = try #require(live.app.http.server.shared.localAddress?.port)
            let nginx = try NginxTLS(hostname: host, upstreamPort: upstream)
            defer { nginx.remove() }
            try await nginx.start()
            do {
                try await Self.offlineRun(d, live: live, nginx: nginx)
                await nginx.stop()
            } catch {
                await nginx.stop()
                Issue.record("nginx error log: \(nginx.errorLog.suffix(1500))")
                throw error
            }
        }
    }

    @Test("The sample nginx configuration in deploy/nginx is valid nginx (nginx -t), with its WebSocket location")
    func sampleConfig() async throws {
        guard NginxTLS.isAvailable else {
            try #require(!WebDriver.isRequired, "PINGAN_REQUIRE_BROWSER=1 but nginx/openssl are missing")
            return
        }
        let sample = try String(contentsOf: WebDriver.packageRoot.appendingPathComponent("deploy/nginx/pingan.conf"), encoding: .utf8)
        #expect(sample.contains("location /api/v1/live") && sample.contains("proxy_set_header Upgrade"))
        let scratch = try NginxTLS(hostname: "pingan.test", upstreamPort: 8080)
        defer { scratch.remove() }
        let d = scratch.dir.path
        // The county's paths and ports become the scratch directory's.
        let server = sample.replacingOccurrences(of: "/etc/ssl/pingan/fullchain.pem", with: "\(d)/cert.pem")
            .replacingOccurrences(of: "/etc/ssl/private/pingan.key", with: "\(d)/key.pem")
            .replacingOccurrences(of: "listen 443 ssl http2;", with: "listen 127.0.0.1:\(scratch.port) ssl http2;")
            .replacingOccurrences(of: "listen 80;", with: "listen 127.0.0.1:\(try WebDriver.freeLocalPort());")
            .split(separator: "\n").filter { !$0.contains("[::]") }.joined(separator: "\n")
        let conf = "pid \(d)/t.pid; error_log \(d)/t.log; events {} http { access_log off; client_body_temp_path \(d)/tmp/b; proxy_temp_path \(d)/tmp/p; fastcgi_temp_path \(d)/tmp/f; uwsgi_temp_path \(d)/tmp/u; scgi_temp_path \(d)/tmp/s;\n\(server)\n}"
        try conf.write(toFile: "\(d)/sample.conf", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: NginxTLS.nginxPath)
        p.arguments = ["-t", "-p", d, "-e", "\(d)/t.log", "-c", "\(d)/sample.conf"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "nginx -t on the sample: \(text)")
    }

    static func offlineRun(_ d: WebDriver, live: LiveApp, nginx: NginxTLS) async throws {
        let tls = LiveApp(app: live.app, base: nginx.base, inFlight: live.inFlight)
        try await d.logIn(tls, as: "patrol")
        try await d.cdp("Browser.grantPermissions", ["origin": .string(nginx.base), "permissions": ["geolocation", "wakeLockScreen"]])
        try await d.navigate(to: tls.base + "/patrol/phone")
        try await d.waitUntil(Self.ready)
        #expect(try await d.executeScript("return window.isSecureContext && location.protocol").stringValue == "https:")
        // Installable: the manifest is linked and the service worker holds the page.
        #expect(try await d.evaluate("fetch('/patrol/manifest.json').then(r => r.json()).then(m => m.name)").stringValue == "平安巡逻")
        try await d.waitUntil("document.getElementById('phone-app').dataset.offlineReady === 'true'", timeout: .seconds(15))
        let cached = """
            const done = arguments[arguments.length - 1];
            navigator.serviceWorker.ready.then(() => caches.match('/patrol/phone')).then(r => done(!!r && navigator.serviceWorker.controller !== null), () => done(false));
            """
        let clock = ContinuousClock(), deadline = clock.now.advanced(by: .seconds(20))
        while try await !d.executeAsyncScript(cached).isTruthy {
            guard clock.now < deadline else { throw WebDriverError.timeout("the service worker never held /patrol/phone") }
            try await Task.sleep(for: .milliseconds(200))
        }

        // Sign on with a signal: the token comes, the first fix is sent.
        let first = try await d.findElement(css: ".unit-button")
        let unitText = try #require(try await d.attribute(first, "data-unit-id"))
        let unitID = try #require(UUID(uuidString: unitText))
        try await d.click(first)
        try await d.waitUntil(Self.onShift, timeout: .seconds(30))
        // Chromium dates an emulated fix when it is set: set it once on duty.
        try await d.cdp("Emulation.setGeolocationOverride", ["latitude": 36.3720, "longitude": 114.3820, "accuracy": 12])
        try await d.waitUntil("(JSON.parse(localStorage.getItem('pingan.patrol.devices.v1') || '{}')['\(unitText)'] || '').startsWith('pd_')",
                              timeout: .seconds(40))
        do {
            try await Self.eventually("the first fix stored") { try await !Self.fixTimes(live, unitID).isEmpty }
        } catch {
            let page = try await d.executeScript("return [document.getElementById('geo-state').textContent, document.getElementById('queue-line').textContent, localStorage.getItem('pingan.queue.v1'), localStorage.getItem('pingan.patrol.fixes.v1')]")
            try await d.screenshot(saveAs: "patrol-phone-https-no-fix")
            throw WebDriverError.timeout("no fix stored; the page: \(page)")
        }
        try await d.waitUntil(Self.nothingQueued, timeout: .seconds(25))
        let online = try await Self.fixTimes(live, unitID)
        #expect(try await d.text(try await d.findElement(css: "#net-state")) == "在线")
        #expect(try await d.text(try await d.findElement(css: "#wake-state")).contains("屏幕常亮：已开启"))
        #expect(try await d.text(try await d.findElement(css: "#position-line")).contains("36.37200, 114.38200"))
        try await d.screenshot(saveAs: "patrol-phone-https-online-on-shift")

        // No signal: nginx is gone. Two moves and a tap wait on the phone.
        await nginx.stop()
        #expect(!NginxTLS.accepts(port: nginx.port))
        try await d.cdp("Emulation.setGeolocationOverride", ["latitude": 36.3735, "longitude": 114.3830, "accuracy": 10])
        try await d.waitUntil("document.getElementById('position-line').textContent.includes('36.37350')")
        try await Task.sleep(for: .milliseconds(1200))
        try await d.cdp("Emulation.setGeolocationOverride", ["latitude": 36.3750, "longitude": 114.3845, "accuracy": 10])
        try await d.waitUntil("document.getElementById('position-line').textContent.includes('36.37500')")
        try await d.click(try await d.findElement(css: "#next-status button[data-status=en_route]"))
        try await d.waitUntil("document.getElementById('net-state').textContent.includes('离线')", timeout: .seconds(15))
        #expect(try await d.text(try await d.findElement(css: "#status-badge")) == PatrolUnitStatus.enRoute.label)

        // Reload with no signal: the service worker's copy opens, with the phone's state and queue.
        try await d.refresh()
        try await d.waitUntil(Self.ready, timeout: .seconds(20))
        try await d.waitUntil(Self.onShift, timeout: .seconds(30))
        #expect(try await d.text(try await d.findElement(css: "#status-badge")) == PatrolUnitStatus.enRoute.label)
        try await d.waitUntil("document.getElementById('net-state').textContent.includes('离线')", timeout: .seconds(15))
        try await d.waitUntil(Self.writesQueued(1))
        try await Task.sleep(for: .milliseconds(800))  // a fix from the reloaded page's watch, if any, lands first
        let queued = try await d.executeScript("""
            const q = JSON.parse(localStorage.getItem('pingan.queue.v1') || '[]');
            const buffered = JSON.parse(localStorage.getItem('pingan.patrol.fixes.v1') || '[]');
            const fixes = buffered.map(f => f.at).concat(...q.filter(e => e.kind === 'positions').map(e => e.body.fixes.map(f => f.at)));
            return { status: q.filter(e => e.kind === 'status').map(e => e.body.id), fixes: fixes.map(t => Date.parse(t)) };
            """)
        let statusIDs = queued["status"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let offlineFixes = (queued["fixes"]?.arrayValue ?? []).compactMap(\.doubleValue).map { Int64($0) }
        #expect(statusIDs.count == 1, "\(queued)")
        #expect(offlineFixes.count >= 2, "the two moves wait on the phone: \(queued)")
        let line = try await d.text(try await d.findElement(css: "#queue-line"))
        #expect(line.contains("待发送 1 条") && line.contains("定位 \(offlineFixes.count) 个"), "\(line)")
        // Nothing of it reached the server.
        #expect(try await Self.fixTimes(live, unitID) == online)
        #expect(try await Self.changes(live, unitID).map(\.toStatus) == ["available"])
        try await d.screenshot(saveAs: "patrol-phone-https-offline-queue")

        // The signal returns: the queue goes out by itself, and each thing is stored once.
        try await nginx.start()
        try await d.waitUntil(Self.nothingQueued, timeout: .seconds(40))
        try await d.waitUntil("document.getElementById('net-state').textContent === '在线'", timeout: .seconds(15))
        let stored = try await Self.fixTimes(live, unitID)
        #expect(Set(offlineFixes).isSubset(of: Set(stored)), "every queued fix is stored: \(offlineFixes) in \(stored)")
        #expect(stored.count == Set(stored).count && stored.count == online.count + offlineFixes.count,
                "stored once each: \(stored.count) rows for \(online.count) + \(offlineFixes.count) fixes")
        let changes = try await Self.changes(live, unitID)
        #expect(changes.map(\.toStatus) == ["available", "en_route"], "\(changes.map(\.toStatus))")
        #expect(changes.last?.id?.uuidString.lowercased() == statusIDs.first?.lowercased(), "the tap is stored under the phone's id")
        #expect(try await Self.unit(live, unitText).status == "en_route")
        try await d.screenshot(saveAs: "patrol-phone-https-reconnected")

        // Signing out forgets the page's saved copy: the next person on this phone cannot open the
        // officer's page with no signal. The page's own files stay saved.
        #expect(try await d.evaluate("caches.match('/patrol/phone').then(r => !!r)").isTruthy)
        try await d.logOut()
        #expect(try await !d.evaluate("caches.match('/patrol/phone').then(r => !!r)").isTruthy)
        #expect(try await d.evaluate("caches.match('/js/patrol-phone.js').then(r => !!r)").isTruthy)
    }
}

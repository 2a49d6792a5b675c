import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import PatrolDomain
@testable import PatrolServer
@testable import PinganServer
import PinganDomain
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// #11 P8 acceptance 3 through the server, on both databases, against a fake messaging gateway on
/// loopback: notices queue while the gateway refuses connections and then answers 500, are retried
/// on the backoff, and after it returns each is delivered exactly once, with signatures the
/// gateway verifies; inbound tips unsigned, forged or stale are 401 and store nothing; a replayed
/// tip is stored once; a lead becomes an incident once or is dismissed with a reason; scope holds.
@Suite("Community webhooks")
struct CommunityWebhookTests {
    static let secret = "gateway-secret-0123456789"
    static let tipSecret = "tip-secret-abcdefghijklmnop"
    static let start = Date(timeIntervalSince1970: 1_796_000_000)   // 2026-11-30

    /// The gateway: answers each POST as its mode says, checks the signature itself (HMAC-SHA256
    /// over timestamp "." body, computed here, not by the server's code) and counts the deliveries
    /// it accepted by delivery id.
    final class FakeGateway: @unchecked Sendable {
        enum Mode { case ok, fail }
        private let state = NIOLockedValueBox<(mode: Mode, accepted: [String: Int], badSignatures: Int, bodyIDs: [String: String])>((.ok, [:], 0, [:]))
        private var app: Application?
        private(set) var port = 0

        var mode: Mode { get { state.withLockedValue { $0.mode } } set { state.withLockedValue { $0.mode = newValue } } }
        var accepted: [String: Int] { state.withLockedValue { $0.accepted } }
        var badSignatures: Int { state.withLockedValue { $0.badSignatures } }
        /// Delivery id in the header → delivery id in the body.
        var bodyIDs: [String: String] { state.withLockedValue { $0.bodyIDs } }

        func start(port: Int = 0) async throws {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .error
            app.post("notices") { [state] req async throws -> Response in
                let body = req.body.data.map { Array($0.readableBytesView) } ?? []
                let ts = req.headers.first(name: "X-Pingan-Timestamp") ?? ""
                let sig = req.headers.first(name: "X-Pingan-Signature") ?? ""
                let delivery = req.headers.first(name: "X-Pingan-Delivery") ?? ""
                let mac = HMAC<SHA256>.authenticationCode(for: Array((ts + ".").utf8) + body, using: SymmetricKey(data: Array(CommunityWebhookTests.secret.utf8)))
                let expected = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
                struct Payload: Decodable { var deliveryId: String }
                let bodyID = (try? JSONDecoder().decode(Payload.self, from: Data(body)).deliveryId) ?? ""
                return state.withLockedValue { s in
                    guard sig == expected, !delivery.isEmpty else { s.badSignatures += 1; return Response(status: .unauthorized) }
                    if s.mode == .fail { return Response(status: .internalServerError) }
                    s.accepted[delivery, default: 0] += 1
                    s.bodyIDs[delivery] = bodyID
                    return Response(status: .ok)
                }
            }
            try await app.server.start(address: .hostname("127.0.0.1", port: port))
            self.port = app.http.server.shared.localAddress?.port ?? port
            self.app = app
        }

        func stop() async throws {
            guard let app else { return }
            await app.server.shutdown()
            try await app.asyncShutdown()
            self.app = nil
        }
    }

    static func notice(_ app: Application, token: String, groups: [UUID], text: String) async throws -> CommunityNoticeDTO {
        let ids = groups.map { "\"\($0)\"" }.joined(separator: ",")
        let res = try await app.api(.POST, CommunityRoutes.sendNotice.link(), token: token, json: #"{"id":"\#(UUID())","groupIds":[\#(ids)],"text":"\#(text)"}"#)
        #expect(res.status == .created, "\(res.body.string.prefix(300))")
        return try res.content.decode(CommunityNoticeDTO.self)
    }

    @Test("Gateway down (refused, then 500): notices queue and retry on the backoff; back up, each is delivered once, signed", arguments: TestDatabase.available)
    func outbound(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            app.communityDelivery.config.backoff = DeliveryBackoff(base: 1, cap: 4)
            app.communityDelivery.config.jitter = { 1 }   // the wait is the ceiling: 1 s, then 2 s, then 4 s
            app.communityDelivery.config.timeout = .seconds(3)
            let gateway = FakeGateway()
            try await gateway.start()
            let port = gateway.port
            try await gateway.stop()   // down: connections refused
            app.settings.gatewayURL = "http://127.0.0.1:\(port)/notices"
            app.settings.gatewaySecret = Self.secret

            let grid = try await app.unit(code: "130427000000-GAJ-PCS01-WG")
            let a = try await CommunityFixtures.group(app, in: grid, name: "城关社区干部", kind: .communityCadres, members: [("李红", "13900001111"), ("赵强", "13900002222")], now: clock.now)
            let b = try await CommunityFixtures.group(app, in: grid, name: "城关门店", now: clock.now)
            let dispatcher = try await app.token("dispatcher")
            var sent = [try await Self.notice(app, token: dispatcher, groups: [a.requireID()], text: "今晚十点联合巡逻"),
                        try await Self.notice(app, token: dispatcher, groups: [a.requireID(), b.requireID()], text: "注意防火"),
                        try await Self.notice(app, token: dispatcher, groups: [b.requireID()], text: "反诈宣传")]
            #expect(sent.allSatisfy { $0.delivery.status == "pending" })
            #expect(sent[1].recipients == 3)

            let delivery = CommunityDelivery(app: app)
            var r = try await delivery.run(now: clock.now)
            #expect(r == .init(delivered: 0, failed: 3), "refused connections fail every attempt")
            var rows = try await CommunityDeliveryModel.query(on: app.db).all()
            #expect(rows.allSatisfy { $0.status == "retrying" && $0.attempts == 1 && $0.lastError != nil && $0.nextAttemptAt == clock.now.addingTimeInterval(1) })
            r = try await delivery.run(now: clock.now)
            #expect(r == .init(), "nothing is due before its backoff")

            try await gateway.start(port: port)   // up, but failing
            gateway.mode = .fail
            defer { Task { try? await gateway.stop() } }
            clock.advance(1)
            r = try await delivery.run(now: clock.now)
            #expect(r == .init(delivered: 0, failed: 3))
            rows = try await CommunityDeliveryModel.query(on: app.db).all()
            #expect(rows.allSatisfy { $0.attempts == 2 && $0.lastError == "网关应答 HTTP 500" && $0.nextAttemptAt == clock.now.addingTimeInterval(2) })
            // A notice written while the gateway is down is kept too.
            sent.append(try await Self.notice(app, token: dispatcher, groups: [a.requireID()], text: "明早八点开会"))

            gateway.mode = .ok
            clock.advance(2)
            r = try await delivery.run(now: clock.now)
            #expect(r == .init(delivered: 4, failed: 0))
            let deliveredAt = clock.now
            for _ in 0..<3 { clock.advance(60); r = try await delivery.run(now: clock.now); #expect(r == .init()) }

            // Exactly once each, by delivery id, with a signature the gateway verified.
            let ids = Set(sent.map { $0.delivery.id.uuidString })
            #expect(gateway.badSignatures == 0)
            #expect(Set(gateway.accepted.keys) == ids)
            #expect(gateway.accepted.values.allSatisfy { $0 == 1 }, "\(gateway.accepted)")
            #expect(gateway.bodyIDs.allSatisfy { $0.key == $0.value })
            // Every attempt recorded, and the status shown.
            let first = try await app.api(.GET, CommunityRoutes.notice.link(sent[0].id), token: dispatcher)
            let shown = try first.content.decode(CommunityNoticeDTO.self)
            #expect(shown.delivery.status == "delivered" && shown.delivery.attempts == 3 && shown.delivery.deliveredAt == deliveredAt)
            #expect(shown.attempts.map(\.delivered) == [false, false, true])
            #expect(shown.attempts.map(\.httpStatus) == [nil, 500, 200])
            let audits = try await AuditRecordModel.query(on: app.db).filter(\.$action == "community.delivery.delivered").count()
            #expect(audits == 4)
        }
    }

    @Test("A forged signature is not delivered: the gateway refuses it and it is retried", arguments: [TestDatabase.sqlite])
    func wrongSecret(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            let gateway = FakeGateway()
            try await gateway.start()
            app.settings.gatewayURL = "http://127.0.0.1:\(gateway.port)/notices"
            app.settings.gatewaySecret = "not-the-gateways-secret-000"
            let grid = try await app.unit(code: "130427000000-GAJ-PCS01-WG")
            let g = try await CommunityFixtures.group(app, in: grid, name: "门店", now: clock.now)
            _ = try await Self.notice(app, token: try await app.token("dispatcher"), groups: [g.requireID()], text: "测试")
            let r = try await CommunityDelivery(app: app).run(now: clock.now)
            #expect(r == .init(delivered: 0, failed: 1))
            #expect(gateway.badSignatures == 1 && gateway.accepted.isEmpty)
            try await gateway.stop()
        }
    }

    @Test("No gateway configured: the notice is stored, shown as waiting for one, and nothing is sent", arguments: TestDatabase.available)
    func unconfigured(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            let grid = try await app.unit(code: "130427000000-GAJ-PCS01-WG")
            let g = try await CommunityFixtures.group(app, in: grid, name: "门店", now: clock.now)
            let n = try await Self.notice(app, token: try await app.token("commander"), groups: [g.requireID()], text: "测试")
            #expect(n.delivery.status == "unconfigured")
            #expect(try await CommunityDelivery(app: app).run(now: clock.now) == .init())
            let row = try #require(try await CommunityDeliveryModel.query(on: app.db).first())
            #expect(row.status == "pending" && row.attempts == 0)
            // Configured later: the kept notice goes out on the next run.
            let gateway = FakeGateway()
            try await gateway.start()
            app.settings.gatewayURL = "http://127.0.0.1:\(gateway.port)/notices"
            app.settings.gatewaySecret = Self.secret
            #expect(try await CommunityDelivery(app: app).run(now: clock.now) == .init(delivered: 1, failed: 0))
            #expect(gateway.accepted == [row.id!.uuidString: 1])
            try await gateway.stop()
        }
    }

    @Test("Senders at once (instances of one database) each claim a different due row; none is claimed twice", arguments: TestDatabase.available)
    func concurrentClaims(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            let grid = try await app.unit(code: "130427000000-GAJ-PCS01-WG")
            let g = try await CommunityFixtures.group(app, in: grid, name: "门店", now: clock.now)
            let token = try await app.token("dispatcher")
            for i in 0..<8 { _ = try await Self.notice(app, token: token, groups: [g.requireID()], text: "通知\(i)") }
            let delivery = CommunityDelivery(app: app)
            let now = clock.now
            let claimed = try await withThrowingTaskGroup(of: UUID?.self) { group in
                for _ in 0..<10 { group.addTask { try await delivery.claim(now: now, lease: 60)?.id } }
                return try await group.reduce(into: [UUID?]()) { $0.append($1) }
            }
            let ids = claimed.compactMap { $0 }
            #expect(ids.count == 8 && Set(ids).count == 8, "\(claimed)")
            // Leased: not due again until the lease runs out.
            #expect(try await delivery.claim(now: now.addingTimeInterval(59), lease: 60) == nil)
            #expect(try await delivery.claim(now: now.addingTimeInterval(60), lease: 60) != nil)
        }
    }

    @Test("The delivery job starts only where the app serves, never in a one-shot command")
    func servesOnly() {
        #expect(RepeatingJob.serves(arguments: ["pingan"]))
        #expect(RepeatingJob.serves(arguments: ["pingan", "serve", "--port", "8080"]))
        #expect(RepeatingJob.serves(arguments: ["pingan", "demo"]))
        for oneShot in [["pingan", "demo", "--no-serve"], ["pingan", "migrate"], ["pingan", "users", "list"], ["pingan", "import", "x.csv"], ["pingan", "sweep"]] {
            #expect(!RepeatingJob.serves(arguments: oneShot), "\(oneShot)")
        }
    }

    @Test("Gateway settings: a malformed URL, a URL without a secret or a short secret stop start-up; the tip secret defaults to the gateway's")
    func settings() throws {
        func problems(_ env: [String: String]) -> String? {
            do { _ = try Settings.fromEnvironment(env); return nil } catch { return "\(error)" }
        }
        #expect(problems(["PINGAN_GATEWAY_URL": "ftp://gw", "PINGAN_GATEWAY_SECRET": Self.secret])?.contains("PINGAN_GATEWAY_URL") == true)
        #expect(problems(["PINGAN_GATEWAY_URL": "https://gw.example/notices"])?.contains("PINGAN_GATEWAY_SECRET") == true)
        #expect(problems(["PINGAN_GATEWAY_SECRET": "short"])?.contains("at least 16") == true)
        #expect(problems(["PINGAN_TIP_SECRET": "short"])?.contains("PINGAN_TIP_SECRET") == true)
        let ok = try Settings.fromEnvironment(["PINGAN_GATEWAY_URL": "https://gw.example/notices", "PINGAN_GATEWAY_SECRET": Self.secret])
        #expect(ok.gatewayURL == "https://gw.example/notices" && ok.tipSecret == Self.secret)
        let separate = try Settings.fromEnvironment(["PINGAN_TIP_SECRET": Self.tipSecret])
        #expect(separate.gatewayURL == nil && separate.tipSecret == Self.tipSecret)
    }

    // MARK: Tips in

    static func sign(_ body: String, at ts: Int, secret: String = tipSecret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(ts).\(body)".utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static func tip(_ app: Application, _ body: String, ts: Int?, signature: String?) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Accept": "application/json"]
        if let ts { headers.add(name: "X-Pingan-Timestamp", value: String(ts)) }
        if let signature { headers.add(name: "X-Pingan-Signature", value: signature) }
        return try await app.testing().sendRequest(.POST, CommunityRoutes.tips.link(), headers: headers, body: ByteBuffer(string: body))
    }

    @Test("Inbound tips: unsigned, forged, stale or future 401 and nothing stored; a replay stored once", arguments: TestDatabase.available)
    func inbound(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock, adjust: { $0.tipSecret = Self.tipSecret }) { app in
            let grid = try await app.unit(code: "130427000000-GAJ-PCS01-WG")
            let g = try await CommunityFixtures.group(app, in: grid, name: "城关门店", members: [("王建国", "13803101234")], now: clock.now)
            let now = Int(clock.now.timeIntervalSince1970)
            let body = #"{"id":"gw-0001","senderPhone":"138 0310 1234","text":"超市门口有人兜售假烟"}"#
            func stored() async throws -> Int { try await CommunityLeadModel.query(on: app.db).count() }

            for (ts, sig, why) in [(nil, nil, "unsigned"), (now, nil, "no signature"), (nil, Self.sign(body, at: now), "no timestamp"),
                                   (now, Self.sign(body, at: now, secret: "someone-elses-secret-0000"), "forged"),
                                   (now, Self.sign(body + " ", at: now), "signed another body"),
                                   (now + 1, Self.sign(body, at: now), "signed another time"),
                                   (now, "sha1=" + String(repeating: "0", count: 40), "another scheme"),
                                   (now - 301, Self.sign(body, at: now - 301), "stale"), (now + 301, Self.sign(body, at: now + 301), "future")] as [(Int?, String?, String)] {
                let res = try await Self.tip(app, body, ts: ts, signature: sig)
                #expect(res.status == .unauthorized && res.errorCode == "unauthorized", "\(why): \(res.status)")
            }
            #expect(try await stored() == 0, "nothing stored from a refused tip")

            let ok = try await Self.tip(app, body, ts: now - 120, signature: Self.sign(body, at: now - 120))
            #expect(ok.status == .created, "\(ok.body.string)")
            let receipt = try ok.content.decode(CommunityTipReceipt.self)
            #expect(!receipt.duplicate)
            // The same tip again (a retry, or a captured request replayed in its window): stored once.
            clock.advance(30)
            let again = try await Self.tip(app, body, ts: now + 10, signature: Self.sign(body, at: now + 10))
            #expect(again.status == .ok)
            let second = try again.content.decode(CommunityTipReceipt.self)
            #expect(second.leadId == receipt.leadId && second.duplicate)
            #expect(try await stored() == 1)

            // Placed by its sender, a member of the group in 城关派出所's grid; the sender masked.
            let lead = try #require(try await CommunityLeadModel.find(receipt.leadId, on: app.db))
            #expect(lead.groupID == g.id && lead.scopePath == grid.path && lead.senderPhone == "13803101234" && lead.senderName == "王建国")
            let commander = try await app.token("commander")
            let shown = try await app.api(.GET, CommunityRoutes.lead.link(receipt.leadId), token: commander)
            let dto = try shown.content.decode(CommunityLeadDTO.self)
            #expect(dto.senderPhone == "138****1234" && dto.groupName == "城关门店" && dto.mayDecide)

            // A malformed body, signed, is a 4xx and stores nothing.
            let bad = #"{"id":"bad id!","text":"x"}"#
            let refused = try await Self.tip(app, bad, ts: now, signature: Self.sign(bad, at: now))
            #expect(refused.status.code >= 400 && refused.status.code < 500 && refused.status != .unauthorized)
            #expect(try await stored() == 1)

            // A tip with a place in another station's grid goes there: the demo commander does not see it.
            let other = try await app.unit(code: "130427000000-GAJ-PCS05-WG")
            let anchor = try #require(other.unitGeometry?.anchor)
            let far = #"{"id":"gw-0002","text":"村口有人打架","place":{"lat":\#(anchor.lat),"lon":\#(anchor.lon),"label":"村口"}}"#
            let farRes = try await Self.tip(app, far, ts: now + 30, signature: Self.sign(far, at: now + 30))
            #expect(farRes.status == .created)
            let farLead = try farRes.content.decode(CommunityTipReceipt.self).leadId
            #expect(try await CommunityLeadModel.find(farLead, on: app.db)?.scopePath == other.path)
            #expect(try await app.api(.GET, CommunityRoutes.lead.link(farLead), token: commander).status == .notFound)
            let list = try await app.api(.GET, CommunityRoutes.leads.link(), token: commander).content.decode(ListPage<CommunityLeadDTO>.self)
            #expect(list.items.map(\.id) == [receipt.leadId])
            let all = try await app.api(.GET, CommunityRoutes.leads.link(), token: try await app.token("dispatcher")).content.decode(ListPage<CommunityLeadDTO>.self)
            #expect(Set(all.items.map(\.id)) == [receipt.leadId, farLead])
            // Justice-side roles do not know the routes exist.
            let mediator = try await app.token("mediator")
            #expect(try await app.api(.GET, CommunityRoutes.leads.link(), token: mediator).status == .notFound)
            #expect(try await app.api(.GET, CommunityRoutes.lead.link(receipt.leadId), token: mediator).status == .notFound)
        }
    }

    @Test("A lead becomes an incident once (409 the second time), or is dismissed with a reason", arguments: TestDatabase.available)
    func decisions(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock, adjust: { $0.tipSecret = Self.tipSecret }) { app in
            let grid = try await app.unit(code: "130427000000-GAJ-PCS01-WG")
            let anchor = try #require(grid.unitGeometry?.anchor)
            let now = Int(clock.now.timeIntervalSince1970)
            var leads: [UUID] = []
            for i in 1...2 {
                let body = #"{"id":"gw-\#(i)","senderName":"张三","senderPhone":"13912345678","text":"线索\#(i)","place":{"lat":\#(anchor.lat),"lon":\#(anchor.lon)}}"#
                let res = try await Self.tip(app, body, ts: now, signature: Self.sign(body, at: now))
                leads.append(try res.content.decode(CommunityTipReceipt.self).leadId)
            }
            let commander = try await app.token("commander")
            let video = try await app.token("video")
            // The video-patrol officer sees leads but does not decide them.
            #expect(try await app.api(.GET, CommunityRoutes.lead.link(leads[0]), token: video).content.decode(CommunityLeadDTO.self).mayDecide == false)
            #expect(try await app.api(.POST, CommunityRoutes.promoteLead.link(leads[0]), token: video, json: #"{"type":"public_order","priority":3}"#).status == .notFound)

            let promoted = try await app.api(.POST, CommunityRoutes.promoteLead.link(leads[0]), token: commander, json: #"{"type":"public_order","priority":2}"#)
            #expect(promoted.status == .created, "\(promoted.body.string)")
            let dto = try promoted.content.decode(CommunityLeadDTO.self)
            #expect(dto.status == "incident" && dto.incidentId == leads[0] && dto.incidentNumber != nil)
            let incident = try #require(try await IncidentModel.find(leads[0], on: app.db))
            #expect(incident.gridOrgUnitID == grid.id)
            let state = try IncidentStore.state(of: incident)
            #expect(state.calls.first?.callerPhone == "13912345678")
            let again = try await app.api(.POST, CommunityRoutes.promoteLead.link(leads[0]), token: try await app.token("dispatcher"), json: #"{"type":"public_order","priority":2}"#)
            #expect(again.status == .conflict && again.errorCode == "already_decided")
            #expect(try await IncidentModel.query(on: app.db).count() == 1)
            #expect(try await app.api(.POST, CommunityRoutes.dismissLead.link(leads[0]), token: commander, json: #"{"reason":"重复"}"#).status == .conflict)

            // Dismissing needs a reason.
            for body in [#"{}"#, #"{"reason":"   "}"#] {
                let res = try await app.api(.POST, CommunityRoutes.dismissLead.link(leads[1]), token: commander, json: body)
                #expect(res.status.code >= 400 && res.status.code < 500, "\(body): \(res.status)")
            }
            #expect(try await CommunityLeadModel.find(leads[1], on: app.db)?.status == "open")
            let dismissed = try await app.api(.POST, CommunityRoutes.dismissLead.link(leads[1]), token: commander, json: #"{"reason":"经核实为误报"}"#)
            #expect(dismissed.status == .ok)
            #expect(try dismissed.content.decode(CommunityLeadDTO.self).reason == "经核实为误报")
            #expect(try await app.api(.POST, CommunityRoutes.promoteLead.link(leads[1]), token: commander, json: #"{"type":"public_order","priority":3}"#).status == .conflict)
            let actions = Set(try await AuditRecordModel.query(on: app.db).filter(\.$action =~ "community.lead").all().map(\.action))
            #expect(actions == ["community.lead.received", "community.lead.incident", "community.lead.dismiss"])
        }
    }

    // MARK: Groups

    @Test("Groups: the commander keeps those of his station's subtree, phones masked; another station's area is refused; justice 404", arguments: TestDatabase.available)
    func groups(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            let commander = try await app.token("commander")
            let grid = try await app.unit(code: "130427000000-GAJ-PCS01-WG")
            let other = try await app.unit(code: "130427000000-GAJ-PCS05-WG")
            let id = UUID()
            let create = #"{"id":"\#(id)","name":"城关社区干部","kind":"community_cadres","areaOrgUnitId":"\#(grid.id!)","members":[{"name":"李红","phone":"139-0000-1111","role":"主任"},{"name":"赵强","phone":"13900002222"}]}"#
            let res = try await app.api(.POST, CommunityRoutes.createGroup.link(), token: commander, json: create)
            #expect(res.status == .created, "\(res.body.string)")
            let g = try res.content.decode(CommunityGroupDTO.self)
            #expect(g.members.map(\.phone) == ["139****1111", "139****2222"])
            #expect(try await app.api(.POST, CommunityRoutes.createGroup.link(), token: commander, json: create).status == .ok, "a resend answers the stored group")
            #expect(try await CommunityGroupModel.query(on: app.db).filter(\.$name == "城关社区干部").count() == 1)
            let outside = #"{"id":"\#(UUID())","name":"外所","kind":"shop_owners","areaOrgUnitId":"\#(other.id!)","members":[]}"#
            #expect(try await app.api(.POST, CommunityRoutes.createGroup.link(), token: commander, json: outside).status == .unprocessableEntity)

            // An edit keeps 李红's phone (sent without one), drops 赵强, adds a member; a new member without a phone is refused.
            let keep = g.members[0].id
            let noPhone = #"{"name":"城关社区干部","kind":"community_cadres","members":[{"id":"\#(keep)","name":"李红","role":"主任"},{"name":"新人"}]}"#
            #expect(try await app.api(.PUT, CommunityRoutes.updateGroup.link(id), token: commander, json: noPhone).status == .unprocessableEntity)
            let update = #"{"name":"城关社区两委","kind":"community_cadres","members":[{"id":"\#(keep)","name":"李红","role":"书记"},{"name":"孙丽","phone":"13700003333"}]}"#
            let updated = try await app.api(.PUT, CommunityRoutes.updateGroup.link(id), token: commander, json: update)
            #expect(updated.status == .ok, "\(updated.body.string)")
            let members = try await CommunityMemberModel.query(on: app.db).filter(\.$groupID == id).sort(\.$position).all()
            #expect(members.map(\.phone) == ["13900001111", "13700003333"] && members[0].id == keep && members[0].role == "书记")

            // The other station's group is not the commander's; the dispatcher (county) sees both.
            let theirs = try await CommunityFixtures.group(app, in: other, name: "外所门店", now: clock.now)
            #expect(try await app.api(.GET, CommunityRoutes.group.link(theirs.requireID()), token: commander).status == .notFound)
            let mine = try await app.api(.GET, CommunityRoutes.groups.link(), token: commander).content.decode(ListPage<CommunityGroupDTO>.self)
            // (The demo seed's groups of the county seat's grids are there too.)
            let theirID = try theirs.requireID()
            #expect(mine.items.map(\.id).contains(id) && !mine.items.map(\.id).contains(theirID))
            let minePaths = try await CommunityGroupModel.query(on: app.db).filter(\.$id ~~ mine.items.map(\.id)).all().map(\.scopePath)
            #expect(minePaths.allSatisfy { $0.hasPrefix(grid.path) })
            let county = try await app.api(.GET, CommunityRoutes.groups.link() + "?limit=500", token: try await app.token("dispatcher")).content.decode(ListPage<CommunityGroupDTO>.self)
            #expect(Set(county.items.map(\.id)).isSuperset(of: [id, theirID]))
            // A notice to a group outside the sender's subtree is refused; the commander's notice is scoped to his grid.
            let foreign = #"{"id":"\#(UUID())","groupIds":["\#(try theirs.requireID())"],"text":"x"}"#
            #expect(try await app.api(.POST, CommunityRoutes.sendNotice.link(), token: commander, json: foreign).status == .unprocessableEntity)

            let archived = try await app.api(.POST, CommunityRoutes.archiveGroup.link(id), token: commander)
            #expect(try archived.content.decode(CommunityGroupDTO.self).archived)
            #expect(try await !app.api(.GET, CommunityRoutes.groups.link(), token: commander).content.decode(ListPage<CommunityGroupDTO>.self).items.map(\.id).contains(id))
            for justice in ["mediator", "judicial", "lawyer"] {
                let t = try await app.token(justice)
                #expect(try await app.api(.GET, CommunityRoutes.groups.link(), token: t).status == .notFound)
                #expect(try await app.api(.GET, CommunityRoutes.group.link(id), token: t).status == .notFound)
            }
            let audit = Set(try await AuditRecordModel.query(on: app.db).filter(\.$entityType == "community_group").all().map(\.action))
            #expect(audit == ["community.group.create", "community.group.update", "community.group.archive"])
            // The audit keeps phones masked.
            #expect(try await AuditRecordModel.query(on: app.db).filter(\.$entityType == "community_group").all().allSatisfy { !($0.after ?? "").contains("13900001111") })
        }
    }
}

import Fluent
import Foundation
import GeoSupport
@testable import MediationServer
import MediationDomain
@testable import PatrolServer
import PinganDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// X1, where the police call meets the dispute: a second call about the same parties, 警调对接,
/// and what each side may see of the other's record.
@Suite("Police–mediation bridge (X1)")
struct BridgeAPITests {
    static let start = Date(timeIntervalSince1970: 1_796_000_000)   // 2026-11-28

    static func call(_ id: UUID, at p: GeoPoint, parties: String, violence: Bool = false, type: String = "dispute",
                     description: String = "两户因院墙滴水争吵") -> String {
        #"{"id":"\#(id)","type":"\#(type)","priority":2,"place":{"lat":\#(p.lat),"lon":\#(p.lon),"label":"三里屯村东街"},"description":"\#(description)","callerName":"赵六","callerPhone":"13700001111","parties":\#(parties),"threatOfViolence":\#(violence)}"#
    }

    struct Linked: Content { var disputeId: UUID; var risk: String; var stage: String; var stageLabel: String; var committee: String; var matchedBy: String; var receivedAt: Date?; var lastStep: String }
    struct TaskView: Content { var id: UUID; var disputeId: UUID; var reason: String; var acknowledgedAt: Date?; var closedAt: Date? }

    static func counts(_ app: Application, _ dispute: UUID) async throws -> (reports: Int, tasks: Int, events: Int, calls: Int) {
        (try await MajorReportModel.query(on: app.db).filter(\.$disputeID == dispute).count(),
         try await FollowUpTaskModel.query(on: app.db).filter(\.$disputeID == dispute).count(),
         try await DisputeEventModel.query(on: app.db).filter(\.$disputeID == dispute).count(),
         try await DisputePoliceCallModel.query(on: app.db).filter(\.$disputeID == dispute).count())
    }

    @Test("A second call about the same parties within 30 days turns the dispute red with one report per recipient and one follow-up task, once even when resent; each side sees only its share",
          arguments: TestDatabase.available)
    func secondCall(db: TestDatabase) async throws {
        let clock = TestClock(Self.start)
        try await withApp(db, clock: clock) { app in
            var mediator = try await app.token("mediator")
            var dispatcher = try await app.token("dispatcher")
            let registered = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake())
            #expect(registered.status == .created, "\(registered.body.string)")
            let dispute = try registered.dispute().id
            #expect(try registered.dispute().risk == "blue")
            let village = try await app.unit(code: "130427100201")
            let scene = try #require(village.unitGeometry?.anchor)

            // The first call: 张三 with his phone written another way, and a stranger. Matched, counted, nothing raised.
            let first = UUID()
            let one = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher,
                                        json: Self.call(first, at: scene, parties: #"[{"name":"张 三","phone":"138-1234-5678"},{"name":"王五","phone":"13500000000"}]"#))
            #expect(one.status == .created, "\(one.body.string)")
            var c = try await Self.counts(app, dispute)
            #expect(c.calls == 1 && c.tasks == 0 && c.reports == 0, "\(c)")
            #expect(try await DisputeModel.find(dispute, on: app.db)?.risk == "blue")

            // The dispatch card: the dispute's level, risk, stage and committee, and no party detail.
            let card = try await app.api(.GET, PatrolRoutes.incidentDisputes.link(first), token: dispatcher)
            #expect(card.status == .ok)
            let linked = try card.content.decode(ListPage<Linked>.self).items
            #expect(linked.map(\.disputeId) == [dispute] && linked.first?.matchedBy == "parties", "\(card.body.string)")
            #expect(linked.first?.committee.isEmpty == false && linked.first?.stage == "registered")
            for secret in ["张三", "李四", "13812345678", "13987654321", DisputeFixtures.applicantID, DisputeFixtures.respondentID, "院墙滴水"] {
                #expect(!card.body.string.contains(secret), "the police see no party detail: \(secret)")
            }

            // Two days on: 李四 by ID number (name with a space), and threats reported. Red, reported, tasked.
            clock.advance(2 * 86_400)
            let second = UUID()
            let body = Self.call(second, at: scene, parties: #"[{"name":"李 四","idNumber":"\#(DisputeFixtures.respondentID.lowercased())"}]"#,
                                 violence: true, description: "李四扬言要砍人")
            let two = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: body)
            #expect(two.status == .created, "\(two.body.string)")
            #expect(try await DisputeModel.find(dispute, on: app.db)?.risk == "red")
            c = try await Self.counts(app, dispute)
            let recipients = try await MajorReportModel.query(on: app.db).filter(\.$disputeID == dispute).all().map(\.recipientOrgUnitID)
            #expect(c.calls == 2 && c.tasks == 1, "\(c)")
            #expect(recipients.count == 2 && Set(recipients).count == 2, "one report to the judicial office and one to the bureau: \(recipients)")

            // The resend changes nothing anywhere.
            let again = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher, json: body)
            #expect(again.status == .ok)
            #expect(try await Self.counts(app, dispute) == c)

            // A third call without violence a month later: the first two are out of the window, so no new task.
            clock.advance(31 * 86_400)
            dispatcher = try await app.token("dispatcher")   // a month on: the earlier tokens have expired
            mediator = try await app.token("mediator")
            let judicial = try await app.token("judicial"), bureau = try await app.token("bureau")
            let late = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher,
                                         json: Self.call(UUID(), at: scene, parties: #"[{"name":"张三","phone":"13812345678"}]"#))
            #expect(late.status == .created)
            #expect(try await Self.counts(app, dispute).tasks == 1)

            // Justice: 404 on the incident, but the link and its place on the dispute; not the call's content.
            for token in [judicial, bureau, mediator] {
                #expect(try await app.api(.GET, PatrolRoutes.incident.link(second), token: token).status == .notFound)
            }
            let links = try await app.api(.GET, MediationRoutes.disputePoliceLinks.link(dispute), token: judicial)
            #expect(links.status == .ok, "\(links.body.string)")
            let number = try #require(try await IncidentModel.find(second, on: app.db)?.number)
            #expect(links.body.string.contains(number) && links.body.string.contains("三里屯村东街"))
            for police in ["赵六", "13700001111", "扬言要砍人"] { #expect(!links.body.string.contains(police), "\(police) stays with the police") }
            // Police: the dispute itself is closed to them.
            #expect(try await app.api(.GET, "/api/v1/disputes/\(dispute)", token: dispatcher).status.code >= 400)

            // The committee's follow-up task: listed for the village, not for another village; acknowledge, close with a note once.
            let tasks = try await app.api(.GET, MediationRoutes.followUpTasks.link(query: "open=true"), token: mediator).content.decode(ListPage<TaskView>.self)
            #expect(tasks.items.count == 1 && tasks.items[0].disputeId == dispute && tasks.items[0].reason.contains("暴力"))
            let task = tasks.items[0].id
            let stranger = try await DirectiveFixtures.mediator(app, username: "bridge103", villageCode: "130427103201")
            #expect(try await app.api(.GET, MediationRoutes.followUpTasks.link(), token: stranger).content.decode(ListPage<TaskView>.self).total == 0)
            #expect(try await app.api(.POST, MediationRoutes.acknowledgeFollowUpTask.link(task), token: stranger).status == .notFound)
            #expect(try await app.api(.GET, MediationRoutes.followUpTasks.link(), token: dispatcher).status == .forbidden)
            let home = try await app.testing().sendRequest(.GET, "/", headers: ["Cookie": "pingan_session=" + (try await PageTests.sessionCookie(app, "mediator"))])
            #expect(home.body.string.contains("follow-up-tasks") && home.body.string.contains("暴力"), "the committee's home page lists it")
            let board = try await app.testing().sendRequest(.GET, "/board", headers: ["Cookie": "pingan_session=" + (try await PageTests.sessionCookie(app, "judicial"))])
            #expect(board.body.string.contains("id=\"follow-up-tasks\"") && board.body.string.lowercased().contains(task.uuidString.lowercased()))
            #expect(try await app.api(.POST, MediationRoutes.acknowledgeFollowUpTask.link(task), token: mediator).content.decode(TaskView.self).acknowledgedAt != nil)
            #expect(try await app.api(.POST, MediationRoutes.closeFollowUpTask.link(task), token: mediator, json: #"{"note":"  "}"#).status == .unprocessableEntity)
            let closed = try await app.api(.POST, MediationRoutes.closeFollowUpTask.link(task), token: mediator, json: #"{"note":"已上门，双方同意明日调解"}"#)
            #expect(try closed.content.decode(TaskView.self).closedAt != nil)
            #expect(try await app.api(.POST, MediationRoutes.closeFollowUpTask.link(task), token: mediator, json: #"{"note":"再次"}"#).status == .conflict)
            #expect(try await app.api(.GET, MediationRoutes.followUpTasks.link(query: "open=true"), token: mediator).content.decode(ListPage<TaskView>.self).total == 0)
        }
    }

    @Test("警调对接: a dispute call handed over becomes a dispute in the village of its place, once; the township takes receipt and the police see it received and the stage",
          arguments: TestDatabase.available)
    func handover(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(Self.start)) { app in
            let dispatcher = try await app.token("dispatcher"), judicial = try await app.token("judicial")
            let village = try await app.unit(code: "130427100201")
            let scene = try #require(village.unitGeometry?.anchor)
            let near = GeoPoint(lat: scene.lat + 0.0003, lon: scene.lon)
            let incident = UUID()
            #expect(try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher,
                                      json: Self.call(incident, at: near, parties: #"[{"name":"孙七","phone":"13711112222"},{"name":"周八"}]"#)).status == .created)
            let made = try await app.api(.POST, PatrolRoutes.handOverToMediation.link(incident), token: dispatcher, json: #"{"note":"双方情绪已稳定，请村调委会调解"}"#)
            #expect(made.status == .created, "\(made.body.string)")
            let d = try made.content.decode(Linked.self)
            #expect(d.matchedBy == "handover" && d.receivedAt == nil)
            let resent = try await app.api(.POST, PatrolRoutes.handOverToMediation.link(incident), token: dispatcher, json: #"{"note":"双方情绪已稳定，请村调委会调解"}"#)
            #expect(try resent.status == .ok && resent.content.decode(Linked.self).disputeId == d.disputeId)
            #expect(try await PoliceHandoverModel.query(on: app.db).count() == 1)
            let row = try #require(try await DisputeModel.find(d.disputeId, on: app.db))
            #expect(row.source == "police_transfer" && row.villageID == village.id, "registered in the village of the place")

            // Not a dispute call: refused with a reason, nothing made.
            let other = UUID()
            _ = try await app.api(.POST, PatrolRoutes.reportIncident.link(), token: dispatcher,
                                  json: Self.call(other, at: near, parties: "[]", type: "traffic"))
            let refused = try await app.api(.POST, PatrolRoutes.handOverToMediation.link(other), token: dispatcher, json: "{}")
            #expect(refused.status == .conflict && refused.errorCode == "not_a_dispute_call")
            #expect(try await PoliceHandoverModel.query(on: app.db).count() == 1)

            // The township sees it pending with the incident's number and place, not its caller; takes receipt.
            let pending = try await app.api(.GET, MediationRoutes.policeHandovers.link(query: "pending=true"), token: judicial)
            #expect(pending.status == .ok && pending.body.string.contains("三里屯村东街") && !pending.body.string.contains("13700001111"))
            let board = try await app.testing().sendRequest(.GET, "/board", headers: ["Cookie": "pingan_session=" + (try await PageTests.sessionCookie(app, "judicial"))])
            #expect(board.body.string.contains("id=\"police-handovers\"") && board.body.string.contains("双方情绪已稳定"))
            let hid = try #require(try await PoliceHandoverModel.query(on: app.db).first()?.requireID())
            let other103 = try await DirectiveFixtures.mediator(app, username: "bridgeh103", villageCode: "130427103201")
            #expect(try await app.api(.GET, MediationRoutes.policeHandovers.link(), token: other103).content.decode(ListPage<PoliceLinkController.HandoverItem>.self).total == 0)
            #expect(try await app.api(.POST, MediationRoutes.acknowledgePoliceHandover.link(hid), token: judicial).status == .ok)
            #expect(try await app.api(.GET, MediationRoutes.policeHandovers.link(query: "pending=true"), token: judicial)
                .content.decode(ListPage<PoliceLinkController.HandoverItem>.self).total == 0)

            // The police: received, and the dispute's stage as it moves.
            let mediator = try await app.token("mediator")
            let accepted = try await app.api(.POST, "/api/v1/disputes/\(d.disputeId)/events", token: mediator,
                                             json: DisputeFixtures.event("accepted", base: 1, payload: #"{"note":"受理"}"#))
            #expect(accepted.status == .created, "\(accepted.body.string)")
            let seen = try await app.api(.GET, PatrolRoutes.incidentDisputes.link(incident), token: dispatcher).content.decode(ListPage<Linked>.self).items
            #expect(seen.count == 1 && seen[0].receivedAt != nil && seen[0].stage == "accepted", "\(seen)")
        }
    }
}

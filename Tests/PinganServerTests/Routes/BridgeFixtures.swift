import Fluent
import Foundation
@testable import MediationServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

extension RoutePolicyTests {
    /// X1's records on the mediation side: a follow-up task and a police handover in 三里屯村 and
    /// in a village of another township.
    static func bridgeFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {
        let here = try await app.token("mediator")
        let there = try await DirectiveFixtures.mediator(app, username: "bridgewalker", villageCode: "130427103201")
        for token in [here, there] {
            let res = try await app.api(.POST, "/api/v1/disputes", token: token, json: DisputeFixtures.intake())
            guard res.status == .created else { throw TestSetupError.other("dispute: \(res.body.string)") }
            let d = try #require(try await DisputeModel.find(try res.dispute().id, on: app.db))
            let task = FollowUpTaskModel()
            task.id = UUID(); task.disputeID = try d.requireID(); task.incidentID = UUID(); task.committeeOrgUnitID = d.handlingOrgUnitID
            task.committeePath = d.handlingPath; task.townshipID = d.townshipID; task.reason = "警情 walker：30 日内第 2 次报警"
            task.createdAt = app.clock.now()
            try await task.create(on: app.db)
            add("followUpTask", Fixture(id: try task.requireID(), paths: [d.handlingPath], note: "follow-up task at \(d.handlingPath)"))
            let h = PoliceHandoverModel()
            h.id = UUID(); h.incidentID = UUID(); h.incidentNumber = "JJ-walker"; h.disputeID = try d.requireID(); h.scopePath = d.originPath
            h.townshipID = d.townshipID; h.note = "移交"; h.handedOverBy = "dispatcher"; h.createdAt = app.clock.now()
            try await h.create(on: app.db)
            add("policeHandover", Fixture(id: try h.requireID(), paths: [d.originPath], note: "police handover at \(d.originPath)"))
        }
    }
}

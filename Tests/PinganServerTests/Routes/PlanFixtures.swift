import Foundation
import GeoSupport
import PatrolDomain
@testable import PatrolServer
@testable import ServerCore
import Testing
import Vapor

extension RoutePolicyTests {
    /// The walker's records of plans and their activation (P9): at least one inside and one outside the demo scopes for
    /// each record kind its routes declare. A plan of 城关派出所 (the commander's) and one of 130427000000-GAJ-PCS02, each
    /// activated: an active plan cannot be retired, so the walker's call of `retire` leaves it for the routes after it.
    /// No unit has a task (the posts want plain-clothes units, none of which has a position), so no officer sees them.
    static func planFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {
        for (account, station) in [("commander", "130427000000-GAJ-PCS01"), ("dispatcher", "130427000000-GAJ-PCS02")] {
            let token = try await app.token(account)
            let org = try await app.unit(code: station)
            let anchor = try #require(try await app.unit(code: station + "-WG").unitGeometry?.anchor)
            let planID = UUID()
            let made = try await app.api(.POST, PlanRoutes.createPlan.link(), token: token, json: PlanFixtures.plan(planID, org: org.id!, at: anchor))
            guard made.status == .created else { throw TestSetupError.other("plan: \(made.status) \(made.body.string.prefix(200))") }
            let activationID = UUID()
            let on = try await app.api(.POST, PlanRoutes.activatePlan.link(planID), token: token, json: #"{"id":"\#(activationID)"}"#)
            guard on.status == .created else { throw TestSetupError.other("activate: \(on.status) \(on.body.string.prefix(200))") }
            let path = org.path
            let seen: @Sendable (Caller) -> Bool = { c in c.role != .patrolOfficer && c.canSee(path: path) }
            add("plan", Fixture(id: planID, paths: [path], note: "plan of \(org.name)", visible: seen))
            add("planActivation", Fixture(id: activationID, paths: [path], note: "activation of \(org.name)'s plan", visible: seen))
        }
    }
}

enum PlanFixtures {
    /// A plan's JSON with one post per point given (default: one at `at`), owned by `org`.
    static func plan(_ id: UUID, org: UUID, at: GeoPoint, name: String = "测试预案", kind: String = "urgent",
                     posts: [(name: String, lat: Double, lon: Double, kind: String, unit: UUID?, minutes: Int)]? = nil) -> String {
        let list = posts ?? [("路口岗", at.lat, at.lon, "plain_clothes", nil, 10)]
        let postsJSON = list.map { p in
            #"{"name":"\#(p.name)","lat":\#(p.lat),"lon":\#(p.lon),"unitKind":"\#(p.kind)","targetMinutes":\#(p.minutes)\#(p.unit.map { #","unitId":"\#($0)""# } ?? "")}"#
        }.joined(separator: ",")
        return #"""
        {"id":"\#(id)","orgUnitId":"\#(org)","name":"\#(name)","kind":"\#(kind)","description":"测试",
         "sites":[{"name":"重点部位","lat":\#(at.lat),"lon":\#(at.lon)}],
         "routes":[{"name":"巡逻线","points":[[\#(at.lon),\#(at.lat)],[\#(at.lon + 0.001),\#(at.lat + 0.001)]]}],
         "posts":[\#(postsJSON)]}
        """#
    }
}

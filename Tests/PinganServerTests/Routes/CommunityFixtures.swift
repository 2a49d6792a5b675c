import Fluent
import Foundation
import PatrolDomain
import Testing
@testable import PatrolServer
@testable import ServerCore
import Vapor

extension RoutePolicyTests {
    /// The walker's records of community groups, their webhooks and tips (P8): a group, a notice
    /// and a lead in the grid of 城关派出所 (the demo commander's station) and in that of another
    /// station, stored as the handlers store them.
    static func communityFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {
        let now = app.clock.now()
        let admin = try #require(try await UserModel.query(on: app.db).filter(\.$username == "admin").first())
        for stationCode in ["130427000000-GAJ-PCS01", "130427000000-GAJ-PCS05"] {
            let grid = try await app.unit(code: stationCode + "-WG")
            let group = try await CommunityFixtures.group(app, in: grid, name: "\(grid.name)沿街门店", now: now)
            add("communityGroup", Fixture(id: try group.requireID(), paths: [grid.path], note: "group in \(grid.name)"))

            let notice = CommunityNoticeModel()
            notice.id = UUID()
            notice.text = "夜间注意关好门窗"
            notice.groupIDs = "[\"\(try group.requireID())\"]"
            notice.groupNames = group.name
            notice.recipients = 1
            notice.scopePath = grid.path
            notice.sentBy = try admin.requireID()
            notice.sentName = admin.displayName
            notice.createdAt = now
            try await notice.create(on: app.db)
            let delivery = CommunityDeliveryModel()
            delivery.noticeID = try notice.requireID()
            delivery.scopePath = grid.path
            delivery.body = "{}"
            delivery.status = DeliveryStatus.pending.rawValue
            delivery.attempts = 0
            delivery.nextAttemptAt = now
            delivery.createdAt = now
            try await delivery.create(on: app.db)
            add("communityNotice", Fixture(id: try notice.requireID(), paths: [grid.path], note: "notice to a group in \(grid.name)"))

            let lead = CommunityLeadModel()
            lead.id = UUID()
            lead.tipID = "walker-\(stationCode)"
            lead.groupID = group.id
            lead.senderName = "王建国"
            lead.senderPhone = "13803101234"
            lead.text = "路口有可疑车辆"
            lead.placeLabel = ""
            lead.areaOrgUnitID = grid.id
            lead.scopePath = grid.path
            lead.status = CommunityLeadStatus.open.rawValue
            lead.signedAt = now
            lead.receivedAt = now
            try await lead.create(on: app.db)
            add("communityLead", Fixture(id: try lead.requireID(), paths: [grid.path], note: "lead in \(grid.name)"))
        }
    }
}

/// Groups stored as the create handler stores them, for the walker and the webhook tests.
enum CommunityFixtures {
    static func group(_ app: Application, in area: OrgUnitModel, name: String, kind: CommunityGroupKind = .shopOwners,
                      members: [(String, String)] = [("王建国", "13803101234")], now: Date) async throws -> CommunityGroupModel {
        let g = CommunityGroupModel()
        g.id = UUID()
        g.name = name
        g.kind = kind.rawValue
        g.areaOrgUnitID = try area.requireID()
        g.scopePath = area.path
        g.note = ""
        g.createdAt = now
        g.updatedAt = now
        try await g.create(on: app.db)
        for (i, m) in members.enumerated() {
            let r = CommunityMemberModel()
            r.groupID = try g.requireID()
            r.name = m.0
            r.phone = m.1
            r.role = "店主"
            r.position = i
            try await r.create(on: app.db)
        }
        return g
    }
}

import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
import PinganDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

@Suite("Enterprise disputes and 法律进企业 visits (M14)")
struct EnterpriseDisputeTests {
    @Test("Flag audited, visits stored once on resend, scope 404", arguments: TestDatabase.available)
    func enterprise(db: TestDatabase) async throws {
        try await withApp(db, clock: TestClock(LedgerSupport.start)) { app in
            let mediator = try await app.token("mediator"), judicial = try await app.token("judicial")
            let id = try await LedgerSupport.register(app, mediator, summary: "村民与磁州陶瓷厂因粉尘发生纠纷")
            let flag = try await app.api(.PUT, "/api/v1/disputes/\(id)/enterprise", token: mediator, json: #"{"enterpriseName":"磁州陶瓷有限公司"}"#)
            #expect(flag.status == .ok)
            let f = try flag.content.decode(EnterpriseFlagDTO.self)
            #expect(f.enterpriseRelated && f.enterpriseName == "磁州陶瓷有限公司")
            // Flagging again with the same enterprise changes nothing and records nothing more.
            _ = try await app.api(.PUT, "/api/v1/disputes/\(id)/enterprise", token: mediator, json: #"{"enterpriseName":"磁州陶瓷有限公司"}"#)
            let audits = try await AuditRecordModel.query(on: app.db).filter(\.$entityType == "dispute").filter(\.$entityID == id.uuidString)
                .filter(\.$action == "flag_enterprise").all()
            #expect(audits.count == 1 && audits[0].actorUsername == "mediator" && (audits[0].after ?? "").contains("磁州陶瓷有限公司"))
            #expect(try await app.api(.PUT, "/api/v1/disputes/\(id)/enterprise", token: mediator, json: #"{"enterpriseName":"  "}"#).status.code >= 400)

            let enterpriseID = try #require(f.enterpriseId)
            let visitID = UUID()
            let visit = #"{"id":"\#(visitID)","visitedAt":"2026-03-02T02:00:00Z","visitors":"刘律师、张调解","content":"法律进企业：讲解环保法规，排查粉尘隐患","result":"企业承诺加装除尘设备"}"#
            let first = try await app.api(.POST, "/api/v1/enterprises/\(enterpriseID)/visits", token: mediator, json: visit)
            #expect(first.status == .created, "\(first.body.string)")
            let again = try await app.api(.POST, "/api/v1/enterprises/\(enterpriseID)/visits", token: mediator, json: visit)
            #expect(again.status == .ok)
            #expect(try await EnterpriseVisitModel.query(on: app.db).count() == 1)
            #expect(try await AuditRecordModel.query(on: app.db).filter(\.$entityType == "enterprise_visit").count() == 1)

            // The township's judicial office sees the enterprise with its dispute and visit.
            let detail = try await app.api(.GET, "/api/v1/enterprises/\(enterpriseID)", token: judicial).content.decode(EnterpriseDetailDTO.self)
            #expect(detail.disputes.map(\.id) == [id] && detail.visits.map(\.id) == [visitID])
            #expect(detail.visits[0].content == "法律进企业：讲解环保法规，排查粉尘隐患" && detail.visits[0].visitors == "刘律师、张调解")
            let list = try await app.api(.GET, "/api/v1/enterprises", token: judicial).content.decode(ListPage<EnterpriseDTO>.self)
            #expect(list.items.map(\.name) == ["磁州陶瓷有限公司"] && list.items[0].disputes == 1 && list.items[0].visits == 1)

            // Another township's mediator, the room and the police: not found.
            let elsewhere = try await DirectiveFixtures.mediator(app, username: "ent103", villageCode: "130427103201")
            for token in [elsewhere, try await app.token("roomstaff"), try await app.token("dispatcher"), try await app.token("patrol")] {
                #expect(try await app.api(.GET, "/api/v1/enterprises/\(enterpriseID)", token: token).status == .notFound)
                #expect(try await app.api(.POST, "/api/v1/enterprises/\(enterpriseID)/visits", token: token, json: visit).status == .notFound)
            }
            #expect(try await app.api(.GET, "/api/v1/enterprises", token: try await app.token("dispatcher")).status == .notFound)

            // A dispute in another township naming the same enterprise widens who sees it to both.
            let other = try await LedgerSupport.register(app, elsewhere, summary: "工人与磁州陶瓷有限公司因工资发生争执")
            _ = try await app.api(.PUT, "/api/v1/disputes/\(other)/enterprise", token: elsewhere, json: #"{"enterpriseName":"磁州陶瓷有限公司"}"#)
            #expect(try await EnterpriseModel.query(on: app.db).count() == 1)
            let both = try await app.api(.GET, "/api/v1/enterprises/\(enterpriseID)", token: try await app.token("bureau")).content.decode(EnterpriseDetailDTO.self)
            #expect(Set(both.disputes.map(\.id)) == [id, other])

            // Named at intake: flagged on registration (audited), once however often the phone resends.
            let atIntake = UUID()
            let body = String(DisputeFixtures.intake(id: atIntake).dropLast()) + #","enterpriseName":"岳城建材有限公司"}"#
            #expect(try await app.api(.POST, "/api/v1/disputes", token: mediator, json: body).status == .created)
            #expect(try await app.api(.POST, "/api/v1/disputes", token: mediator, json: body).status == .ok)
            let intakeFlag = try #require(try await EnterpriseDisputeModel.find(atIntake, on: app.db))
            #expect(try await EnterpriseModel.find(intakeFlag.enterpriseID, on: app.db)?.name == "岳城建材有限公司")
            #expect(try await AuditRecordModel.query(on: app.db).filter(\.$action == "flag_enterprise").filter(\.$entityID == atIntake.uuidString).count() == 1)

            // Clearing the flag is audited and takes the dispute off the enterprise.
            let cleared = try await app.api(.DELETE, "/api/v1/disputes/\(id)/enterprise", token: mediator).content.decode(EnterpriseFlagDTO.self)
            #expect(!cleared.enterpriseRelated)
            #expect(try await AuditRecordModel.query(on: app.db).filter(\.$action == "unflag_enterprise").filter(\.$entityID == id.uuidString).count() == 1)
            #expect(try await EnterpriseDisputeModel.find(id, on: app.db) == nil)
        }
    }
}

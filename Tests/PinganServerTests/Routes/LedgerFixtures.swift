import Fluent
import Foundation
@testable import MediationServer
@testable import ServerCore
import Testing
import Vapor

extension RoutePolicyTests {
    /// The walker's records of ledgers of department rooms and professional committees (M10), enterprise disputes (M14) and quality-based evaluation (M12): at least one inside and one outside the demo scopes for
    /// each record kind its routes declare.
    static func ledgerFixtures(_ app: Application, add: (String, Fixture) -> Void) async throws {
        // Ledger units: the room 赵调解 works in, another department's room, a professional committee.
        for code in ["130427000000-BM01-TJS", "130427000000-BM02-TJS", "130427000000-ZY-LD"] {
            let unit = try await app.unit(code: code)
            add("ledgerUnit", Fixture(id: unit.id!, paths: [unit.path], note: "ledger of \(unit.name)"))
        }
        // Enterprises: one named on a dispute in 三里屯村 (磁州镇), one on a dispute in another township.
        let bureau = try await app.token("bureau")
        for (village, name) in [("130427100201", "磁州陶瓷有限公司"), ("130427103201", "岳城建材有限公司")] {
            let v = try await app.unit(code: village)
            let id = try await LedgerSupport.register(app, bureau, handling: v.id!, summary: "工人与\(name)因工资发生争执")
            let res = try await app.api(.PUT, "/api/v1/disputes/\(id)/enterprise", token: bureau, json: #"{"enterpriseName":"\#(name)"}"#)
            guard res.status == .ok else { throw TestSetupError.other("flag: \(res.status) \(res.body.string)") }
            let e = try #require(try await EnterpriseModel.query(on: app.db).filter(\.$name == name).first())
            add("enterprise", Fixture(id: e.id!, paths: [e.scopePath], note: "enterprise \(name)"))
        }
    }
}

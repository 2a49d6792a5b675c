import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Each event's payload is held to the shape the API document declares for its type
/// (`EventPayloadShapes`), and amounts to `Money`: what the document forbids is refused before
/// anything is stored, what it allows is accepted.
@Suite("Event payloads and amounts are checked as the API document declares")
struct EventPayloadTests {
    @Test("Blank, over-long and malformed payload fields are 422 and store nothing", arguments: TestDatabase.available)
    func payloadShapes(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let mediator = try await app.token("mediator")
            let id = UUID()
            let created = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: DisputeFixtures.intake(id: id))
            #expect(created.status == .created, "\(created.body.string)")
            var version = try created.dispute().version

            func post(_ type: String, _ payload: String) async throws -> (UInt, String?) {
                let r = try await app.api(.POST, "/api/v1/disputes/\(id)/events", token: mediator,
                                          json: DisputeFixtures.event(type, base: version, payload: payload))
                if r.status == .created { version = try r.dispute().version }
                return (r.status.code, r.errorCode)
            }
            let long = String(repeating: "长", count: 2001)
            let refused: [(String, String)] = [
                ("comment_added", #"{"text":"   "}"#),
                ("comment_added", #"{"text":"\#(long)"}"#),
                ("accepted", #"{"note":"\#(String(repeating: "注", count: 501))"}"#),
            ]
            for (type, payload) in refused {
                let (status, code) = try await post(type, payload)
                #expect(status == 422 && code == "validation_failed", "\(type) \(payload.prefix(40)) → \(status)")
            }
            #expect(try await post("comment_added", #"{}"#).0 == 400)
            #expect(try await post("accepted", #"{"note":"当场受理"}"#).0 == 201)

            let names = (1...51).map { #""人\#($0)""# }.joined(separator: ",")
            let session = #"{"time":"2026-03-03T01:00:00Z","place":"调解室","participants":[\#(names)],"record":"","outcome":"failed"}"#
            #expect(try await post("session_held", session) == (422, "validation_failed"))
            #expect(try await post("terminated", #"{"reason":"一方拒绝","otherRoutes":["litigation","litigation"]}"#) == (422, "validation_failed"))
            #expect(try await post("session_held", #"{"time":"2026-03-03T01:00:00Z","place":"调解室","participants":["张三"],"record":"","outcome":"succeeded"}"#).0 == 201)

            func agreement(form: String = "written", parties: String = #"["张三","李四"]"#, amount: String) -> String {
                #"{"form":"\#(form)","parties":\#(parties),"facts":"","responsibilities":"","terms":"赔偿","performanceManner":"现金","effectiveDate":"2026-03-05T00:00:00Z","amount":\#(amount)}"#
            }
            for bad in ["0.005", "1e13", "-1", "1e-127"] {
                let (status, _) = try await post("agreement_signed", agreement(amount: bad))
                #expect((400..<500).contains(status) && status != 409, "amount \(bad) → \(status)")
            }
            #expect(try await post("agreement_signed", agreement(parties: "[]", amount: "1")) == (422, "validation_failed"))
            let before = try await DisputeEventModel.query(on: app.db).filter(\.$disputeID == id).count()
            #expect(before == 3)  // registered, accepted, session held: nothing refused was stored

            // An oral agreement names no parties; 1234.5678 yuan is kept as 1234.57.
            #expect(try await post("agreement_signed", agreement(form: "oral", parties: "[]", amount: "1234.5678")).0 == 201)
            let detail = try await app.api(.GET, "/api/v1/disputes/\(id)", token: mediator)
            let json = try JSONSerialization.jsonObject(with: Data(detail.body.readableBytesView)) as? [String: Any]
            let agreed = (json?["state"] as? [String: Any])?["agreement"] as? [String: Any]
            #expect((agreed?["amount"] as? NSNumber)?.doubleValue == 1234.57)
            // Attachments are optional, as the document says: the detail page's form sends none.
            #expect(try await post("fulfilled", #"{"evidence":"已当场付清","attachmentIds":null}"#).0 == 201)
        }
    }

    @Test("An intake's amount and head count are checked and the amount kept in whole fen", arguments: TestDatabase.available)
    func intakeAmounts(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let mediator = try await app.token("mediator")
            func intake(_ extra: String, id: UUID = UUID()) -> String {
                var body = DisputeFixtures.intake(id: id)
                body.removeLast()  // the closing brace
                return body.replacingOccurrences(of: #""peopleInvolved":2,"#, with: "") + "," + extra + "}"
            }
            for extra in [#""amount":0.005"#, #""amount":2e12"#, #""peopleInvolved":2000000"#, #""peopleInvolved":0"#] {
                let r = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: intake(extra))
                #expect(r.status == .unprocessableEntity, "\(extra) → \(r.body.string)")
            }
            #expect(try await DisputeModel.query(on: app.db).count() == 0)
            let id = UUID()
            let r = try await app.api(.POST, "/api/v1/disputes", token: mediator, json: intake(#""amount":0.07000000000000001,"peopleInvolved":3"#, id: id))
            #expect(r.status == .created, "\(r.body.string)")
            let json = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any]
            let stored = ((json?["state"] as? [String: Any])?["intake"] as? [String: Any])?["amount"] as? NSNumber
            #expect(stored?.doubleValue == 0.07)
        }
    }

    @Test("The document's AppendEvent has one variant per appendable type, two for an agreement")
    func documentVariants() throws {
        let variants = try #require(EventPayloadShapes.appendEventSchema["oneOf"] as? [[String: Any]])
        let types = variants.compactMap { (($0["properties"] as? [String: Any])?["type"] as? [String: Any])?["const"] as? String }
        let appendable = DisputeEventType.allCases.filter { !EventPermissions.ownEndpoint.contains($0) }.map(\.rawValue)
        #expect(Set(types) == Set(appendable))
        #expect(types.filter { $0 == "agreement_signed" }.count == 2)
        #expect(types.count == appendable.count + 1)
    }
}

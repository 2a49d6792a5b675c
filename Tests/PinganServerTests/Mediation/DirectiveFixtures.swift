import Fluent
import Foundation
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// Shared steps of the county command tests (instructions, supervision, screening, lawyers, discussions).
enum DirectiveFixtures {
    /// A frozen morning in November 2026 (Shanghai).
    static let start = ISO8601DateFormatter().date(from: "2026-11-10T02:00:00Z")!

    static func iso(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }

    /// Creates a mediator bound to the committee of the village `villageCode` and returns a token.
    static func mediator(_ app: Application, username: String, villageCode: String) async throws -> String {
        let admin = try await app.token("admin")
        let unit = try await app.unit(code: "\(villageCode)-TWH")
        let res = try await app.api(.POST, "/api/v1/users", token: admin, json: #"""
        {"username":"\#(username)","password":"\#(DemoOrgSeed.password)","displayName":"调解员\#(username)","role":"mediator","orgUnitId":"\#(unit.id!)"}
        """#)
        guard res.status == .created else { throw TestSetupError.other("create \(username): \(res.status) \(res.body.string)") }
        return try await app.token(username)
    }

    /// Registers a dispute as the demo village mediator (三里屯村) and returns its id.
    static func dispute(_ app: Application, token: String? = nil) async throws -> UUID {
        let id = UUID()
        let t: String
        if let token { t = token } else { t = try await app.token("mediator") }
        let res = try await app.api(.POST, "/api/v1/disputes", token: t, json: DisputeFixtures.intake(id: id))
        guard res.status == .created else { throw TestSetupError.other("register: \(res.body.string)") }
        return id
    }

    /// The event types of a dispute, in order.
    static func eventTypes(_ app: Application, _ disputeID: UUID, token: String) async throws -> [String] {
        struct E: Decodable { var items: [Item]; struct Item: Decodable { var type: String } }
        let res = try await app.api(.GET, "/api/v1/disputes/\(disputeID)/events", token: token)
        return try res.content.decode(E.self).items.map(\.type)
    }

    static func count<M: Model>(_: M.Type, _ app: Application) async throws -> Int {
        try await M.query(on: app.db).count()
    }

    static func audits(_ app: Application, type: String) async throws -> Int {
        try await AuditRecordModel.query(on: app.db).filter(\.$entityType == type).count()
    }
}

/// `{"items","total"}` of any list answer, items kept generic.
struct ListTotal: Decodable { var total: Int }

extension TestingHTTPResponse {
    /// The body as a JSON object, for reading a field or two.
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.string.utf8))) as? [String: Any] ?? [:] }
    var total: Int { (try? content.decode(ListTotal.self).total) ?? -1 }
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
}

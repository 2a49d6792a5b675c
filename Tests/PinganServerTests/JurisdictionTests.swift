import Fluent
import Foundation
import PinganDomain
@testable import MediationServer
import MediationDomain
@testable import PinganServer
@testable import ServerCore
import Testing
import Vapor
import VaporTesting

/// X2: every demo account against units inside and outside its subtree.
@Suite("Jurisdiction scoping")
struct JurisdictionTests {
    /// (account, codes it must see, codes it must get 404 for).
    static let matrix: [(String, [String], [String])] = [
        ("admin", ["130427000000", "130427100201", "130427000000-GAJ-PCS05", "130427209000"], []),
        ("bureau", ["130427000000", "130427103000", "130427103201", "130427000000-BM07-TJS"], []),
        ("judicial", ["130427100000", "130427100201", "130427100201-TWH", "130427100000-TWH", "130427100001"],
         ["130427000000", "130427103000", "130427103201", "130427000000-SFJ", "130427103000-SFS", "130427000000-GAJ-PCS01"]),
        ("mediator", ["130427100201", "130427100201-TWH"],
         ["130427100202", "130427100000", "130427100000-TWH", "130427103000", "130427103201", "130427000000", "130427100001"]),
        ("roomstaff", ["130427000000-BM01-TJS"], ["130427000000-BM01", "130427000000-BM02-TJS", "130427100201", "130427000000"]),
        ("lawyer", ["130427000000"], []),
        ("governance", ["130427000000", "130427207000"], []),
        ("dispatcher", ["130427000000-GAJ-ZHZX", "130427000000-GAJ-PCS03-WG", "130427100201"], []),
        ("commander", ["130427000000-GAJ-PCS01", "130427000000-GAJ-PCS01-WG"],
         ["130427000000-GAJ-PCS02", "130427000000-GAJ-ZHZX", "130427000000-GAJ", "130427100201", "130427000000"]),
        ("patrol", ["130427000000-GAJ-PCS01-WG"], ["130427000000-GAJ-PCS01", "130427000000-GAJ-PCS02-WG", "130427100000"]),
    ]

    @Test("Each role sees its subtree and gets 404 outside it", arguments: TestDatabase.available)
    func matrixHolds(db: TestDatabase) async throws {
        try await withApp(db) { app in
            for (account, inside, outside) in Self.matrix {
                let token = try await app.token(account)
                for code in inside {
                    let id = try await app.unit(code: code).id!
                    let res = try await app.api(.GET, "/api/v1/org-units/\(id)", token: token)
                    #expect(res.status == .ok, "\(account) should see \(code)")
                }
                for code in outside {
                    let id = try await app.unit(code: code).id!
                    let res = try await app.api(.GET, "/api/v1/org-units/\(id)", token: token)
                    #expect(res.status == .notFound, "\(account) must not see \(code)")
                    #expect(res.errorCode == "not_found")
                    // Same answer as for an id that does not exist at all: nothing leaks.
                    let ghost = try await app.api(.GET, "/api/v1/org-units/\(UUID())", token: token)
                    #expect(ghost.body.string == res.body.string)
                }
            }
        }
    }

    @Test("A judicial office sees exactly its township's subtree", arguments: TestDatabase.available)
    func judicialSubtreeExact(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let plan = try DemoOrgSeed.loadPlan(resources: app.directory.resourcesDirectory)
            // Expected from the plan itself, walking parents: units whose chain reaches 磁州镇.
            let parent = Dictionary(uniqueKeysWithValues: plan.map { ($0.code, $0.parentCode) })
            func under(_ code: String, _ root: String) -> Bool {
                var c: String? = code
                while let cur = c { if cur == root { return true }; c = parent[cur] ?? nil }
                return false
            }
            let expected = Set(plan.filter { under($0.code, "130427100000") }.map(\.code))
            let token = try await app.token("judicial")
            let res = try await app.api(.GET, "/api/v1/org-units?limit=1000", token: token)
            struct L: Decodable { var items: [OrgUnitDTO]; var total: Int }
            let list = try res.content.decode(L.self)
            #expect(Set(list.items.map(\.code)) == expected)
            #expect(list.total == expected.count)
            let township = 1, committee = 1, villagesAndTheirCommittees = 72 * 2
            #expect(expected.count == township + committee + villagesAndTheirCommittees)
        }
    }

    @Test("Users outside an administrator's scope are invisible; non-admins cannot list users", arguments: TestDatabase.available)
    func userScope(db: TestDatabase) async throws {
        try await withApp(db) { app in
            for account in ["judicial", "mediator", "dispatcher", "bureau"] {
                let token = try await app.token(account)
                let res = try await app.api(.GET, "/api/v1/users", token: token)
                #expect(res.status == .forbidden)
                #expect(res.errorCode == "forbidden")
            }
            let anonymous = try await app.api(.GET, "/api/v1/org-units", token: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.errorCode == "unauthorized")
        }
    }
}

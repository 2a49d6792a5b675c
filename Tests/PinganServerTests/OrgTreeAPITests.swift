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

@Suite("Org tree through the API")
struct OrgTreeAPITests {
    struct Listing: Decodable { var items: [OrgUnitDTO]; var total: Int }

    @Test("The county administrator sees the whole demo county", arguments: TestDatabase.available)
    func adminSeesCounty(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("admin")
            func total(_ query: String) async throws -> Int {
                let res = try await app.api(.GET, "/api/v1/org-units?\(query)&limit=1", token: token)
                #expect(res.status == .ok)
                return try res.content.decode(Listing.self).total
            }
            #expect(try await total("kind=township") == 11)
            #expect(try await total("kind=village") + total("kind=community") == 259)
            #expect(try await total("kind=department") == 37)
            #expect(try await total("kind=mediation_room") == 37)
            #expect(try await total("kind=police_station") == 13)
            #expect(try await total("kind=patrol_grid") == 20)
            #expect(try await total("kind=judicial_office") == 11)
            #expect(try await total("kind=professional_committee") == 3)
            // County, 11 townships and 259 villages each have a committee.
            #expect(try await total("kind=mediation_committee") == 271)
        }
    }

    @Test("Running the demo seed again adds nothing", arguments: TestDatabase.available)
    func seedIsIdempotent(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let units = try await OrgUnitModel.query(on: app.db).count()
            let users = try await UserModel.query(on: app.db).count()
            let again = try await DemoOrgSeed.run(on: app)
            #expect(again.units == 0 && again.users == 0)
            #expect(try await OrgUnitModel.query(on: app.db).count() == units)
            #expect(try await UserModel.query(on: app.db).count() == users)
        }
    }

    @Test("Filters by parent and search, pages with total", arguments: TestDatabase.available)
    func filtersAndPaging(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("admin")
            let township = try await app.unit(code: "130427108000") // 黄沙镇, 10 villages
            let res = try await app.api(.GET, "/api/v1/org-units?parent=\(township.id!)&kind=village&limit=3&offset=0", token: token)
            let page = try res.content.decode(Listing.self)
            #expect(page.total == 10)
            #expect(page.items.count == 3)
            #expect(page.items.allSatisfy { $0.parentId == township.id })
            let next = try await app.api(.GET, "/api/v1/org-units?parent=\(township.id!)&kind=village&limit=3&offset=9", token: token)
            #expect(try next.content.decode(Listing.self).items.count == 1)
            let search = try await app.api(.GET, "/api/v1/org-units?q=\("三里屯".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)", token: token)
            let found = try search.content.decode(Listing.self)
            #expect(found.items.contains { $0.name == "三里屯村" })
        }
    }

    @Test("Township areas are illustrative polygons inside the county", arguments: [TestDatabase.sqlite])
    func layout(db: TestDatabase) async throws {
        try await withApp(db) { app in
            let token = try await app.token("admin")
            let res = try await app.api(.GET, "/api/v1/map/features?kind=township&kind=county", token: token)
            struct FC: Decodable { var features: [F] }
            struct F: Decodable { var geometry: UnitGeometry; var properties: P }
            struct P: Decodable { var kind: String; var illustrative: Bool }
            let fc = try res.content.decode(FC.self)
            #expect(fc.features.filter { $0.properties.kind == "township" }.count == 11)
            #expect(fc.features.filter { $0.properties.kind == "county" }.count == 1)
            let illustrative = fc.features.filter { $0.properties.kind == "township" }.allSatisfy { $0.properties.illustrative }
            #expect(illustrative)
        }
    }
}

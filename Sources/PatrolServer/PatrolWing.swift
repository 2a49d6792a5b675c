import Fluent
import PinganDomain
import ServerCore
import Vapor

/// 网格化巡控 as the shared frame sees it: units, shifts, devices and tracks (migrations, stores,
/// the live positions) and their API. The command map and the phone page come next.
package struct PatrolWing: Wing {
    package init() {}

    package var migrations: [any Migration] { PatrolMigrations.all }

    package func register(_ routes: any RoutesBuilder) throws {
        let collections: [any RouteCollection] = [UnitController(), DeviceController(), PositionController(), PhonePage()]
        for c in collections { try routes.register(collection: c) }
    }

    package var endpoints: [Endpoint] { PatrolRoutes.all }

    package var schemas: [String: Any] { OpenAPIDocument.patrolSchemas }

    package func menu(for role: Role) -> [MenuItem] {
        role == .patrolOfficer ? [MenuItem(PatrolRoutes.phonePage.link(), "巡逻勤务")] : []
    }

    package func homeCards(for role: Role) -> [HomeCard] { [] }

    package func seedDemo(on app: Application, log: (String) -> Void) async throws {
        try await PatrolDemoSeed.run(on: app.db, now: app.clock.now(), log: log)
    }
}

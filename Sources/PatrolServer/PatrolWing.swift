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
        let collections: [any RouteCollection] = [UnitController(), DeviceController(), PositionController(), RoadNetworkController()]
        for c in collections { try routes.register(collection: c) }
    }

    package var endpoints: [Endpoint] { PatrolRoutes.all }

    package var schemas: [String: Any] { OpenAPIDocument.patrolSchemas.merging(OpenAPIDocument.roadSchemas) { a, _ in a } }

    /// The road graph, once, before any request (`PINGAN_ROAD_GRAPH`; the demo network by default).
    package func prepare(_ app: Application) throws {
        let clock = ContinuousClock()
        var network = RoadNetwork.none
        let took = try clock.measure { network = try RoadNetwork.load(app.settings.roadGraph, resources: app.directory.resourcesDirectory) }
        app.roadNetwork = network
        app.logger.info("\(network.summary), \(took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000) ms")
    }

    package func menu(for role: Role) -> [MenuItem] { [] }

    package func homeCards(for role: Role) -> [HomeCard] { [] }

    package func seedDemo(on app: Application, log: (String) -> Void) async throws {
        try await PatrolDemoSeed.run(on: app.db, now: app.clock.now(), log: log)
    }
}

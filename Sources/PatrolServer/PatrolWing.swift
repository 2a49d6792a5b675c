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
        let collections: [any RouteCollection] = [UnitController(), DeviceController(), PositionController(), LiveController(),
                                                  RoadNetworkController(), IncidentController(), IncidentDisputeController(), ContainmentController(), CoverageController(), HandoverController(), PatrolQualityController(), ReinforcementController(),
                                                  FieldRecordController(), VideoPatrolController(), CommunityController(), PlanController(), PoliceStatisticsController(),
                                                  PatrolPages(), PhonePage()]
        for c in collections { try routes.register(collection: c) }
    }

    package var endpoints: [Endpoint] { PatrolRoutes.all + FieldRecordRoutes.all + VideoPatrolRoutes.all + CommunityRoutes.all + PlanRoutes.all + PoliceStatisticsRoutes.all }

    /// The road graph, once, before any request (`PINGAN_ROAD_GRAPH`; the demo network by default),
    /// the one writer of tracks, on PostgreSQL the listener that relays other instances' live updates, and the track upkeep
    /// (monthly partitions, retention).
    package func boot(_ app: Application) throws {
        let clock = ContinuousClock()
        var network = RoadNetwork.none
        let took = try clock.measure { network = try RoadNetwork.load(app.settings.roadGraph, checkpointsFile: app.settings.checkpointsFile,
                                                                          resources: app.directory.resourcesDirectory) }
        app.roadNetwork = network
        app.logger.info("\(network.summary), \(took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000) ms")
        // Made now, before anything runs concurrently (`Application.sharedService`).
        _ = (app.fixWriter, app.liveFeed, app.livePositions, app.coverageCache, app.communityDelivery)
        app.patrolBridge = PatrolSideOfBridge()
        app.lifecycle.use(FixWriterLifecycle())
        app.lifecycle.use(LiveRelay())
        app.lifecycle.use(TrackUpkeep())
        try CommunityLifecycle.boot(app)
        PatrolMetrics.register(app)
    }

    package var schemas: [String: Any] { OpenAPIDocument.patrolSchemas.merging(OpenAPIDocument.roadSchemas) { a, _ in a }.merging(OpenAPIDocument.incidentSchemas) { a, _ in a }
        .merging(OpenAPIDocument.reinforcementSchemas) { a, _ in a }
        .merging(FieldRecordRoutes.schemas) { a, _ in a }.merging(VideoPatrolRoutes.schemas) { a, _ in a }
        .merging(CommunityRoutes.schemas) { a, _ in a }.merging(PlanRoutes.schemas) { a, _ in a }
        .merging(PoliceStatisticsRoutes.schemas) { a, _ in a } }

    package func menu(for role: Role) -> [MenuItem] {
        let own: [MenuItem] = if role == .patrolOfficer { [MenuItem(PatrolRoutes.phonePage.link(), "巡逻勤务")] }
            else if PatrolRoutes.commanders.contains(role) && role.works(in: .police) { [MenuItem(PatrolRoutes.commandPage.link(), "指挥调度图")] }
            else { [] }
        return own + FieldRecordRoutes.menu(for: role) + VideoPatrolRoutes.menu(for: role) + CommunityRoutes.menu(for: role) + PlanRoutes.menu(for: role) + PoliceStatisticsRoutes.menu(for: role)
    }

    package func homeCards(for role: Role) -> [HomeCard] {
        guard PatrolRoutes.commanders.contains(role) else { return [] }
        return [HomeCard(href: PatrolRoutes.commandPage.link(), title: "指挥调度图", text: "巡逻单元实时位置、状态与轨迹回放")]
    }

    package func seedDemo(on app: Application, log: (String) -> Void) async throws {
        try await PatrolDemoSeed.run(on: app.db, now: app.clock.now(), log: log)
        for seed in [FieldRecordDemoSeed.run, VideoPatrolDemoSeed.run, CommunityDemoSeed.run, PlanDemoSeed.run] {
            try await seed(app.db, app.clock.now(), log)
        }
    }
}

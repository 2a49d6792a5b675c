import Fluent
import PinganDomain
import ServerCore
import Vapor

/// 网格化巡控 as the shared frame sees it. This first part brings the units, their devices and
/// their tracks (migrations, stores, the live positions); its routes and pages come next.
package struct PatrolWing: Wing {
    package init() {}

    package var migrations: [any Migration] { PatrolMigrations.all }

    package func register(_ routes: any RoutesBuilder) throws {}

    package var endpoints: [Endpoint] { [] }

    package func menu(for role: Role) -> [MenuItem] { [] }

    package func homeCards(for role: Role) -> [HomeCard] { [] }
}

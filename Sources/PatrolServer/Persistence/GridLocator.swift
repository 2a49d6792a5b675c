import Fluent
import Foundation
import PinganDomain
import ServerCore

/// Which patrol grid a point lies in: an incident is filed under its grid, so the station that
/// owns the grid sees it and the response times add up by grid. A county has tens of grids, so
/// they are read and tested one by one.
package struct GridLocator {
    package let db: any Database

    /// The patrol grid under `scopePath` whose polygon holds `point`, or nil (a point off every grid).
    package func grid(containing point: GeoPoint, within scopePath: String = "") async throws -> OrgUnitModel? {
        let grids = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.patrolGrid.rawValue)
            .filter(\.$geometry != nil).sort(\.$path).all()
        let decoder = JSONDecoder()
        let holding = grids.filter { g in
            guard let text = g.geometry, let geometry = try? decoder.decode(UnitGeometry.self, from: Data(text.utf8)) else { return false }
            return geometry.contains(point)
        }
        // Prefer the caller's own grid when grids overlap (illustrative geometry may).
        return holding.first { $0.path.hasPrefix(scopePath) } ?? holding.first
    }

    package init(db: any Database) { self.db = db }
}

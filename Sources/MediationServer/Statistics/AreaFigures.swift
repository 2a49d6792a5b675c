import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore

/// The map of `/statistics` (#12, "maps where place matters"): disputes received in each
/// township of the county (or each village of a township) for the page's period. Each area's
/// figure is the table's own 受理纠纷 row for that unit (`CountyFigure.received` over
/// `CountyScope(unit: area)`), so it equals `GET /api/v1/statistics/county?orgUnit=<area>` and
/// its link opens the same list as the table's figure would.
struct AreaFigures: Encodable {
    struct Area: Encodable {
        var id: UUID
        var name: String
        var received: Int
        /// `/statistics/records?figure=received&orgUnit=…` with the page's period.
        var link: String
    }

    /// Township (county scope) or village (township scope) areas; empty where the scope has none.
    var areas: [Area]
    /// Disputes of the scope in no area: received and handled by county units (department rooms,
    /// professional and county committees) or, for a township, by the township committee itself
    /// with no village. Counted with its own query, so areas + outside = the table's total is a check.
    var outside: Int
    /// The unit kinds drawn (for the legend).
    var kind: String

    static func compute(_ scope: CountyScope, on db: Database, link: (UUID) -> String) async throws -> AreaFigures {
        let kinds: [OrgUnitKind]
        switch scope.unit.unitKind {
        case .county: kinds = [.township]
        case .township: kinds = [.village, .community]
        default: kinds = []
        }
        let own = try scope.unit.requireID()
        let units = kinds.isEmpty ? [] : try await OrgUnitModel.query(on: db).filter(\.$path =~ scope.unit.path)
            .filter(\.$kind ~~ kinds.map(\.rawValue)).filter(\.$id != own).sort(\.$code).all()
        var areas: [Area] = []
        for u in units {
            let id = try u.requireID()
            let received = try await CountyFigure.received.filter(CountyScope(unit: u, from: scope.from, to: scope.to).disputes(on: db)).count()
            areas.append(Area(id: id, name: u.name, received: received, link: link(id)))
        }
        let rest = CountyFigure.received.filter(scope.disputes(on: db))
        for u in units { rest.filter(\.$originPath !=~ u.path).filter(\.$handlingPath !=~ u.path) }
        return AreaFigures(areas: areas, outside: units.isEmpty ? 0 : try await rest.count(), kind: kinds.first?.rawValue ?? "")
    }
}

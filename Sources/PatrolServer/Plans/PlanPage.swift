import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// 预案管理 (`/patrol/plans`): the list of plans, a plan's map with its key sites, patrol routes and
/// posts, and the editor (click the map to place). A shell: its script reads and writes the same
/// API a client would.
enum PlanPage {
    struct Option: Encodable { var value: String; var label: String }
    struct Model: Encodable {
        var mayManage: Bool
        var kinds: [Option]
        var unitKinds: [Option]
        /// The org units a plan may belong to: the caller's scope and the police stations in it.
        var orgUnits: [Option]
        var commandLink: String
    }

    @Sendable static func render(req: Request) async throws -> Response {
        let caller = try req.caller()
        // The caller's own unit first (the command centre, a station), then its scope and the stations in it.
        let own = try await OrgUnitModel.query(on: req.db).filter(\.$id ~~ [caller.orgUnitID, caller.scopeUnitID]).all()
        let stations = try await OrgUnitModel.query(on: req.db).filter(\.$path =~ caller.scopePath)
            .filter(\.$kind == OrgUnitKind.policeStation.rawValue).sort(\.$code).all()
        var seen = Set<UUID>(), orgs: [Option] = []
        for u in own.sorted(by: { a, _ in a.id == caller.orgUnitID }) + stations where caller.canSee(u) {
            guard let id = u.id, seen.insert(id).inserted else { continue }
            orgs.append(Option(value: id.uuidString, label: u.name))
        }
        let model = Model(mayManage: PlanRoutes.planners.contains(caller.role),
                          kinds: PlanKind.allCases.map { Option(value: $0.rawValue, label: $0.label) },
                          unitKinds: PatrolUnitKind.allCases.filter(\.moves).map { Option(value: $0.rawValue, label: $0.label) },
                          orgUnits: orgs, commandLink: PatrolRoutes.commandPage.link())
        return try await PageController().render(req, "patrol/plans", title: "预案管理", actor: caller, current: PlanRoutes.plansPage.path, model)
    }
}

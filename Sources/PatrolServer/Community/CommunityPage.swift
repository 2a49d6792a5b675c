import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// 四进四联 (`/patrol/community`): the groups of the caller's subtree with their members (phones
/// masked), the notices sent and how their delivery stands, a form to keep a group and one to
/// send a notice. The lists and forms are `community.js`, over the JSON API.
struct CommunityPage {
    struct Option: Encodable { var value: String; var label: String }
    struct Model: Encodable {
        var kinds: [Option]
        var areas: [Option]
        var gatewayConfigured: Bool
    }

    func render(req: Request) async throws -> Response {
        let caller = try req.caller()
        // Grids first (the police's own), then townships, then villages and communities.
        let order: [OrgUnitKind] = [.patrolGrid, .township, .community, .village, .area]
        let units = try await OrgUnitModel.query(on: req.db).filter(\.$path =~ caller.scopePath)
            .filter(\.$kind ~~ order.map(\.rawValue)).sort(\.$code).all()
        let areas = order.flatMap { kind in
            units.filter { $0.kind == kind.rawValue }.map { Option(value: $0.id!.uuidString, label: "\($0.name)（\(kind.label)）") }
        }
        let model = Model(kinds: CommunityGroupKind.allCases.map { Option(value: $0.rawValue, label: $0.label) }, areas: areas,
                          gatewayConfigured: req.application.settings.gatewayURL != nil)
        return try await PageController().render(req, "patrol/community", title: "四进四联", actor: caller, current: CommunityRoutes.page.path, model)
    }
}

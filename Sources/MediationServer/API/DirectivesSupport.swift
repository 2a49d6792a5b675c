import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// Who may do what on the county directives side (M8, M9, M11), and the list filters every
/// directives resource shares.
package struct DirectivesAccess {
    package let actor: Caller
    /// The actor's own unit's parent: a village committee answers for its village, a department's
    /// mediation room for its department.
    package let parentUnitID: UUID?

    /// Instructions and supervision orders come from the county justice bureau (and administrators).
    package static let issuers: [Role] = [.admin, .justiceBureauStaff]
    /// Collective discussions are convened by the bureau or a township judicial office.
    package static let conveners: [Role] = [.admin, .justiceBureauStaff, .judicialOfficeStaff]

    package static func load(_ req: Request) async throws -> DirectivesAccess {
        let actor = try DisputeController.caller(req)
        let unit = try await OrgUnitModel.find(actor.orgUnitID, on: req.db)
        // Only a committee or room stands for the unit it sits in; a judicial office does not
        // answer for the bureau above it.
        let standsForParent = [OrgUnitKind.mediationCommittee, .mediationRoom].contains { $0.rawValue == unit?.kind }
        return DirectivesAccess(actor: actor, parentUnitID: standsForParent ? unit?.parentID : nil)
    }

    package func require(_ roles: [Role]) throws {
        guard roles.contains(actor.role) else { throw APIError.forbidden }
    }

    /// The units this user answers for: their own unit, the unit whose jurisdiction they hold,
    /// and the unit their committee or room sits in. Lawyers answer for no unit.
    package var ownUnits: [UUID] {
        guard actor.role != .lawyer else { return [] }
        return Array(Set([actor.orgUnitID, actor.scopeUnitID] + (parentUnitID.map { [$0] } ?? [])))
    }

    package func answersFor(_ unitID: UUID) -> Bool { ownUnits.contains(unitID) }

    /// A record addressed to `unitID` at `path` is visible inside the scope or to the unit itself.
    package func sees(unitID: UUID, path: String) -> Bool { actor.canSee(path: path) || answersFor(unitID) }

    package static let notRecipient = APIError(status: .forbidden, code: "not_recipient",
                                       message: "只有接收单位可以签收或回复 / only the recipient unit may acknowledge or reply")
}

/// `orgUnit`, `from`, `to` as every directives list reads them.
package struct DirectivesListFilter {
    /// The subtree to list: `orgUnit` (which must be in scope, else 404) or the whole scope.
    package var scopePath: String
    package var from: Date?
    package var to: Date?

    package init(_ req: Request, actor: Caller) async throws {
        scopePath = actor.scopePath
        if let raw = req.query[String.self, at: "orgUnit"], !raw.isEmpty {
            guard let id = UUID(uuidString: raw), let unit = try await OrgUnitStore(db: req.db).find(id, scopePath: actor.scopePath) else {
                throw APIError.notFound("单位")
            }
            scopePath = unit.path
        }
        from = try AuditController.date(req, "from")
        to = try AuditController.date(req, "to")
    }

    /// Whether `orgUnit` narrowed the list below the caller's whole scope.
    package func narrowed(_ actor: Caller) -> Bool { scopePath != actor.scopePath }

    /// `?name=a` checked against the allowed values: anything else is a 400 naming the choices.
    package static func choice(_ req: Request, _ name: String, _ allowed: [String]) throws -> String? {
        guard let raw = req.query[String.self, at: name], !raw.isEmpty else { return nil }
        guard allowed.contains(raw) else {
            throw APIError.badRequest("\(name)=\(raw) 无效，可选：\(allowed.joined(separator: ", ")) / invalid \(name)", code: "invalid_query")
        }
        return raw
    }

    package static func uuid(_ req: Request, _ name: String) throws -> UUID? {
        guard let raw = req.query[String.self, at: name], !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw) else {
            throw APIError.badRequest("\(name) 不是有效编号 / \(name) is not a UUID", code: "invalid_query")
        }
        return id
    }
}


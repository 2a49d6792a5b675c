import Fluent
import PinganDomain
import Vapor

/// Who may do what on the county command side (M8, M9, M11), and the list filters every
/// command resource shares.
struct CommandAccess {
    let actor: Actor
    /// The actor's own unit's parent: a village committee answers for its village, a department's
    /// mediation room for its department.
    let parentUnitID: UUID?

    /// Instructions and supervision orders come from the county justice bureau (and administrators).
    static let issuers: [Role] = [.admin, .justiceBureauStaff]
    /// Collective discussions are convened by the bureau or a township judicial office.
    static let conveners: [Role] = [.admin, .justiceBureauStaff, .judicialOfficeStaff]

    static func load(_ req: Request) async throws -> CommandAccess {
        let actor = try DisputeController.actor(req)
        let unit = try await OrgUnitModel.find(actor.orgUnitID, on: req.db)
        // Only a committee or room stands for the unit it sits in; a judicial office does not
        // answer for the bureau above it.
        let standsForParent = [OrgUnitKind.mediationCommittee, .mediationRoom].contains { $0.rawValue == unit?.kind }
        return CommandAccess(actor: actor, parentUnitID: standsForParent ? unit?.parentID : nil)
    }

    func require(_ roles: [Role]) throws {
        guard roles.contains(actor.role) else { throw APIError.forbidden }
    }

    /// The units this user answers for: their own unit, the unit whose jurisdiction they hold,
    /// and the unit their committee or room sits in. Lawyers answer for no unit.
    var ownUnits: [UUID] {
        guard actor.role != .lawyer else { return [] }
        return Array(Set([actor.orgUnitID, actor.scopeUnitID] + (parentUnitID.map { [$0] } ?? [])))
    }

    func answersFor(_ unitID: UUID) -> Bool { ownUnits.contains(unitID) }

    /// A record addressed to `unitID` at `path` is visible inside the scope or to the unit itself.
    func sees(unitID: UUID, path: String) -> Bool { actor.canSee(path: path) || answersFor(unitID) }

    static let notRecipient = APIError(status: .forbidden, code: "not_recipient",
                                       message: "只有接收单位可以签收或回复 / only the recipient unit may acknowledge or reply")
}

/// `orgUnit`, `from`, `to` as every command list reads them.
struct CommandListFilter {
    /// The subtree to list: `orgUnit` (which must be in scope, else 404) or the whole scope.
    var scopePath: String
    var from: Date?
    var to: Date?

    init(_ req: Request, actor: Actor) async throws {
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
    func narrowed(_ actor: Actor) -> Bool { scopePath != actor.scopePath }

    /// `?name=a` checked against the allowed values: anything else is a 400 naming the choices.
    static func choice(_ req: Request, _ name: String, _ allowed: [String]) throws -> String? {
        guard let raw = req.query[String.self, at: name], !raw.isEmpty else { return nil }
        guard allowed.contains(raw) else {
            throw APIError.badRequest("\(name)=\(raw) 无效，可选：\(allowed.joined(separator: ", ")) / invalid \(name)", code: "invalid_query")
        }
        return raw
    }

    static func uuid(_ req: Request, _ name: String) throws -> UUID? {
        guard let raw = req.query[String.self, at: name], !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw) else {
            throw APIError.badRequest("\(name) 不是有效编号 / \(name) is not a UUID", code: "invalid_query")
        }
        return id
    }
}

/// Names of units for list answers, loaded in one query.
enum UnitNames {
    static func load(_ ids: some Sequence<UUID>, on db: Database) async throws -> [UUID: String] {
        let set = Array(Set(ids))
        guard !set.isEmpty else { return [:] }
        let units = try await OrgUnitModel.query(on: db).filter(\.$id ~~ set).all()
        return Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u.name) } })
    }
}

/// A resent create whose id is already used for something else.
extension APIError {
    static func idTaken(_ id: UUID) -> APIError {
        .conflict("编号 \(id) 已用于另一条记录 / this id was used for a different record", code: "duplicate_id")
    }
}

extension QueryBuilder {
    /// `paged` for lists whose items are built with further queries (unit names, recipients):
    /// one page of the (already sorted) rows, mapped together, and the whole count.
    func pagedRows<T: Content>(_ p: PageRequest, map: ([Model]) async throws -> [T]) async throws -> ListPage<T> {
        let total = try await copy().count()
        let rows = try await copy().range(p.offset..<(p.offset + p.limit)).all()
        return ListPage(items: try await map(rows), total: total, limit: p.limit, offset: p.offset)
    }
}

/// Creates with a client-made id, safe against a phone sending the same request twice at once:
/// when the copy holds the database (SQLite "busy") or wins the insert, the answer is what it
/// stored; otherwise the write is tried again a little later. `write` must build its rows afresh.
enum IdempotentCreate {
    static func run<T>(write: () async throws -> T, stored: () async throws -> T?) async throws -> (T, created: Bool) {
        for attempt in 1...3 {
            do {
                return (try await write(), true)
            } catch where (error as? any DatabaseError) != nil {
                if let s = try await stored() { return (s, false) }
                guard attempt < 3 else { throw error }
                try await Task.sleep(nanoseconds: UInt64(attempt) * 100_000_000)
            }
        }
        throw APIError.conflict("系统繁忙，请重试 / busy, retry", code: "busy")
    }
}

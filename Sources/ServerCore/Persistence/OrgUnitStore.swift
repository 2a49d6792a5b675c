import Fluent
import Foundation
import PinganDomain

/// Queries and writes on the org tree, always through a caller's scope.
package struct OrgUnitStore {
    package let db: Database

    /// Units inside `scopePath`, filtered; the query handlers page over.
    package func visible(scopePath: String, kind: OrgUnitKind?, parentID: UUID?, search: String?) -> QueryBuilder<OrgUnitModel> {
        let q = OrgUnitModel.query(on: db).filter(\.$path =~ scopePath)
        if let kind { q.filter(\.$kind == kind.rawValue) }
        if let parentID { q.filter(\.$parentID == parentID) }
        if let search, !search.isEmpty {
            q.group(.or) { $0.filter(\.$name ~~ search).filter(\.$code ~~ search) }
        }
        return q.sort(\.$depth).sort(\.$code)
    }

    /// The unit, if it exists inside the scope; nil otherwise (callers answer 404 either way).
    package func find(_ id: UUID, scopePath: String) async throws -> OrgUnitModel? {
        guard let u = try await OrgUnitModel.find(id, on: db), u.path.hasPrefix(scopePath) else { return nil }
        return u
    }

    package func byCode(_ code: String) async throws -> OrgUnitModel? {
        try await OrgUnitModel.query(on: db).filter(\.$code == code).first()
    }

    /// How many units of `kind` exist, not counting `excluding`.
    package func count(kind: OrgUnitKind, excluding: UUID? = nil) async throws -> Int {
        let q = OrgUnitModel.query(on: db).filter(\.$kind == kind.rawValue)
        if let excluding { q.filter(\.$id != excluding) }
        return try await q.count()
    }

    /// The kinds of the unit's direct children.
    package func childKinds(of id: UUID) async throws -> Set<OrgUnitKind> {
        let kinds = try await OrgUnitModel.query(on: db).filter(\.$parentID == id).unique().all(\.$kind)
        return Set(kinds.compactMap(OrgUnitKind.init(rawValue:)))
    }

    /// Accounts bound to the unit: their scope is its jurisdiction, so changing that moves them.
    package func boundUsers(_ id: UUID) async throws -> [UserModel] {
        try await UserModel.query(on: db).filter(\.$orgUnitID == id).all()
    }

    /// Checks a unit against the tree's rules (`OrgTreeRules`) given what it points at; shape
    /// problems (code, name) are a 422 like any field, tree problems a 409 `org_tree_rule`, since
    /// they depend on the other units.
    package func checkRules(code: String, name: String, kind: OrgUnitKind, parent: OrgUnitModel?, jurisdiction: OrgUnitModel?,
                            unitID: UUID?) async throws {
        var childKinds: Set<OrgUnitKind> = []
        if let unitID { childKinds = try await self.childKinds(of: unitID) }
        let others = OrgTreeRules.singletons.contains(kind) ? try await count(kind: kind, excluding: unitID) : 0
        let proposal = OrgTreeRules.Proposal(code: code, name: name, kind: kind, parentKind: parent.map { $0.unitKind ?? .area },
                                             jurisdictionKind: jurisdiction.map { $0.unitKind ?? .area },
                                             othersOfKind: others, childKinds: childKinds)
        let found = OrgTreeRules.violations(proposal)
        let shape = found.filter { if case .badCode = $0 { true } else if case .badName = $0 { true } else { false } }
        if !shape.isEmpty { throw APIError.validation(shape.map(\.description).joined(separator: "；")) }
        if !found.isEmpty {
            throw APIError.conflict(found.map(\.description).joined(separator: "；"), code: "org_tree_rule")
        }
    }

    /// Writes a planned tree (parents first), inserting new codes and updating names, kinds'
    /// geometry and flags of existing ones. Returns (inserted, updated). Audit records are written
    /// by the caller-supplied closure so commands and API share this path.
    package func upsert(_ plan: [PlannedUnit], audit: (OrgUnitModel, OrgUnitDTO?) async throws -> Void) async throws -> (Int, Int) {
        var byCode: [String: OrgUnitModel] = [:]
        for u in try await OrgUnitModel.query(on: db).all() { byCode[u.code] = u }
        var inserted = 0, updated = 0
        let encoder = JSONEncoder()
        for p in plan {
            let geometry = try p.geometry.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            if let existing = byCode[p.code] {
                let before = OrgUnitDTO(existing, withGeometry: false)
                existing.name = p.name
                if let geometry {
                    existing.geometry = geometry
                    existing.geometryIllustrative = p.geometryIllustrative
                }
                if existing.hasChanges {
                    try await existing.update(on: db)
                    try await audit(existing, before)
                    updated += 1
                }
            } else {
                let parent = p.parentCode.flatMap { byCode[$0] }
                let m = OrgUnitModel(code: p.code, name: p.name, kind: p.kind, parent: parent, geometry: geometry,
                                     geometryIllustrative: p.geometryIllustrative, plausibleFiller: p.plausibleFiller)
                try await m.create(on: db)
                byCode[p.code] = m
                try await audit(m, nil)
                inserted += 1
            }
        }
        // Jurisdictions may point forward in the plan, so they are set once every unit exists.
        for p in plan {
            guard let j = p.jurisdictionCode, let unit = byCode[p.code], let target = byCode[j]?.id,
                  unit.jurisdictionID != target else { continue }
            unit.jurisdictionID = target
            try await unit.update(on: db)
        }
        return (inserted, updated)
    }

    package init(db: Database) {
        self.db = db
    }
}

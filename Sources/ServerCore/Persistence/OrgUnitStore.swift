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

import Foundation
import PinganDomain
import Vapor

/// An org unit as the API shows it.
package struct OrgUnitDTO: Content, Equatable {
    package var id: UUID
    package var code: String
    package var name: String
    package var kind: String
    package var kindLabel: String
    package var parentId: UUID?
    package var jurisdictionId: UUID?
    package var depth: Int
    package var geometryIllustrative: Bool
    package var plausibleFiller: Bool
    package var geometry: UnitGeometry?

    package init(_ m: OrgUnitModel, withGeometry: Bool) {
        id = m.id!
        code = m.code
        name = m.name
        kind = m.kind
        kindLabel = m.unitKind?.label ?? m.kind
        parentId = m.parentID
        jurisdictionId = m.jurisdictionID
        depth = m.depth
        geometryIllustrative = m.geometryIllustrative
        plausibleFiller = m.plausibleFiller
        geometry = withGeometry ? m.geometry.flatMap { try? JSONDecoder().decode(UnitGeometry.self, from: Data($0.utf8)) } : nil
    }
}

/// Body of `POST /api/v1/org-units`.
package struct CreateOrgUnitRequest: Content {
    package var code: String
    package var name: String
    package var kind: String
    package var parentId: UUID
    package var jurisdictionId: UUID?
    package var geometry: UnitGeometry?
    package var geometryIllustrative: Bool?

    package init(code: String, name: String, kind: String, parentId: UUID, jurisdictionId: UUID? = nil, geometry: UnitGeometry? = nil,
                 geometryIllustrative: Bool? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parentId = parentId
        self.jurisdictionId = jurisdictionId
        self.geometry = geometry
        self.geometryIllustrative = geometryIllustrative
    }
}

/// Body of `PATCH /api/v1/org-units/{id}`: what may change without moving the unit in the tree.
/// `confirm` must be true for a change that moves the scope of the unit's accounts.
package struct UpdateOrgUnitRequest: Content {
    package var code: String?
    package var name: String?
    package var kind: String?
    package var jurisdictionId: UUID?
    package var geometry: UnitGeometry?
    package var geometryIllustrative: Bool?
    package var confirm: Bool?

    package init(code: String? = nil, name: String? = nil, kind: String? = nil, jurisdictionId: UUID? = nil, geometry: UnitGeometry? = nil,
                 geometryIllustrative: Bool? = nil, confirm: Bool? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.jurisdictionId = jurisdictionId
        self.geometry = geometry
        self.geometryIllustrative = geometryIllustrative
        self.confirm = confirm
    }
}

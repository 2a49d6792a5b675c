import Foundation
import PinganDomain
import Vapor

/// An org unit as the API shows it.
struct OrgUnitDTO: Content, Equatable {
    var id: UUID
    var code: String
    var name: String
    var kind: String
    var kindLabel: String
    var parentId: UUID?
    var jurisdictionId: UUID?
    var depth: Int
    var geometryIllustrative: Bool
    var plausibleFiller: Bool
    var geometry: UnitGeometry?

    init(_ m: OrgUnitModel, withGeometry: Bool) {
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
struct CreateOrgUnitRequest: Content {
    var code: String
    var name: String
    var kind: String
    var parentId: UUID
    var jurisdictionId: UUID?
    var geometry: UnitGeometry?
}

/// Body of `PATCH /api/v1/org-units/{id}`: only what may change without moving the unit.
struct UpdateOrgUnitRequest: Content {
    var code: String?
    var name: String?
    var geometry: UnitGeometry?
    var geometryIllustrative: Bool?
}

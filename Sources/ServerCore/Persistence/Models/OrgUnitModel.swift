import Fluent
import Foundation
import PinganDomain

/// An org unit row. `path` holds the ids from the root down to this unit ("/id/id/…/"), so a
/// subtree is one prefix query on both SQLite and PostgreSQL.
package final class OrgUnitModel: Model, @unchecked Sendable {
    package static let schema = "org_units"

    @ID(key: .id) package var id: UUID?
    @Field(key: "code") package var code: String
    @Field(key: "name") package var name: String
    @Field(key: "kind") package var kind: String
    @OptionalField(key: "parent_id") package var parentID: UUID?
    @OptionalField(key: "jurisdiction_id") package var jurisdictionID: UUID?
    @Field(key: "path") package var path: String
    @Field(key: "depth") package var depth: Int
    @OptionalField(key: "geometry") package var geometry: String?
    @Field(key: "geometry_illustrative") package var geometryIllustrative: Bool
    @Field(key: "plausible_filler") package var plausibleFiller: Bool
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(id: UUID = UUID(), code: String, name: String, kind: OrgUnitKind, parent: OrgUnitModel?,
         geometry: String?, geometryIllustrative: Bool, plausibleFiller: Bool) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind.rawValue
        self.parentID = parent?.id
        self.path = (parent?.path ?? "/") + id.uuidString + "/"
        self.depth = (parent?.depth ?? -1) + 1
        self.geometry = geometry
        self.geometryIllustrative = geometryIllustrative
        self.plausibleFiller = plausibleFiller
    }

    package var unitKind: OrgUnitKind? { OrgUnitKind(rawValue: kind) }
}

extension OrgUnitModel {
    /// The stored geometry, decoded; nil when the unit has none (or it does not parse, which the
    /// org-tree rules refuse on the way in).
    package var unitGeometry: UnitGeometry? {
        geometry.flatMap { try? JSONDecoder().decode(UnitGeometry.self, from: Data($0.utf8)) }
    }
}

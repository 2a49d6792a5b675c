import Fluent
import Foundation
import PinganDomain

/// An org unit row. `path` holds the ids from the root down to this unit ("/id/id/…/"), so a
/// subtree is one prefix query on both SQLite and PostgreSQL.
final class OrgUnitModel: Model, @unchecked Sendable {
    static let schema = "org_units"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    @OptionalField(key: "jurisdiction_id") var jurisdictionID: UUID?
    @Field(key: "path") var path: String
    @Field(key: "depth") var depth: Int
    @OptionalField(key: "geometry") var geometry: String?
    @Field(key: "geometry_illustrative") var geometryIllustrative: Bool
    @Field(key: "plausible_filler") var plausibleFiller: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID = UUID(), code: String, name: String, kind: OrgUnitKind, parent: OrgUnitModel?,
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

    var unitKind: OrgUnitKind? { OrgUnitKind(rawValue: kind) }
}

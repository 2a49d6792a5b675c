import Fluent
import Foundation
import PatrolDomain
import ServerCore

/// A patrol unit (P1): a car, a motorcycle, a foot or plain-clothes patrol, a response team, a
/// mobile police vehicle or a post. It belongs to a station; `stationPath` is the station's org
/// path, so "the units a station commander sees" is one prefix test, as for every scoped record.
package final class PatrolUnitModel: Model, @unchecked Sendable {
    package static let schema = "patrol_units"

    @ID(key: .id) package var id: UUID?
    @Field(key: "call_sign") package var callSign: String
    @Field(key: "kind") package var kind: String
    @Field(key: "station_org_unit_id") package var stationOrgUnitID: UUID
    @Field(key: "station_path") package var stationPath: String
    @OptionalField(key: "home_grid_org_unit_id") package var homeGridOrgUnitID: UUID?
    @Field(key: "status") package var status: String
    /// Capability codes, comma-separated (`PatrolCapability`).
    @Field(key: "capabilities") package var capabilities: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package var unitKind: PatrolUnitKind? { PatrolUnitKind(rawValue: kind) }
}

/// A device that reports a unit's fixes: a vehicle terminal (车载GPS) or an officer's phone. It
/// authenticates with its own token, bound to one unit; only the token's hash is stored.
package final class PatrolDeviceModel: Model, @unchecked Sendable {
    package static let schema = "patrol_devices"

    @ID(key: .id) package var id: UUID?
    @Field(key: "unit_id") package var unitID: UUID
    @Field(key: "kind") package var kind: String
    @Field(key: "token_hash") package var tokenHash: String
    @Field(key: "issued_at") package var issuedAt: Date
    @OptionalField(key: "revoked_at") package var revokedAt: Date?

    package init() {}
}

/// A unit as dispatch reads it, decoded from its row without building a model (`plainRows`):
/// every recommendation reads all the units in scope, and building 200 models was most of its time
/// (BENCHMARKS.md, "Dispatch, containment, coverage").
package struct DispatchUnitRow: Decodable, Sendable {
    package var id: UUID
    package var callSign: String
    package var kind: String
    package var status: String
    package var stationPath: String
    package var capabilities: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, callSign = "call_sign", kind, status, stationPath = "station_path", capabilities
    }

    package static func rows(_ q: QueryBuilder<PatrolUnitModel>) async throws -> [DispatchUnitRow] {
        for column in CodingKeys.allCases {
            q.field(.extendedPath([FieldKey(stringLiteral: column.rawValue)], schema: PatrolUnitModel.schemaOrAlias, space: PatrolUnitModel.spaceIfNotAliased))
        }
        return try await q.plainRows(DispatchUnitRow.self)
    }
}

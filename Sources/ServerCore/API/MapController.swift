import Fluent
import PinganDomain
import Vapor

/// `/api/v1/map/features`: the caller's org units with geometry as one GeoJSON FeatureCollection,
/// for the offline map (no tiles needed).
package struct MapController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(CoreRoutes.mapFeatures, use: features)
    }

    package struct Feature: Content {
        package var type = "Feature"
        package var geometry: UnitGeometry
        package var properties: Properties
    }
    package struct Properties: Content {
        package var id: UUID
        package var code: String
        package var name: String
        package var kind: String
        package var kindLabel: String
        package var illustrative: Bool
        package var parentId: UUID?

        package init(id: UUID, code: String, name: String, kind: String, kindLabel: String, illustrative: Bool, parentId: UUID? = nil) {
            self.id = id
            self.code = code
            self.name = name
            self.kind = kind
            self.kindLabel = kindLabel
            self.illustrative = illustrative
            self.parentId = parentId
        }
    }
    package struct FeatureCollection: Content {
        package var type = "FeatureCollection"
        package var features: [Feature]
    }

    package func features(req: Request) async throws -> FeatureCollection {
        let actor = try req.caller()
        let kinds = try (req.query[[String].self, at: "kind"] ?? []).map { raw in
            guard let k = OrgUnitKind(rawValue: raw) else { throw APIError.badRequest("未知的单位类型 \(raw) / unknown kind", code: "invalid_query") }
            return k.rawValue
        }
        let q = OrgUnitModel.query(on: req.db).filter(\.$path =~ actor.scopePath).filter(\.$geometry != nil)
        if !kinds.isEmpty { q.filter(\.$kind ~~ kinds) }
        let decoder = JSONDecoder()
        let rows = try await q.sort(\.$depth).sort(\.$code).all()
        return FeatureCollection(features: rows.compactMap { m in
            guard let text = m.geometry, let g = try? decoder.decode(UnitGeometry.self, from: Data(text.utf8)) else { return nil }
            return Feature(geometry: g, properties: Properties(
                id: m.id!, code: m.code, name: m.name, kind: m.kind, kindLabel: m.unitKind?.label ?? m.kind,
                illustrative: m.geometryIllustrative, parentId: m.parentID))
        })
    }

    package init() {
    }
}

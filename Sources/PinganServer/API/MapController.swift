import Fluent
import PinganDomain
import Vapor

/// `/api/v1/map/features`: the caller's org units with geometry as one GeoJSON FeatureCollection,
/// for the offline map (no tiles needed).
struct MapController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("map", "features", use: features)
    }

    struct Feature: Content {
        var type = "Feature"
        var geometry: UnitGeometry
        var properties: Properties
    }
    struct Properties: Content {
        var id: UUID
        var code: String
        var name: String
        var kind: String
        var kindLabel: String
        var illustrative: Bool
        var parentId: UUID?
    }
    struct FeatureCollection: Content {
        var type = "FeatureCollection"
        var features: [Feature]
    }

    func features(req: Request) async throws -> FeatureCollection {
        let actor = try req.actor()
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
}

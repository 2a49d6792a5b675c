import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// `/api/v1/road-network`: the loaded roads for the command map, thinned by zoom and cut to the
/// visible box, with the checkpoint sites. With no graph: no features and the straight-line note.
package struct RoadNetworkController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.roadNetwork, use: show)
    }

    /// Four WGS84 degrees `minLon,minLat,maxLon,maxLat` (either corner first): the document's
    /// pattern and the handler's check are this one expression.
    package static let bboxPattern: String = {
        let lon = "-?(180(\\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\\.[0-9]+)?)"
        let lat = "-?(90(\\.0+)?|[1-8]?[0-9](\\.[0-9]+)?)"
        return "^\(lon),\(lat),\(lon),\(lat)$"
    }()
    package static let zoomRange = 0...20

    package func show(req: Request) async throws -> RoadNetworkDTO {
        let zoom = try Check.int(req, "zoom", in: Self.zoomRange)
        let box = try Self.box(req)
        let network = req.application.roadNetwork
        var features = (network.drawing?.lines(zoom: zoom, box: box) ?? []).map(RoadFeatureDTO.init)
        for site in network.checkpoints where box.map({ Self.contains($0, site.position) }) ?? true {
            features.append(RoadFeatureDTO(site))
        }
        return RoadNetworkDTO(properties: .init(illustrative: network.isIllustrative, label: network.label, source: network.source,
                                                distanceNote: network.distanceNote, zoom: zoom),
                              features: features)
    }

    static func contains(_ b: RoadDrawing.Box, _ p: GeoPoint) -> Bool {
        (b.minLon...b.maxLon).contains(p.lon) && (b.minLat...b.maxLat).contains(p.lat)
    }

    /// The `bbox` parameter, or nil when absent; anything else than the pattern is a 400.
    static func box(_ req: Request) throws -> RoadDrawing.Box? {
        guard let raw = req.query[String.self, at: "bbox"], !raw.isEmpty else { return nil }
        let matches = raw.range(of: bboxPattern, options: .regularExpression) != nil
        let v = raw.split(separator: ",").compactMap { Double($0) }
        guard matches, v.count == 4 else {
            throw APIError.badRequest("bbox=\(raw.prefix(60)) 无效，应为 最小经度,最小纬度,最大经度,最大纬度（WGS84）/ bbox must be minLon,minLat,maxLon,maxLat in degrees",
                                      code: "invalid_query")
        }
        return RoadDrawing.Box(minLon: v[0], minLat: v[1], maxLon: v[2], maxLat: v[3])
    }
}

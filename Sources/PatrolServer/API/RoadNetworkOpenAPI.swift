import Foundation
import PatrolDomain
import ServerCore

/// The road network's GeoJSON, declared exactly as `RoadNetworkDTO` writes it.
extension OpenAPIDocument {
    package static var roadSchemas: [String: Any] {
        // A position as plain numbers: Schemathesis rewrites an inline `prefixItems` nested in
        // `items` into a form its own schema check refuses, so the answer's shape is declared
        // without it (the requests that take positions keep the ranges).
        let lonLat: [String: Any] = ["type": "array", "minItems": 2, "maxItems": 3, "items": ["type": "number"]]
        let road = object(["type", "geometry", "properties"], [
            "type": ["const": "Feature"],
            "geometry": object(["type", "coordinates"], ["type": ["const": "LineString"],
                                                         "coordinates": ["type": "array", "minItems": 2, "items": lonLat]]),
            "properties": object(["class", "classLabel", "oneway"], ["class": enumOf(RoadClass.allCases.map(\.rawValue)), "classLabel": str,
                                                                     "oneway": bool]),
        ])
        let checkpoint = object(["type", "geometry", "properties"], [
            "type": ["const": "Feature"],
            "geometry": object(["type", "coordinates"], ["type": ["const": "Point"], "coordinates": lonLat]),
            "properties": object(["kind", "kindLabel", "name"], ["kind": enumOf(CheckpointSite.Kind.allCases.map(\.rawValue)),
                                                                 "kindLabel": str, "name": str]),
        ])
        return [
            "RoadNetwork": object(["type", "properties", "features"], [
                "type": ["const": "FeatureCollection"],
                "properties": object(["illustrative", "source"], [
                    "illustrative": bool, "label": nullable(str), "source": str,
                    "distanceNote": nullable(["type": "string", "description": "没有路网时：距离为直线距离 / set when no graph is loaded"]),
                    "zoom": nullable(["type": "integer", "minimum": 0, "maximum": 20]),
                ]),
                "features": ["type": "array", "items": ["oneOf": [road, checkpoint]]],
            ]),
        ]
    }
}

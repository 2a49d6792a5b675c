import Foundation
import PinganDomain

/// The OpenAPI 3.1 description of `/api/v1`, built from the route tables (`CoreRoutes` and each
/// wing's `endpoints`), so the document and the registered routes cannot drift apart.
package enum OpenAPIDocument {
    package static func object(_ required: [String], _ props: [String: Any]) -> [String: Any] {
        ["type": "object", "required": required, "properties": props]
    }
    package static var str: [String: Any] { ["type": "string"] }
    /// A board list's whole count and, when the board shows only part of it, the filtered list.
    package static var listInfo: [String: Any] { object(["count"], ["count": int, "moreHref": nullable(str)]) }
    package static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    package static var bool: [String: Any] { ["type": "boolean"] }
    package static var int: [String: Any] { ["type": "integer"] }
    package static var date: [String: Any] { ["type": "string", "format": "date-time"] }
    package static func nullable(_ s: [String: Any]) -> [String: Any] { ["oneOf": [s, ["type": "null"]]] }

    package static var schemas: [String: Any] {
        [
            "Error": object(["error"], ["error": object(["code", "message"], ["code": str, "message": str])]),
            "LoginRequest": object(["username", "password"], ["username": str, "password": str]),
            "LoginResponse": object(["token", "expiresAt", "user", "scopeUnitId"],
                                    ["token": str, "expiresAt": date, "user": ["$ref": "#/components/schemas/User"], "scopeUnitId": uuid]),
            "User": object(["id", "username", "displayName", "role", "roleLabel", "orgUnitId", "active"],
                           ["id": uuid, "username": str, "displayName": str, "role": str, "roleLabel": str, "orgUnitId": uuid, "active": bool]),
            "CreateUser": object(["username", "password", "displayName", "role", "orgUnitId"],
                                 ["username": str, "password": str, "displayName": str, "role": str, "orgUnitId": uuid]),
            "UpdateUser": object([], ["displayName": str, "role": str, "orgUnitId": uuid, "active": bool, "password": str]),
            "OrgUnit": object(["id", "code", "name", "kind", "kindLabel", "depth", "geometryIllustrative", "plausibleFiller"],
                              ["id": uuid, "code": str, "name": str, "kind": str, "kindLabel": str, "parentId": nullable(uuid),
                               "jurisdictionId": nullable(uuid), "depth": int, "geometryIllustrative": bool, "plausibleFiller": bool,
                               "geometry": ["$ref": "#/components/schemas/Geometry"]]),
            "CreateOrgUnit": object(["code", "name", "kind", "parentId"],
                                    ["code": str, "name": str, "kind": str, "parentId": uuid, "jurisdictionId": uuid,
                                     "geometry": ["$ref": "#/components/schemas/Geometry"]]),
            "UpdateOrgUnit": object([], ["code": str, "name": str, "geometry": ["$ref": "#/components/schemas/Geometry"],
                                         "geometryIllustrative": bool]),
            "Geometry": object(["type", "coordinates"], ["type": ["type": "string", "enum": ["Point", "Polygon", "MultiPolygon"]],
                                                         "coordinates": ["type": "array"]]),
            "FeatureCollection": object(["type", "features"], ["type": str, "features": ["type": "array", "items": ["type": "object"]]]),
            "AuditRecord": object(["id", "at", "actorUsername", "action", "entityType"],
                                  ["id": uuid, "at": date, "actorId": nullable(uuid), "actorUsername": str, "action": str,
                                   "entityType": str, "entityId": nullable(str), "before": nullable(str), "after": nullable(str)]),
            "Object": ["type": "object"],
            "CSV": str,
        ]
    }

    /// The document's paths, from the route tables: every endpoint that is not a page.
    package static func document(wings: [any Wing], extra: [Endpoint] = []) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for op in (CoreRoutes.all + wings.flatMap(\.endpoints) + extra) where !op.isPage {
            let method = op.method.rawValue.lowercased()
            var o: [String: Any] = ["summary": op.summary, "tags": [op.tag],
                                    "operationId": method + op.path.replacingOccurrences(of: "/api/v1", with: "")
                                        .split(whereSeparator: { "/{}.-".contains($0) }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()]
            var params: [[String: Any]] = op.query.map(\.openAPI)
            for name in op.parameterNames {
                params.append(["name": name, "in": "path", "required": true, "schema": uuid])
            }
            if !params.isEmpty { o["parameters"] = params }
            if let b = op.body {
                o["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(b)"]]]]
            }
            var responses: [String: Any] = [
                "4XX": ["description": "错误 / error", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]],
            ]
            if let r = op.response {
                let ref: [String: Any] = ["$ref": "#/components/schemas/\(r)"]
                let schema: [String: Any] = op.list
                    ? object(["items", "total", "limit", "offset"], ["items": ["type": "array", "items": ref], "total": int, "limit": int, "offset": int])
                    : ref
                let media = r == "CSV" ? "text/csv" : "application/json"
                responses[String(op.status)] = ["description": "成功 / success", "content": [media: ["schema": schema]]]
            } else {
                responses[String(op.status)] = ["description": "成功 / success"]
            }
            o["responses"] = responses
            if case .anyone = op.policy.callers { o["security"] = [[String: Any]]() }
            if case .roles(let roles) = op.policy.callers {
                o["x-roles"] = roles.map(\.rawValue).sorted()
            }
            paths[op.path, default: [:]][method] = o
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "平安 Pingan API", "version": "1.0.0",
                     "description": "县域社会治理平台：民调通与网格化巡控。All coordinates are WGS84."],
            "servers": [["url": "/"]],
            "security": [["bearerAuth": [String]()]],
            "paths": paths,
            "components": ["schemas": wings.reduce(schemas) { $0.merging($1.schemas) { a, _ in a } },
                           "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"]]],
        ]
    }

    package static func json(wings: [any Wing]) throws -> Data {
        try JSONSerialization.data(withJSONObject: document(wings: wings), options: [.sortedKeys, .prettyPrinted])
    }
}

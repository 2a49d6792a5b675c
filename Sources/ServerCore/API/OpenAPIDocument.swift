import Foundation
import PinganDomain

/// The OpenAPI 3.1 description of `/api/v1`, built from the route tables (`CoreRoutes` and each
/// wing's `endpoints`), so the document and the registered routes cannot drift apart.
package enum OpenAPIDocument {
    /// What the handlers check of a query parameter, by name (`path name` for one operation's own):
    /// the document declares it so a request the schema allows is never refused as invalid. Where a
    /// name is here, it refines the `QueryParameter` an endpoint declares.
    package static var queryConstraints: [String: [String: Any]] {
        [
            "limit": ["type": "integer", "minimum": 1, "maximum": PageRequest.maxLimit],
            "offset": ["type": "integer", "minimum": 0, "maximum": PageRequest.maxOffset],
            "from": dateOrDay, "to": dateOrDay, "changedSince": dateOrDay,
            "parent": uuid, "orgUnit": uuid,
            "/api/v1/org-units kind": enumOf(OrgUnitKind.allCases.map(\.rawValue)),
            "/api/v1/map/features kind": ["type": "array", "minItems": 1, "items": enumOf(OrgUnitKind.allCases.map(\.rawValue))],
            "/api/v1/org-units q": ["type": "string", "minLength": 1, "maxLength": 100],
            "/api/v1/users q": ["type": "string", "minLength": 1, "maxLength": 64],
            "/api/v1/users role": enumOf(Role.allCases.map(\.rawValue)),
        ]
    }

    /// An RFC 3339 date-time or a full date, as `Check.date` reads them.
    package static var dateOrDay: [String: Any] { ["anyOf": [["type": "string", "format": "date-time"], ["type": "string", "format": "date"]]] }
    package static func enumOf(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }
    /// `a,b` of the values (OpenAPI `style: form, explode: false`), as the list filters read it.
    package static func listOf(_ values: [String]) -> [String: Any] {
        ["type": "array", "minItems": 1, "items": enumOf(values), "x-style": "form", "x-explode": false]
    }
    /// Text the handlers trim and require: 1…max characters, not only white space.
    package static func text(_ max: Int) -> [String: Any] { ["type": "string", "minLength": 1, "maxLength": max, "pattern": "\\S"] }
    /// Text that may be empty (stored as absent) up to `max` characters.
    package static func optionalText(_ max: Int) -> [String: Any] { ["type": "string", "maxLength": max] }
    package static var unitCode: [String: Any] { ["type": "string", "maxLength": OrgTreeRules.codeMaxLength, "pattern": OrgTreeRules.codePattern] }
    package static var unitName: [String: Any] {
        ["type": "string", "minLength": 1, "maxLength": OrgTreeRules.nameMaxLength, "pattern": OrgTreeRules.namePattern]
    }
    package static var password: [String: Any] { ["type": "string", "minLength": Check.passwordMinLength, "maxLength": Check.passwordMaxLength, "pattern": PasswordRule.mixedClassesPattern] }
    /// A WGS84 position: longitude, latitude and an optional altitude.
    package static var position: [String: Any] {
        ["type": "array", "minItems": 2, "maxItems": 3,
         "prefixItems": [["type": "number", "minimum": -180, "maximum": 180], ["type": "number", "minimum": -90, "maximum": 90], ["type": "number"]]]
    }
    /// A closed ring: at least four positions, the last repeating the first (GeoJSON, RFC 7946).
    package static var ring: [String: Any] { ["type": "array", "minItems": 4, "items": position] }
    package static var polygonCoordinates: [String: Any] { ["type": "array", "minItems": 1, "items": ring] }

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
                           ["id": uuid, "username": str, "displayName": str, "role": enumOf(Role.allCases.map(\.rawValue)), "roleLabel": str,
                            "orgUnitId": uuid, "active": bool]),
            "CreateUser": object(["username", "password", "displayName", "role", "orgUnitId"],
                                 ["username": ["type": "string", "pattern": Check.usernamePattern], "password": password,
                                  "displayName": text(50), "role": enumOf(Role.allCases.map(\.rawValue)), "orgUnitId": uuid]),
            "UpdateUser": object([], ["displayName": text(50), "role": enumOf(Role.allCases.map(\.rawValue)), "orgUnitId": uuid,
                                      "active": bool, "password": password]),
            "OrgUnit": object(["id", "code", "name", "kind", "kindLabel", "depth", "geometryIllustrative", "plausibleFiller"],
                              ["id": uuid, "code": str, "name": str, "kind": enumOf(OrgUnitKind.allCases.map(\.rawValue)), "kindLabel": str,
                               "parentId": nullable(uuid), "jurisdictionId": nullable(uuid), "depth": int, "geometryIllustrative": bool,
                               "plausibleFiller": bool, "geometry": nullable(["$ref": "#/components/schemas/Geometry"])]),
            // Tree rules that depend on other units (parent kind, one county, a judicial office's
            // township) answer 409 `org_tree_rule`; `confirm` is needed when accounts' scope moves.
            "CreateOrgUnit": object(["code", "name", "kind", "parentId"],
                                    ["code": unitCode, "name": unitName, "kind": enumOf(OrgUnitKind.allCases.map(\.rawValue)),
                                     "parentId": uuid, "jurisdictionId": uuid, "geometry": ["$ref": "#/components/schemas/Geometry"],
                                     "geometryIllustrative": bool]),
            "UpdateOrgUnit": object([], ["code": unitCode, "name": unitName, "kind": enumOf(OrgUnitKind.allCases.map(\.rawValue)),
                                         "jurisdictionId": uuid, "geometry": ["$ref": "#/components/schemas/Geometry"],
                                         "geometryIllustrative": bool, "confirm": bool]),
            "Geometry": ["oneOf": [
                object(["type", "coordinates"], ["type": ["const": "Point"], "coordinates": position]),
                object(["type", "coordinates"], ["type": ["const": "Polygon"], "coordinates": polygonCoordinates]),
                object(["type", "coordinates"], ["type": ["const": "MultiPolygon"],
                                                 "coordinates": ["type": "array", "minItems": 1, "items": polygonCoordinates]]),
            ]],
            "FeatureCollection": object(["type", "features"], ["type": str, "features": ["type": "array", "items": ["type": "object"]]]),
            "AuditRecord": object(["id", "at", "actorUsername", "action", "entityType"],
                                  ["id": uuid, "at": date, "actorId": nullable(uuid), "actorUsername": str, "action": str,
                                   "entityType": str, "entityId": nullable(str), "before": nullable(str), "after": nullable(str)]),
            "Object": ["type": "object"],
            "CSV": str,
            "Export": str,
        ]
    }

    /// Whether a body schema has an `id` property (in each variant, for a `oneOf`).
    static func carriesID(_ schema: Any?) -> Bool {
        guard let d = schema as? [String: Any] else { return false }
        if let variants = d["oneOf"] as? [Any] { return !variants.isEmpty && variants.allSatisfy(carriesID) }
        return (d["properties"] as? [String: Any])?["id"] != nil
    }

    /// Request bodies are decoded with `decodeIfPresent`, which reads `null` as absent: their
    /// optional properties are declared nullable, here and in the objects they contain.
    static func nullableOptionals(_ schemas: inout [String: Any], roots: [String]) {
        var pending = roots, done = Set<String>()
        func visit(_ node: Any) -> Any {
            guard var d = node as? [String: Any] else { return node }
            if let ref = d["$ref"] as? String { pending.append(String(ref.split(separator: "/").last ?? "")); return d }
            for key in ["oneOf", "anyOf", "allOf", "prefixItems"] {
                if let list = d[key] as? [Any] { d[key] = list.map(visit) }
            }
            if let items = d["items"] { d["items"] = visit(items) }
            // A request's integers are Swift `Int`s: one past 64 bits cannot be decoded (400), so the
            // document says so instead of promising any integer.
            if d["type"] as? String == "integer" {
                if d["maximum"] == nil { d["maximum"] = Int.max }
                if d["minimum"] == nil { d["minimum"] = Int.min }
            }
            if var props = d["properties"] as? [String: Any] {
                let required = Set(d["required"] as? [String] ?? [])
                for (k, v) in props {
                    let inner = visit(v)
                    let innerDict = inner as? [String: Any] ?? [:]
                    let alreadyNullable = (innerDict["oneOf"] as? [Any])?.contains { ($0 as? [String: Any])?["type"] as? String == "null" } ?? false
                    if innerDict["x-not-null"] != nil {
                        // Absent is allowed, null is not (the handler reads the raw JSON).
                        var plain = innerDict
                        plain.removeValue(forKey: "x-not-null")
                        props[k] = plain
                    } else {
                        props[k] = required.contains(k) || alreadyNullable ? inner : nullable(innerDict)
                    }
                }
                d["properties"] = props
            }
            return d
        }
        while let name = pending.popLast() {
            guard !done.contains(name), let schema = schemas[name] else { continue }
            done.insert(name)
            schemas[name] = visit(schema)
        }

    }

    /// The document's paths, from the route tables: every endpoint that is not a page.
    package static func document(wings: [any Wing], extra: [Endpoint] = []) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        let endpoints = (CoreRoutes.all + wings.flatMap(\.endpoints) + extra).filter { !$0.isPage }
        var components = wings.reduce(schemas) { $0.merging($1.schemas) { a, _ in a } }
        nullableOptionals(&components, roots: endpoints.compactMap(\.body))
        for op in endpoints {
            let method = op.method.rawValue.lowercased()
            var o: [String: Any] = ["summary": op.summary, "tags": [op.tag],
                                    "operationId": method + op.path.replacingOccurrences(of: "/api/v1", with: "")
                                        .split(whereSeparator: { "/{}.-".contains($0) }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()]
            var params: [[String: Any]] = op.query.map { q in
                var param = q.openAPI
                if let refined = queryConstraints["\(op.path) \(q.name)"] ?? queryConstraints[q.name] { param["schema"] = refined }
                // No query parameter takes an empty value (`EmptyQueryValueMiddleware`).
                if var schema = param["schema"] as? [String: Any] {
                    if schema["type"] as? String == "string", schema["minLength"] == nil { schema["minLength"] = 1 }
                    if schema["type"] as? String == "array", schema["minItems"] == nil { schema["minItems"] = 1 }
                    param["schema"] = schema
                }
                return param
            }
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
                // An export (`ExportTable`) answers CSV or .xlsx, as `?format=` asks.
                let content: [String: Any] = r == "Export"
                    ? ["text/csv": ["schema": ["type": "string"]], ExportFormat.xlsxMediaType.serialize(): ["schema": ["type": "string", "format": "binary"]]]
                    : [media: ["schema": schema]]
                responses[String(op.status)] = ["description": "成功 / success", "content": content]
                // A create with a client-made id answers 200 with the stored record when it is resent.
                if op.status == 201, op.resendAnswers200 || op.body.map({ Self.carriesID(components[$0]) }) == true {
                    responses["200"] = ["description": "已存在：同一 id 的重发 / already stored: a resend with the same id",
                                        "content": [media: ["schema": schema]]]
                }
            } else {
                responses[String(op.status)] = ["description": "成功 / success"]
            }
            o["responses"] = responses
            if case .anyone = op.policy.callers { o["security"] = [[String: Any]]() }
            if case .device = op.policy.callers { o["security"] = [["deviceToken": [String]()]] }
            if case .signature = op.policy.callers { o["security"] = [[String: Any]]() }   // an HMAC header pair, said in the summary
            if op.isWebSocket { o["x-websocket"] = true }
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
            "components": ["schemas": components,
                           "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"],
                                               "deviceToken": ["type": "http", "scheme": "bearer",
                                                               "description": "设备令牌（pd_…），绑定一个巡逻单元 / a device token (pd_…) bound to one patrol unit"]]],
        ]
    }

    package static func json(wings: [any Wing]) throws -> Data {
        try JSONSerialization.data(withJSONObject: document(wings: wings), options: [.sortedKeys, .prettyPrinted])
    }
}

import Foundation

/// The OpenAPI 3.1 description of `/api/v1`. A test compares it with the registered routes, so a
/// route added without a line here fails the build's tests.
enum OpenAPIDocument {
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var tag: String
        var query: [(String, String)] = []
        var body: String?
        var response: String?
        var status: Int = 200
        var list = false
        var requiresAuth = true
    }

    static let pageQuery = [("limit", "integer"), ("offset", "integer")]

    static var operations: [Operation] {
        [
            Operation(method: "post", path: "/api/v1/auth/login", summary: "登录，换取令牌 / Log in and get a bearer token", tag: "auth",
                      body: "LoginRequest", response: "LoginResponse", requiresAuth: false),
            Operation(method: "post", path: "/api/v1/auth/logout", summary: "注销当前令牌 / Revoke the current token", tag: "auth", status: 204),
            Operation(method: "get", path: "/api/v1/me", summary: "当前用户 / The signed-in user", tag: "auth", response: "User"),
            Operation(method: "get", path: "/api/v1/org-units", summary: "可见的组织单位 / Org units in the caller's scope", tag: "org",
                      query: pageQuery + [("kind", "string"), ("parent", "string"), ("q", "string"), ("geometry", "boolean")],
                      response: "OrgUnit", list: true),
            Operation(method: "post", path: "/api/v1/org-units", summary: "新建单位（管理员）/ Create an org unit (admin)", tag: "org",
                      body: "CreateOrgUnit", response: "OrgUnit", status: 201),
            Operation(method: "get", path: "/api/v1/org-units/{id}", summary: "单位详情 / One org unit", tag: "org", response: "OrgUnit"),
            Operation(method: "patch", path: "/api/v1/org-units/{id}", summary: "修改单位（管理员）/ Update an org unit (admin)", tag: "org",
                      body: "UpdateOrgUnit", response: "OrgUnit"),
            Operation(method: "get", path: "/api/v1/users", summary: "账号列表（管理员）/ Users in scope (admin)", tag: "users",
                      query: pageQuery + [("q", "string"), ("role", "string")], response: "User", list: true),
            Operation(method: "post", path: "/api/v1/users", summary: "新建账号（管理员）/ Create a user (admin)", tag: "users",
                      body: "CreateUser", response: "User", status: 201),
            Operation(method: "get", path: "/api/v1/users/{id}", summary: "账号详情（管理员）/ One user (admin)", tag: "users", response: "User"),
            Operation(method: "patch", path: "/api/v1/users/{id}", summary: "修改账号（管理员）/ Update a user (admin)", tag: "users",
                      body: "UpdateUser", response: "User"),
            Operation(method: "get", path: "/api/v1/audit", summary: "审计记录（管理员）/ Audit trail (admin)", tag: "audit",
                      query: pageQuery + auditQuery, response: "AuditRecord", list: true),
            Operation(method: "get", path: "/api/v1/audit/export.csv", summary: "导出审计 CSV（管理员）/ Audit trail as CSV (admin)", tag: "audit",
                      query: auditQuery, response: "CSV"),
            Operation(method: "get", path: "/api/v1/map/features", summary: "地图要素 GeoJSON / Org units with geometry as GeoJSON", tag: "map",
                      query: [("kind", "string")], response: "FeatureCollection"),
            Operation(method: "get", path: "/api/v1/disputes", summary: "纠纷列表 / Disputes in scope", tag: "disputes",
                      query: pageQuery + disputeQuery, response: "DisputeListItem", list: true),
            Operation(method: "post", path: "/api/v1/disputes", summary: "登记纠纷（幂等：客户端生成 id）/ Register a dispute (idempotent by client id)",
                      tag: "disputes", body: "RegisterDispute", response: "DisputeDetail", status: 201),
            Operation(method: "post", path: "/api/v1/disputes/duplicates", summary: "保存前查重 / Possible duplicates of an intake",
                      tag: "disputes", body: "RegisterDispute", response: "DuplicateList"),
            Operation(method: "get", path: "/api/v1/disputes/{id}", summary: "纠纷详情（证件号、电话已遮蔽）/ One dispute, masked",
                      tag: "disputes", response: "DisputeDetail"),
            Operation(method: "get", path: "/api/v1/disputes/{id}/events", summary: "纠纷事件记录 / The dispute's event history",
                      tag: "disputes", response: "EventList"),
            Operation(method: "post", path: "/api/v1/disputes/{id}/events",
                      summary: "追加事件（幂等：客户端生成 id；baseVersion 过期返回 409）/ Append an event (idempotent; stale baseVersion is 409)",
                      tag: "disputes", body: "AppendEvent", response: "DisputeDetail", status: 201),
            Operation(method: "post", path: "/api/v1/disputes/{id}/reveal", summary: "查看完整证件号与电话（留痕）/ Reveal ID numbers and phones (audited)",
                      tag: "disputes", response: "Object"),
            Operation(method: "get", path: "/api/v1/disputes/board", summary: "司法所每日看板 / Township daily board (M7)",
                      tag: "disputes", query: [("orgUnit", "string")], response: "Board"),
            Operation(method: "get", path: "/api/v1/major-reports", summary: "重大纠纷报告 / Major-dispute reports in scope", tag: "disputes",
                      query: pageQuery + [("acknowledged", "boolean")], response: "MajorReport", list: true),
            Operation(method: "post", path: "/api/v1/major-reports/{id}/acknowledge", summary: "签收报告 / Acknowledge a report",
                      tag: "disputes", response: "MajorReport"),
            Operation(method: "get", path: "/api/v1/statistics", summary: "调解统计（由记录计算）/ Mediation statistics computed from the records (M13)",
                      tag: "disputes", query: [("orgUnit", "string"), ("from", "string"), ("to", "string")], response: "Statistics"),
            Operation(method: "get", path: "/api/v1/openapi.json", summary: "本文档 / This document", tag: "meta", response: "Object",
                      requiresAuth: false),
        ] + commandOperations
    }

    static let disputeQuery = [("orgUnit", "string"), ("stage", "string"), ("risk", "string"), ("category", "string"),
                               ("level", "string"), ("from", "string"), ("to", "string"), ("q", "string"), ("overdue", "boolean"),
                               ("dueSoon", "boolean"), ("open", "boolean"), ("changedSince", "string")]

    static let auditQuery = [("entityType", "string"), ("entityId", "string"), ("actor", "string"), ("action", "string"),
                             ("from", "string"), ("to", "string")]

    static func object(_ required: [String], _ props: [String: Any]) -> [String: Any] {
        ["type": "object", "required": required, "properties": props]
    }
    static var str: [String: Any] { ["type": "string"] }
    /// A board list's whole count and, when the board shows only part of it, the filtered list.
    static var listInfo: [String: Any] { object(["count"], ["count": int, "moreHref": nullable(str)]) }
    static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    static var bool: [String: Any] { ["type": "boolean"] }
    static var int: [String: Any] { ["type": "integer"] }
    static var date: [String: Any] { ["type": "string", "format": "date-time"] }
    static func nullable(_ s: [String: Any]) -> [String: Any] { ["oneOf": [s, ["type": "null"]]] }

    static var schemas: [String: Any] {
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
            "Party": object(["name", "role"], ["name": str, "sex": ["type": "string", "enum": ["male", "female"]], "idNumber": str,
                                               "phone": str, "address": str, "role": ["type": "string", "enum": ["applicant", "respondent"]]]),
            "RegisterDispute": object(["id", "parties", "category", "source", "place", "summary"],
                                      ["id": uuid, "parties": ["type": "array", "items": ["$ref": "#/components/schemas/Party"]],
                                       "category": str, "subcategoryCode": str, "source": str, "channel": str, "handlingOrgUnitId": uuid,
                                       "villageId": uuid, "gridId": uuid, "place": str, "location": object(["lon", "lat"], ["lon": ["type": "number"], "lat": ["type": "number"]]),
                                       "occurredAt": date, "peopleInvolved": int, "amount": ["type": "number"], "summary": str,
                                       "riskSigns": object([], ["threatOfViolence": bool, "threatOfSelfHarm": bool,
                                                                "plannedCollectivePetition": bool, "crossesVillages": bool])]),
            "DisputeListItem": object(["id", "summary", "stage", "risk", "level", "registeredAt", "version"],
                                      ["id": uuid, "summary": str, "partyNames": str, "category": str, "categoryLabel": str, "stage": str,
                                       "stageLabel": str, "risk": str, "riskLabel": str, "level": str, "levelLabel": str, "receivedLevel": str,
                                       "settledLevel": nullable(str), "channel": str, "registeredAt": date, "lastEventAt": date,
                                       "deadlineAt": nullable(date), "deadlineKind": nullable(str), "deadlineStatus": str,
                                       "villageId": nullable(uuid), "townshipId": nullable(uuid), "handlingOrgUnitId": uuid,
                                       "caseNumber": nullable(str), "version": int, "majorReportDue": bool]),
            "DisputeDetail": ["allOf": [["$ref": "#/components/schemas/DisputeListItem"],
                                        object(["state", "deadlines"], ["state": ["type": "object"], "deadlines": ["type": "array"]])]],
            "AppendEvent": object(["id", "baseVersion", "type"], ["id": uuid, "baseVersion": int, "type": str, "payload": ["type": "object"]]),
            "EventList": object(["items", "total", "version"], ["items": ["type": "array", "items": ["type": "object"]], "total": int, "version": int]),
            "DuplicateList": object(["items"], ["items": ["type": "array", "items": object(["disputeId", "reasons"],
                                                                                          ["disputeId": uuid, "reasons": ["type": "array", "items": str],
                                                                                           "summary": str, "registeredAt": date, "stageLabel": str])]]),
            "MajorReport": object(["id", "disputeId", "risk", "createdAt"],
                                  ["id": uuid, "disputeId": uuid, "recipientOrgUnitId": uuid, "risk": str, "riskLabel": str, "summary": str,
                                   "createdAt": date, "acknowledgedAt": nullable(date), "forMyUnit": bool]),
            "Board": object(["areaName", "orgUnitId", "openCount", "groups", "stageCounts", "majorReports", "sinceYesterday", "overdue", "warning"],
                            ["areaName": str, "orgUnitId": uuid, "generatedAt": date, "openCount": int,
                             "groups": ["type": "array", "items": object(["risk", "count", "items"],
                                                                         ["risk": str, "riskLabel": str, "count": int, "items": ["type": "array"],
                                                                          "moreHref": nullable(str)])],
                             "stageCounts": ["type": "array", "items": object(["stage", "count"], ["stage": str, "stageLabel": str, "count": int])],
                             "majorReports": ["type": "array", "items": ["type": "object"]], "sinceYesterday": ["type": "array"],
                             "overdue": ["type": "array"], "warning": ["type": "array"], "townships": ["type": "array"],
                             "sinceYesterdayInfo": listInfo, "overdueInfo": listInfo, "warningInfo": listInfo, "shownPerList": int]),
            "Statistics": object(["orgUnitId", "received", "receivedByLevel", "settled", "settledRate", "settledAtLevel", "keptInVillageRate",
                                  "keptInTownshipRate", "escalated", "difficult", "levels", "byRisk", "byCategory"],
                                 ["orgUnitId": uuid, "orgUnitName": str, "from": date, "to": date, "received": int,
                                  "receivedByLevel": ["type": "object", "additionalProperties": int], "settled": int,
                                  "settledRate": ["type": "number"], "settledAtLevel": ["type": "object", "additionalProperties": int],
                                  "keptInVillageRate": ["type": "number"], "keptInTownshipRate": ["type": "number"], "rejected": int,
                                  "terminated": int, "inProgress": int, "archived": int, "escalated": int, "automaticallyEscalated": int,
                                  "difficult": int, "followedUp": int, "petitionsResolved": int, "judicialConfirmationsRequested": int,
                                  "levels": ["type": "array", "items": ["$ref": "#/components/schemas/StatisticsRow"]],
                                  "byRisk": ["type": "array", "items": ["$ref": "#/components/schemas/StatisticsRow"]],
                                  "byCategory": ["type": "array", "items": ["$ref": "#/components/schemas/StatisticsRow"]]]),
            "StatisticsRow": object(["key", "label", "received"], ["key": str, "label": str, "received": int, "settled": int]),
            "Object": ["type": "object"],
            "CSV": str,
        ].merging(commandSchemas) { a, _ in a }
    }

    static func document(extra: [Operation] = []) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for op in operations + extra {
            var o: [String: Any] = ["summary": op.summary, "tags": [op.tag],
                                    "operationId": op.method + op.path.replacingOccurrences(of: "/api/v1", with: "")
                                        .split(whereSeparator: { "/{}.-".contains($0) }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()]
            var params: [[String: Any]] = op.query.map { ["name": $0.0, "in": "query", "required": false, "schema": ["type": $0.1]] }
            for name in op.path.split(separator: "/") where name.hasPrefix("{") {
                params.append(["name": String(name.dropFirst().dropLast()), "in": "path", "required": true, "schema": uuid])
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
            if !op.requiresAuth { o["security"] = [[String: Any]]() }
            paths[op.path, default: [:]][op.method] = o
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "平安 Pingan API", "version": "1.0.0",
                     "description": "县域社会治理平台：民调通与网格化巡控。All coordinates are WGS84."],
            "servers": [["url": "/"]],
            "security": [["bearerAuth": [String]()]],
            "paths": paths,
            "components": ["schemas": schemas,
                           "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"]]],
        ]
    }

    static func json() throws -> Data {
        try JSONSerialization.data(withJSONObject: document(), options: [.sortedKeys, .prettyPrinted])
    }
}

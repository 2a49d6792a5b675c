import Foundation
import PatrolDomain
import ServerCore
import Vapor

/// A plan as written by the command centre or a station (create, and the whole of it on edit).
package struct PlanInput: Content {
    package struct Site: Content { package var name: String; package var lat: Double; package var lon: Double }
    package struct Route: Content { package var name: String; package var points: [[Double]] }
    package struct Post: Content {
        package var name: String
        package var lat: Double
        package var lon: Double
        package var checkpoint: Bool?
        package var unitId: UUID?
        package var unitKind: PatrolUnitKind
        package var targetMinutes: Int
    }
    /// Made by the client on create: a resend is one plan.
    package var id: UUID?
    /// The version an edit is based on (required to edit; a stale one is 409).
    package var baseVersion: Int?
    /// The org unit the plan belongs to (default: the caller's scope).
    package var orgUnitId: UUID?
    package var name: String
    package var kind: PlanKind
    package var description: String?
    package var windowStart: Date?
    package var windowEnd: Date?
    package var sites: [Site]?
    package var routes: [Route]?
    package var posts: [Post]
}

package struct PlanActivateRequest: Content {
    /// Made by the client: a resend is one activation.
    package var id: UUID
}

package struct PlanDTO: Content {
    package struct Post: Content {
        package var name: String
        package var lat: Double
        package var lon: Double
        package var checkpoint: Bool
        package var unitId: UUID?
        package var callSign: String?
        package var unitKind: String
        package var unitKindLabel: String
        package var targetMinutes: Int
    }
    package var id: UUID
    package var orgUnitId: UUID
    package var orgUnitName: String
    package var name: String
    package var kind: String
    package var kindLabel: String
    package var description: String?
    package var windowStart: Date?
    package var windowEnd: Date?
    package var sites: [PlanLayout.KeySite]
    package var routes: [PlanLayout.PatrolRoute]
    package var posts: [Post]
    package var version: Int
    package var updatedAt: Date
    package var activeActivationId: UUID?
    /// Whether the caller may edit, retire and activate it.
    package var mayManage: Bool
}

/// An activation as the command map draws it and the phone reads it: each post with its unit (or
/// why nobody could go), the planned drive time and route, the target, and the arrival read from
/// the unit's GPS.
package struct PlanActivationDTO: Content {
    package struct Post: Content {
        package var index: Int
        package var name: String
        package var lat: Double
        package var lon: Double
        package var checkpoint: Bool
        package var unitId: UUID?
        package var callSign: String?
        /// Taken as the nearest of its kind rather than named by the plan.
        package var nearest: Bool
        /// The named unit passed over, and why (shown, never silent).
        package var skippedCallSign: String?
        package var skipped: String?
        package var skippedLabel: String?
        package var plannedSeconds: Double?
        package var targetSeconds: Double
        package var arrivedAt: Date?
        package var actualSeconds: Double?
        package var withinTarget: Bool
        /// within_target, late, missed (not yet arrived) or red (nobody sent).
        package var outcome: String
        /// The drive route at activation, [[lon, lat]].
        package var route: [[Double]]
    }
    package struct Summary: Content {
        package var posts: Int
        package var staffed: Int
        package var arrived: Int
        package var withinTarget: Int
    }
    package var id: UUID
    package var planId: UUID
    package var planName: String
    package var kind: String
    package var kindLabel: String
    package var startedAt: Date
    package var endedAt: Date?
    package var sites: [PlanLayout.KeySite]
    package var routes: [PlanLayout.PatrolRoute]
    package var posts: [Post]
    package var summary: Summary
    package var mayManage: Bool
}

/// The plans' schemas, with the constraints the handlers enforce (`PlanLayout.Limits`).
extension OpenAPIDocument {
    package static var planSchemas: [String: Any] {
        typealias L = PlanLayout.Limits
        let number: [String: Any] = ["type": "number"]
        let lat: [String: Any] = ["type": "number", "minimum": -90, "maximum": 90]
        let lon: [String: Any] = ["type": "number", "minimum": -180, "maximum": 180]
        func list(_ items: [String: Any], max: Int? = nil, min: Int? = nil) -> [String: Any] {
            var d: [String: Any] = ["type": "array", "items": items]
            if let max { d["maxItems"] = max }
            if let min { d["minItems"] = min }
            return d
        }
        let kinds = PlanKind.allCases.map(\.rawValue), unitKinds = PatrolUnitKind.allCases.map(\.rawValue)
        let siteIn = object(["name", "lat", "lon"], ["name": text(L.name), "lat": lat, "lon": lon])
        let point: [String: Any] = ["type": "array", "minItems": 2, "maxItems": 2, "items": number, "prefixItems": [lon, lat]]
        let routeIn = object(["name", "points"], ["name": text(L.name), "points": list(point, max: L.routePoints, min: 2)])
        let postIn = object(["name", "lat", "lon", "unitKind", "targetMinutes"],
                            ["name": text(L.name), "lat": lat, "lon": lon, "checkpoint": bool, "unitId": uuid, "unitKind": enumOf(unitKinds),
                             "targetMinutes": ["type": "integer", "minimum": L.targetMinutes.lowerBound, "maximum": L.targetMinutes.upperBound]])
        var content: [String: Any] = [
            "orgUnitId": uuid, "name": text(L.name), "kind": enumOf(kinds), "description": optionalText(L.description),
            "windowStart": date, "windowEnd": date, "sites": list(siteIn, max: L.sites), "routes": list(routeIn, max: L.routes),
            "posts": list(postIn, max: L.posts, min: 1),
        ]
        var update = content
        content["id"] = uuid
        update["baseVersion"] = ["type": "integer", "minimum": 1]
        let site = object(["name", "lat", "lon"], ["name": str, "lat": number, "lon": number])
        let route = object(["name", "points"], ["name": str, "points": list(list(number))])
        return [
            "PlanInput": object(["id", "name", "kind", "posts"], content),
            "PlanUpdate": object(["baseVersion", "name", "kind", "posts"], update),
            "PlanActivate": object(["id"], ["id": uuid]),
            "Plan": object(["id", "orgUnitId", "orgUnitName", "name", "kind", "kindLabel", "sites", "routes", "posts", "version", "updatedAt", "mayManage"],
                           ["id": uuid, "orgUnitId": uuid, "orgUnitName": str, "name": str, "kind": enumOf(kinds), "kindLabel": str,
                            "description": nullable(str), "windowStart": nullable(date), "windowEnd": nullable(date),
                            "sites": list(site), "routes": list(route),
                            "posts": list(object(["name", "lat", "lon", "checkpoint", "unitKind", "unitKindLabel", "targetMinutes"],
                                                 ["name": str, "lat": number, "lon": number, "checkpoint": bool, "unitId": nullable(uuid),
                                                  "callSign": nullable(str), "unitKind": enumOf(unitKinds), "unitKindLabel": str, "targetMinutes": int])),
                            "version": int, "updatedAt": date, "activeActivationId": nullable(uuid), "mayManage": bool]),
            "PlanActivation": object(["id", "planId", "planName", "kind", "kindLabel", "startedAt", "sites", "routes", "posts", "summary", "mayManage"],
                                     ["id": uuid, "planId": uuid, "planName": str, "kind": enumOf(kinds), "kindLabel": str, "startedAt": date,
                                      "endedAt": nullable(date), "sites": list(site), "routes": list(route),
                                      "posts": list(object(["index", "name", "lat", "lon", "checkpoint", "nearest", "targetSeconds", "withinTarget", "outcome", "route"],
                                                           ["index": int, "name": str, "lat": number, "lon": number, "checkpoint": bool,
                                                            "unitId": nullable(uuid), "callSign": nullable(str), "nearest": bool,
                                                            "skippedCallSign": nullable(str),
                                                            "skipped": nullable(enumOf(PlanAssignment.Skip.allCases.map(\.rawValue))), "skippedLabel": nullable(str),
                                                            "plannedSeconds": nullable(number), "targetSeconds": number, "arrivedAt": nullable(date),
                                                            "actualSeconds": nullable(number), "withinTarget": bool,
                                                            "outcome": enumOf(["within_target", "late", "missed", "red"]), "route": list(list(number))])),
                                      "summary": object(["posts", "staffed", "arrived", "withinTarget"],
                                                        ["posts": int, "staffed": int, "arrived": int, "withinTarget": int]),
                                      "mayManage": bool]),
        ]
    }
}

import Foundation
import PatrolDomain
import ServerCore

/// Schemas of incidents, the recommendation and dispatch; the operations are in `PatrolRoutes`.
extension OpenAPIDocument {
    package static var incidentSchemas: [String: Any] {
        let lat: [String: Any] = ["type": "number", "minimum": -90, "maximum": 90]
        let lon: [String: Any] = ["type": "number", "minimum": -180, "maximum": 180]
        let place = object(["lat", "lon"], ["lat": lat, "lon": lon, "label": optionalText(200)])
        let phone: [String: Any] = ["type": "string", "maxLength": IncidentController.phoneMax, "pattern": IncidentController.phonePattern]
        let call = object(["callerName", "callerPhone", "at"], ["callerName": str, "callerPhone": str, "at": date, "note": str])
        let number: [String: Any] = ["type": "number"]
        let task = object(["unitId", "callSign", "state", "assignedAt"],
                          ["unitId": uuid, "callSign": str, "state": enumOf(IncidentTaskState.allCases.map(\.rawValue)), "stateLabel": str,
                           "etaSeconds": nullable(number), "assignedAt": date, "acknowledgedAt": nullable(date), "enRouteAt": nullable(date),
                           "onSceneAt": nullable(date), "clearedAt": nullable(date), "disposition": nullable(str),
                           "interruptedAt": nullable(date), "interruptedReason": nullable(str)])
        let types = enumOf(IncidentType.allCases.map(\.rawValue))
        let priorities: [String: Any] = ["type": "integer", "enum": IncidentPriority.allCases.map(\.rawValue)]
        let steps = [IncidentEventType.acknowledged, .enRoute, .onScene, .cleared, .callLinked, .reclassified, .closed, .merged]
        return [
            "IncidentIntake": object(["id", "type", "priority", "place"],
                                     ["id": uuid, "type": types, "priority": priorities, "place": place, "description": optionalText(2000),
                                      "callerName": optionalText(50), "callerPhone": phone, "calledAt": date,
                                      "parties": ["type": "array", "maxItems": IncidentParty.maximumPerCall,
                                                  "items": object(["name"], ["name": text(50), "phone": phone,
                                                                             "idNumber": ["type": "string", "format": "gb11643", "maxLength": 18,
                                                                                          "description": "18 位公民身份号码，校验位有效 / resident ID number with a valid check digit (GB 11643)"]])],
                                      "threatOfViolence": bool]),
            "MediationHandover": object([], ["note": optionalText(500)]),
            "DisputePlace": object(["lat", "lon", "risk"], ["lat": number, "lon": number, "risk": enumOf(["orange", "red"]), "riskLabel": str]),
            "BridgedDispute": object(["disputeId", "level", "risk", "stage", "committee", "lastStep", "lastStepAt", "matchedBy"],
                                     ["disputeId": uuid, "level": str, "levelLabel": str, "risk": str, "riskLabel": str, "stage": str,
                                      "stageLabel": str, "committee": str, "mediator": nullable(str), "lastStep": str, "lastStepAt": date,
                                      "matchedBy": enumOf(["parties", "place", "handover"]), "receivedAt": nullable(date)]),
            "Incident": object(["id", "number", "type", "priority", "status", "place", "calls", "reportedAt", "tasks", "version"],
                               ["id": uuid, "number": str, "type": types, "typeLabel": str, "priority": priorities, "priorityLabel": str,
                                "status": enumOf(IncidentStatus.allCases.map(\.rawValue)), "statusLabel": str,
                                "place": object(["lat", "lon", "label"], ["lat": number, "lon": number, "label": str]),
                                "gridOrgUnitId": nullable(uuid), "gridName": nullable(str), "description": str,
                                "calls": ["type": "array", "items": call], "reportedAt": date, "firstDispatchedAt": nullable(date),
                                "firstOnSceneAt": nullable(date), "closedAt": nullable(date), "disposition": nullable(str),
                                "mergedInto": nullable(uuid), "tasks": ["type": "array", "items": task], "version": int]),
            "IncidentEventInput": object(["id", "type"],
                                         ["id": uuid, "type": enumOf(steps.map(\.rawValue)), "baseVersion": ["type": "integer", "minimum": 0],
                                          "at": date, "unitId": uuid,
                                          "disposition": ["type": "string", "maxLength": 500, "description": "处置结果：cleared、closed 必填 / required for cleared and closed"],
                                          "callerName": optionalText(50), "callerPhone": phone, "note": optionalText(500),
                                          "incidentType": types, "priority": priorities, "intoIncidentId": uuid]),
            "IncidentEvent": object(["id", "seq", "type", "at", "recordedAt", "detail"],
                                    ["id": uuid, "seq": int, "type": enumOf(IncidentEventType.allCases.map(\.rawValue)), "typeLabel": str,
                                     "at": date, "recordedAt": date, "actorUserId": nullable(uuid), "unitId": nullable(uuid),
                                     "callSign": nullable(str), "detail": ["type": "object"]]),
            "Recommendation": object(["incidentId", "units", "excluded"],
                                     ["incidentId": uuid,
                                      "units": ["type": "array", "items": object(["unitId", "callSign", "kind", "seconds", "meters", "route"],
                                                                                 ["unitId": uuid, "callSign": str, "kind": str, "seconds": number,
                                                                                  "meters": number, "route": ["type": "array", "items": ["type": "array", "items": number]]])],
                                      "excluded": ["type": "array", "items": object(["unitId", "callSign", "reason"],
                                                                                    ["unitId": uuid, "callSign": str,
                                                                                     "reason": enumOf(DispatchExclusion.allCases.map(\.rawValue))])],
                                      "note": nullable(str)]),
            "Dispatch": object(["assignments"],
                               ["assignments": ["type": "array", "minItems": 1, "maxItems": 20,
                                                "items": object(["id", "unitId"], ["id": uuid, "unitId": uuid, "reason": optionalText(500)])],
                                "baseVersion": ["type": "integer", "minimum": 0]]),
            "IncidentRoute": object(["incidentId", "unitId", "scene", "route"],
                                    ["incidentId": uuid, "unitId": uuid, "scene": object(["lat", "lon"], ["lat": number, "lon": number, "label": str]),
                                     "seconds": nullable(number), "meters": nullable(number),
                                     "route": ["type": "array", "items": ["type": "array", "items": number]], "note": nullable(str)]),
            "HandoverInput": object(["id", "note"], ["id": uuid, "note": text(2000)]),
            "Handover": object(["id", "fromUserId", "fromName", "note", "createdAt", "incidents"],
                               ["id": uuid, "fromUserId": uuid, "fromName": str, "note": str, "createdAt": date,
                                "incidents": ["type": "array", "items": object(["id", "number", "typeLabel", "statusLabel", "placeLabel"],
                                                                               ["id": uuid, "number": str, "typeLabel": str, "statusLabel": str, "placeLabel": str])],
                                "acknowledgedBy": nullable(uuid), "acknowledgedName": nullable(str), "acknowledgedAt": nullable(date)]),
            // An incident's order, or a drill on a scene (an order without an incident is a drill).
            "ContainmentStart": object(["id"], ["id": uuid, "incidentId": uuid, "scene": place, "drill": bool])
                // One of the two, and not as null (optional fields otherwise accept null).
                .merging(["anyOf": [["required": ["incidentId"], "properties": ["incidentId": uuid]],
                                    ["required": ["scene"], "properties": ["scene": place]]]]) { a, _ in a },
            "ContainmentOrder": containmentOrder,
            "Coverage": object(["limitSeconds", "coveredMeters", "totalMeters", "share", "units", "grids", "belowShare", "gridsBelow"],
                               ["limitSeconds": number, "coveredMeters": number, "totalMeters": number, "share": number, "belowShare": number,
                                "units": ["type": "array", "items": object(["unitID", "meters", "lines"],
                                                                           ["unitID": str, "meters": number,
                                                                            "lines": ["type": "array", "items": ["type": "array", "items": object(["lat", "lon"], ["lat": number, "lon": number])]]])],
                                "grids": ["type": "array", "items": object(["gridID", "coveredMeters", "totalMeters"],
                                                                           ["gridID": str, "coveredMeters": number, "totalMeters": number, "share": nullable(number)])],
                                "gridsBelow": ["type": "array", "items": str]]),
            "PatrolQuality": object(["day", "from", "to", "timeZone", "hotspots", "units", "grids", "hours"],
                                    ["day": str, "from": date, "to": date, "timeZone": str,
                                     "hotspots": ["type": "array", "items": object(["id", "lat", "lon", "radiusMeters", "incidents"],
                                                                                   ["id": str, "lat": number, "lon": number, "radiusMeters": number, "incidents": int])],
                                     "units": ["type": "array", "items": object(["unitId", "callSign", "distanceMeters", "patrolSeconds", "inGridSeconds"],
                                                                                ["unitId": uuid, "callSign": str, "gridId": nullable(uuid), "gridName": nullable(str),
                                                                                 "distanceMeters": number, "patrolSeconds": number, "inGridSeconds": number,
                                                                                 "inGridShare": nullable(number), "gaps": int, "jumps": int, "hotspotVisits": int,
                                                                                 "hotspotMinutes": number, "koperStops": int, "koperCompliance": nullable(number),
                                                                                 "disputePlaceVisits": int, "disputePlaceMinutes": number])],
                                     "grids": ["type": "array", "items": object(["units", "officers", "distanceMeters", "patrolSeconds"],
                                                                                ["gridId": nullable(uuid), "gridName": nullable(str), "units": int, "officers": int,
                                                                                 "distanceMeters": number, "patrolSeconds": number, "inGridSeconds": number,
                                                                                 "hotspotMinutes": number, "disputePlaceMinutes": number])],
                                     "hours": ["type": "array", "items": object(["hour", "units", "grids", "outsideGrids"],
                                                                                ["hour": int, "units": int, "outsideGrids": int,
                                                                                 "grids": ["type": "array", "items": object(["gridId", "gridName", "units"],
                                                                                                                            ["gridId": uuid, "gridName": str, "units": int])]])]]),
            "ResponseTimes": object(["overall", "byGrid", "byHour", "timeZone"],
                                    ["overall": ["type": "object"], "byGrid": ["type": "array", "items": ["type": "object"]],
                                     "byHour": ["type": "array", "items": ["type": "object"]], "timeZone": str]),
        ]
    }

    static var containmentOrder: [String: Any] {
        let number: [String: Any] = ["type": "number"]
        let summary = object(["tasks", "withinTarget", "late", "missed", "red"],
                             ["tasks": int, "withinTarget": int, "shareWithinTarget": nullable(number), "late": int, "missed": int, "red": int])
        let task = object(["ring", "lat", "lon", "targetSeconds", "staffedByPost", "red", "withinTarget", "outcome"],
                          ["ring": enumOf(DrillReport.Ring.allCases.map(\.rawValue)), "siteName": nullable(str), "siteKind": nullable(str),
                           "lat": number, "lon": number, "unitId": nullable(uuid), "callSign": nullable(str), "plannedSeconds": nullable(number),
                           "targetSeconds": number, "staffedByPost": bool, "red": bool, "bestSeconds": nullable(number),
                           "actualSeconds": nullable(number), "withinTarget": bool, "outcome": enumOf(["within_target", "late", "missed", "red"])])
        return object(["id", "drill", "scene", "startedAt", "targets", "tasks", "checkpoints", "rings"],
                      ["id": uuid, "incidentId": nullable(uuid), "drill": bool,
                       "scene": object(["lat", "lon"], ["lat": number, "lon": number, "label": str]),
                       "startedAt": date, "liftedAt": nullable(date),
                       "targets": object(["sceneSeconds", "gateSeconds", "exitSeconds"], ["sceneSeconds": number, "gateSeconds": number, "exitSeconds": number]),
                       "tasks": ["type": "array", "items": task], "checkpoints": summary,
                       "rings": ["type": "array", "items": object(["ring", "targetSeconds", "summary"],
                                                                  ["ring": str, "targetSeconds": number, "summary": summary])],
                       "firstOnSceneSeconds": nullable(number),
                       "isochrones": nullable(["type": "array", "items": object(["seconds", "polygons"], ["seconds": number, "polygons": ["type": "array"]])])])
    }
}

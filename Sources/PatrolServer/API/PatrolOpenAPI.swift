import Foundation
import PatrolDomain
import ServerCore

/// Schemas of 网格化巡控's units, shifts, devices and positions; the operations are in `PatrolRoutes`.
extension OpenAPIDocument {
    package static var patrolSchemas: [String: Any] {
        let number: [String: Any] = ["type": "number"]
        let position = object(["lat", "lon", "at", "flags"],
                              ["lat": number, "lon": number, "at": date, "speed": nullable(number), "heading": nullable(number),
                               "accuracy": nullable(number), "flags": ["type": "array", "items": enumOf(FixFlags.codes.map(\.1))]])
        return [
            "PatrolUnit": object(["id", "callSign", "kind", "status", "stationOrgUnitId", "capabilities", "moves", "stale"],
                                 ["id": uuid, "callSign": str, "kind": enumOf(PatrolUnitKind.allCases.map(\.rawValue)), "kindLabel": str,
                                  "status": enumOf(PatrolUnitStatus.allCases.map(\.rawValue)), "statusLabel": str, "statusColour": str,
                                  "stationOrgUnitId": uuid, "stationName": str, "homeGridOrgUnitId": nullable(uuid), "homeGridName": nullable(str),
                                  "capabilities": ["type": "array", "items": str], "moves": bool,
                                  "position": nullable(position), "stale": bool]),
            // Off duty is signing off, not a tap.
            "StatusChange": object(["id", "status"], ["id": uuid, "status": enumOf(PatrolUnitStatus.allCases.filter { $0 != .offDuty }.map(\.rawValue)),
                                                      "at": date]),
            "SignOn": object(["id"], ["id": uuid, "at": date]),
            "SignOff": object(["shiftId"], ["shiftId": uuid, "at": date]),
            "Shift": object(["id", "unitId", "officerId", "signedOnAt"],
                            ["id": uuid, "unitId": uuid, "officerId": uuid, "signedOnAt": date, "signedOffAt": nullable(date)]),
            "IssueDevice": object(["kind"], ["kind": enumOf(PatrolDeviceKind.allCases.map(\.rawValue))]),
            "PatrolDevice": object(["id", "unitId", "kind", "issuedAt"],
                                   ["id": uuid, "unitId": uuid, "kind": str, "kindLabel": str, "issuedAt": date, "revokedAt": nullable(date)]),
            "IssuedDevice": object(["id", "unitId", "kind", "issuedAt", "token"],
                                   ["id": uuid, "unitId": uuid, "kind": str, "kindLabel": str, "issuedAt": date, "revokedAt": nullable(date),
                                    "token": ["type": "string", "description": "只显示这一次 / shown this once"]]),
            "Fix": object(["lat", "lon", "at"],
                          ["lat": ["type": "number", "minimum": -90, "maximum": 90], "lon": ["type": "number", "minimum": -180, "maximum": 180],
                           "at": date, "speed": ["type": "number", "minimum": 0], "heading": ["type": "number", "minimum": 0, "maximum": 360],
                           "accuracy": ["type": "number", "minimum": 0]]),
            "FixBatch": object(["unitId", "fixes"], ["unitId": uuid, "fixes": ["type": "array", "minItems": 1, "maxItems": PositionController.maxBatch,
                                                                                "items": ["$ref": "#/components/schemas/Fix"]]]),
            "FixBatchResult": object(["stored", "duplicates", "offDuty"], ["stored": int, "duplicates": int, "offDuty": int]),
            "Track": object(["unitId", "from", "to", "fixes"], ["unitId": uuid, "from": date, "to": date, "fixes": ["type": "array", "items": position]]),
        ]
    }
}

import Foundation
import ServerCore

/// Schemas of the spike alerts and their proposals (P6); the operations are in `PatrolRoutes`.
extension OpenAPIDocument {
    package static var reinforcementSchemas: [String: Any] {
        let number: [String: Any] = ["type": "number"]
        func list(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
        return [
            "ReinforcementDecision": ["type": "object", "properties": ["note": optionalText(500)]],
            "ReinforcementRejection": object(["note"], ["note": text(500)]),
            "ReinforcementAlert": object(["id", "gridId", "gridName", "raisedHour", "count", "expected", "status", "moves", "donors", "passed", "tasks"],
                                         ["id": uuid, "gridId": uuid, "gridName": str, "raisedHour": date, "count": int, "expected": number,
                                          "status": enumOf(ReinforcementDecision.allCases.map(\.rawValue)), "statusLabel": str,
                                          "keepShare": nullable(number),
                                          "moves": list(object(["unitId", "callSign", "fromGridId", "fromGridName", "seconds"],
                                                               ["unitId": uuid, "callSign": str, "fromGridId": uuid, "fromGridName": str, "seconds": number])),
                                          "donors": list(object(["gridId", "gridName", "coveredMetersBefore", "coveredMetersAfter"],
                                                                ["gridId": uuid, "gridName": str, "coveredMetersBefore": number, "coveredMetersAfter": number,
                                                                 "keptShare": nullable(number)])),
                                          "passed": list(object(["unitId", "callSign", "gridName", "wouldKeepShare"],
                                                                ["unitId": uuid, "callSign": str, "gridName": str, "wouldKeepShare": number])),
                                          "proposalNote": nullable(str), "decidedBy": nullable(str), "decidedAt": nullable(date),
                                          "note": nullable(str), "clearedAt": nullable(date),
                                          "tasks": list(object(["unitId", "callSign", "plannedSeconds", "assignedAt"],
                                                               ["unitId": uuid, "callSign": str, "plannedSeconds": number, "assignedAt": date]))]),
        ]
    }
}

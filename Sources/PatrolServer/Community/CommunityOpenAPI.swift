import Foundation
import PatrolDomain
import ServerCore

/// Schemas of community groups, notices, tips and leads (P8); the operations are in `CommunityRoutes`.
/// The limits here are the ones `CommunityInput` enforces.
extension OpenAPIDocument {
    package static var communitySchemas: [String: Any] {
        func list(_ items: [String: Any], max: Int? = nil, min: Int? = nil) -> [String: Any] {
            var s: [String: Any] = ["type": "array", "items": items]
            if let max { s["maxItems"] = max }
            if let min { s["minItems"] = min }
            return s
        }
        let L = CommunityInput.self
        let phone: [String: Any] = ["type": "string", "pattern": L.phonePattern, "maxLength": L.phoneMax]
        let kind = enumOf(CommunityGroupKind.allCases.map(\.rawValue))
        let place = object(["lat", "lon"], ["lat": ["type": "number", "minimum": -90, "maximum": 90], "lon": ["type": "number", "minimum": -180, "maximum": 180],
                                            "label": optionalText(L.placeLabelMax)])
        let member = object(["id", "name", "phone", "role"], ["id": uuid, "name": str, "phone": str, "role": str])
        let delivery = object(["id", "status", "statusLabel", "attempts", "nextAttemptAt"],
                              ["id": uuid, "status": enumOf(DeliveryStatus.allCases.map(\.rawValue)), "statusLabel": str, "attempts": int,
                               "nextAttemptAt": date, "lastAttemptAt": nullable(date), "lastError": nullable(str), "deliveredAt": nullable(date)])
        return [
            "CommunityGroupInput": object(["id", "name", "kind", "areaOrgUnitId", "members"],
                                          ["id": uuid, "name": text(L.nameMax), "kind": kind, "areaOrgUnitId": uuid, "note": optionalText(L.noteMax),
                                           // `id` is read (and ignored) as in an update: declared, so its type is the document's.
                                           "members": list(object(["name", "phone"], ["id": uuid, "name": text(L.memberNameMax), "phone": phone, "role": optionalText(L.roleMax)]),
                                                           max: L.membersMax)]),
            "CommunityGroupUpdate": object(["name", "kind", "members"],
                                           ["name": text(L.nameMax), "kind": kind, "note": optionalText(L.noteMax),
                                            "members": list(object(["name"], ["id": uuid, "name": text(L.memberNameMax), "phone": phone, "role": optionalText(L.roleMax)]),
                                                            max: L.membersMax)]),
            "CommunityGroup": object(["id", "name", "kind", "kindLabel", "areaOrgUnitId", "areaName", "note", "archived", "members", "updatedAt"],
                                     ["id": uuid, "name": str, "kind": kind, "kindLabel": str, "areaOrgUnitId": uuid, "areaName": str, "note": str,
                                      "archived": bool, "members": list(member), "updatedAt": date]),
            "CommunityNoticeInput": object(["id", "groupIds", "text"],
                                           ["id": uuid, "groupIds": ["type": "array", "items": uuid, "minItems": 1, "maxItems": L.noticeGroupsMax, "uniqueItems": true],
                                            "text": text(L.noticeMax)]),
            "CommunityNotice": object(["id", "text", "groups", "recipients", "sentBy", "createdAt", "delivery", "attempts"],
                                      ["id": uuid, "text": str, "groups": list(object(["id", "name"], ["id": uuid, "name": str])), "recipients": int,
                                       "sentBy": str, "createdAt": date, "delivery": delivery,
                                       "attempts": list(object(["attempt", "at", "delivered"], ["attempt": int, "at": date, "delivered": bool,
                                                                                               "httpStatus": nullable(int), "error": nullable(str)]))]),
            "CommunityTip": object(["id", "text"],
                                   ["id": ["type": "string", "pattern": L.tipIDPattern, "maxLength": L.tipIDMax], "groupId": uuid,
                                    "senderName": optionalText(L.memberNameMax), "senderPhone": phone, "text": text(L.tipMax), "place": place]),
            "CommunityTipReceipt": object(["leadId", "tipId", "duplicate"], ["leadId": uuid, "tipId": str, "duplicate": bool]),
            "CommunityLead": object(["id", "tipId", "text", "senderName", "senderPhone", "status", "statusLabel", "receivedAt", "mayDecide"],
                                    ["id": uuid, "tipId": str, "text": str, "senderName": str, "senderPhone": str, "groupId": nullable(uuid),
                                     "groupName": nullable(str), "place": nullable(place), "areaName": nullable(str),
                                     "status": enumOf(CommunityLeadStatus.allCases.map(\.rawValue)), "statusLabel": str,
                                     "incidentId": nullable(uuid), "incidentNumber": nullable(str), "reason": nullable(str),
                                     "decidedBy": nullable(str), "decidedAt": nullable(date), "receivedAt": date, "mayDecide": bool]),
            "CommunityLeadPromotion": object(["type", "priority"],
                                             ["type": enumOf(IncidentType.allCases.map(\.rawValue)), "priority": ["type": "integer", "enum": IncidentPriority.allCases.map(\.rawValue)],
                                              "description": optionalText(L.tipMax), "place": place]),
            "CommunityLeadDismissal": object(["reason"], ["reason": text(L.reasonMax)]),
        ]
    }
}

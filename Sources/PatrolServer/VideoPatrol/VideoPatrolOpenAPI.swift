import Foundation
import PatrolDomain
import ServerCore

/// Schemas of cameras and video notices (P7); the operations are in `VideoPatrolRoutes`. Each
/// constraint here is one the handlers enforce (`VideoPatrolChecks`), and no other.
extension OpenAPIDocument {
    package static var videoPatrolSchemas: [String: Any] {
        let lat: [String: Any] = ["type": "number", "minimum": -90, "maximum": 90]
        let lon: [String: Any] = ["type": "number", "minimum": -180, "maximum": 180]
        let number: [String: Any] = ["type": "number"]
        let code: [String: Any] = ["type": "string", "pattern": VideoPatrolChecks.cameraCodePattern]
        let cameraKinds = enumOf(CameraKind.allCases.map(\.rawValue))
        let noticeKinds = enumOf(VideoNoticeKind.allCases.map(\.rawValue))
        let photo: [String: Any] = ["type": "string", "contentEncoding": "base64", "maxLength": NoticePhoto.maxBase64Length,
                                    "pattern": NoticePhoto.base64Pattern,
                                    "description": "JPEG 或 PNG 照片的 base64，至多 \(NoticePhoto.maxBytes) 字节：过大 413，非 JPEG/PNG 415 / a JPEG or PNG photo as base64: too large is 413, another type 415"]
        func list(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
        return [
            "CameraInput": object(["code", "name", "kind", "lat", "lon"],
                                  ["code": code, "name": text(VideoPatrolChecks.nameMax), "kind": cameraKinds, "lat": lat, "lon": lon, "gridId": uuid]),
            "CameraUpdate": object([], ["name": text(VideoPatrolChecks.nameMax), "kind": cameraKinds, "lat": lat, "lon": lon, "gridId": uuid]),
            "Camera": object(["id", "code", "name", "kind", "kindLabel", "lat", "lon", "illustrative"],
                             ["id": uuid, "code": str, "name": str, "kind": cameraKinds, "kindLabel": str, "lat": number, "lon": number,
                              "gridId": nullable(uuid), "gridName": nullable(str), "illustrative": bool]),
            "VideoNoticeInput": object(["id", "kind", "description", "place", "seenAt", "gridIds"],
                                       ["id": uuid, "kind": noticeKinds, "description": text(VideoPatrolChecks.descriptionMax),
                                        "plate": optionalText(VideoPatrolChecks.plateMax), "photo": photo,
                                        "place": object(["lat", "lon"], ["lat": lat, "lon": lon, "label": optionalText(200)]),
                                        "seenAt": date, "cameraId": uuid,
                                        "gridIds": ["type": "array", "minItems": 1, "maxItems": VideoPatrolChecks.gridsMax, "items": uuid]]),
            "VideoNoticeAcknowledgement": ["type": "object", "properties": ["id": uuid, "unitId": uuid, "at": date]],
            "VideoNoticeConversion": object(["id"], ["id": uuid, "type": enumOf(IncidentType.allCases.map(\.rawValue)),
                                                     "priority": ["type": "integer", "enum": IncidentPriority.allCases.map(\.rawValue)]]),
            "VideoNotice": object(["id", "kind", "kindLabel", "description", "hasPhoto", "place", "seenAt", "raisedBy", "raisedAt", "grids",
                                   "recipients", "recipientCount", "acknowledgedCount", "complete"],
                                  ["id": uuid, "kind": noticeKinds, "kindLabel": str, "description": str, "plate": nullable(str),
                                   "hasPhoto": bool, "photoUrl": nullable(str),
                                   "place": object(["lat", "lon", "label"], ["lat": number, "lon": number, "label": str]),
                                   "seenAt": date, "cameraId": nullable(uuid), "cameraName": nullable(str), "raisedBy": str, "raisedAt": date,
                                   "grids": list(object(["id", "name"], ["id": uuid, "name": str])),
                                   "recipients": list(object(["unitId", "callSign", "gridName"],
                                                             ["unitId": uuid, "callSign": str, "gridName": str, "acknowledgedAt": nullable(date),
                                                              "acknowledgedBy": nullable(str)])),
                                   "recipientCount": int, "acknowledgedCount": int, "complete": bool,
                                   "incidentId": nullable(uuid), "convertedBy": nullable(str), "convertedAt": nullable(date)]),
        ]
    }
}

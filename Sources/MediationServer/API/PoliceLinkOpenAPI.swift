import ServerCore

/// Schemas of X1 on the mediation side (`PoliceLinkController`).
extension OpenAPIDocument {
    package static var policeLinkSchemas: [String: Any] {
        let incident = object(["incidentId", "number", "typeLabel", "reportedAt", "placeLabel", "lat", "lon"],
                              ["incidentId": uuid, "number": str, "typeLabel": str, "reportedAt": date, "placeLabel": str,
                               "lat": ["type": "number"], "lon": ["type": "number"]])
        return [
            "FollowUpTask": object(["id", "disputeId", "committeeOrgUnitId", "reason", "createdAt"],
                                   ["id": uuid, "disputeId": uuid, "committeeOrgUnitId": uuid, "reason": str, "createdAt": date,
                                    "acknowledgedAt": nullable(date), "closedAt": nullable(date), "closeNote": nullable(str),
                                    "disputeSummary": str, "risk": str, "riskLabel": str]),
            "FollowUpClose": object(["note"], ["note": text(2000)]),
            "BridgedIncident": incident,
            "PoliceHandover": object(["id", "disputeId", "incidentNumber", "note", "handedOverBy", "createdAt"],
                                     ["id": uuid, "disputeId": uuid, "incidentNumber": str, "note": str, "handedOverBy": str, "createdAt": date,
                                      "acknowledgedAt": nullable(date), "acknowledgedName": nullable(str), "disputeSummary": str,
                                      "incident": nullable(["$ref": "#/components/schemas/BridgedIncident"])]),
            "PoliceLinks": object(["calls", "followUpTasks"],
                                  ["fromIncident": nullable(["$ref": "#/components/schemas/PoliceHandover"]),
                                   "calls": ["type": "array", "items": object(["incidentId", "incidentNumber", "calledAt", "placeLabel", "reportsViolence"],
                                                                              ["incidentId": uuid, "incidentNumber": str, "calledAt": date, "placeLabel": str,
                                                                               "lat": ["type": "number"], "lon": ["type": "number"], "reportsViolence": bool])],
                                   "followUpTasks": ["type": "array", "items": ["$ref": "#/components/schemas/FollowUpTask"]]]),
        ]
    }
}

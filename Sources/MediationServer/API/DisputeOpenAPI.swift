import Foundation
import MediationDomain
import PinganDomain
import ServerCore

/// Schemas of 民调通's disputes, board, major reports and statistics; the operations are in
/// `MediationRoutes`.
extension OpenAPIDocument {
    package static var disputeSchemas: [String: Any] {
        [
            "Party": object(["name", "role"], ["name": text(50), "sex": enumOf(Sex.allCases.map(\.rawValue)),
                                               "idNumber": ["type": "string", "format": "gb11643", "maxLength": 18,
                                                            "description": "18 位公民身份号码，校验位有效 / resident ID number with a valid check digit (GB 11643)"],
                                               "phone": optionalText(20), "address": optionalText(200),
                                               "role": enumOf(PartyRole.allCases.map(\.rawValue))]),
            "RegisterDispute": registerDispute,
            "DisputeListItem": object(["id", "summary", "stage", "risk", "level", "registeredAt", "version"],
                                      ["id": uuid, "summary": str, "partyNames": str, "category": str, "categoryLabel": str, "stage": str,
                                       "stageLabel": str, "risk": str, "riskLabel": str, "level": str, "levelLabel": str, "receivedLevel": str,
                                       "settledLevel": nullable(str), "channel": str, "registeredAt": date, "lastEventAt": date,
                                       "deadlineAt": nullable(date), "deadlineKind": nullable(str), "deadlineStatus": str,
                                       "villageId": nullable(uuid), "townshipId": nullable(uuid), "handlingOrgUnitId": uuid,
                                       "caseNumber": nullable(str), "version": int, "majorReportDue": bool]),
            "DisputeDetail": ["allOf": [["$ref": "#/components/schemas/DisputeListItem"],
                                        object(["state", "deadlines"], ["state": ["type": "object"], "deadlines": ["type": "array"]])]],
            // Events with their own endpoint (registration, risk, reports, supervision) are not appended here.
            "AppendEvent": EventPayloadShapes.appendEventSchema,
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
        ]
    }

    /// One variant per category, each naming only its own subcategories: a subcategory of another
    /// category is then schema-invalid, as the intake refuses it (422).
    static var registerDispute: [String: Any] {
        let required = ["id", "parties", "category", "source", "place", "summary"]
        let props: [String: Any] = [
            "id": uuid,
            "parties": ["type": "array", "minItems": 1, "maxItems": 50, "items": ["$ref": "#/components/schemas/Party"],
                        "contains": ["type": "object", "required": ["role"], "properties": ["role": ["const": "applicant"]]]],
            "source": enumOf(DisputeSource.allCases.map(\.rawValue)), "channel": enumOf(MediationChannel.allCases.map(\.rawValue)),
            "handlingOrgUnitId": uuid, "villageId": uuid, "gridId": uuid, "place": text(200),
            "location": object(["lon", "lat"], ["lon": ["type": "number"], "lat": ["type": "number"]]),
            "occurredAt": date, "peopleInvolved": ["type": "integer", "minimum": 1, "maximum": DisputeIntake.maximumPeopleInvolved],
            "amount": Money.schema, "summary": text(2000), "enterpriseName": optionalText(EnterpriseAPI.nameMax),
            "riskSigns": object(["threatOfViolence", "threatOfSelfHarm", "plannedCollectivePetition", "crossesVillages"],
                                ["threatOfViolence": bool, "threatOfSelfHarm": bool, "plannedCollectivePetition": bool, "crossesVillages": bool]),
        ]
        return ["oneOf": DisputeCategory.allCases.map { category -> [String: Any] in
            var variant = props
            variant["category"] = ["const": category.rawValue]
            variant["subcategoryCode"] = enumOf(category.subcategories.map(\.code))
            return object(required, variant)
        }]
    }
}

import MediationDomain
import ServerCore
import Foundation

/// Schemas of the county directives side (指令督办) (M8, M9, M11), merged into `OpenAPIDocument`; the
/// operations are in `MediationRoutes`.
extension OpenAPIDocument {
    /// A calendar month, `2026-11`, as screening reports name them.
    package static var month: [String: Any] { ["type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"] }

    package static var directivesSchemas: [String: Any] {
        let names: [String: Any] = ["type": "array", "items": str]
        // A nil report is exactly a count of 0 (`ScreeningReportController.counts`).
        let counts: [String: Any] = ["oneOf": [
            ["properties": ["foundCount": ["const": 0], "nilReport": ["const": true]]],
            ["properties": ["foundCount": ["minimum": 1], "nilReport": ["const": false]]],
        ]]
        func withCounts(_ o: [String: Any]) -> [String: Any] { o.merging(["allOf": [counts]]) { a, _ in a } }
        let participants: [String: Any] = ["type": "array", "minItems": 1, "maxItems": 50, "items": text(50)]
        return [
            "CreateInstruction": object(["title", "body", "recipientOrgUnitIds"],
                                        ["id": uuid, "title": text(100), "body": text(4000), "recipientOrgUnitIds": ["type": "array", "minItems": 1, "maxItems": 200, "items": uuid],
                                         "dueAt": date, "disputeId": uuid]),
            // orgUnitId: which recipient, for a caller who answers for several.
            "InstructionAcknowledgement": object([], ["orgUnitId": uuid]),
            "InstructionReply": object(["reply"], ["orgUnitId": uuid, "reply": text(2000)]),
            "InstructionRecipient": object(["orgUnitId", "orgUnitName", "mine"],
                                           ["orgUnitId": uuid, "orgUnitName": str, "acknowledgedAt": nullable(date), "acknowledgedBy": nullable(uuid),
                                            "reply": nullable(str), "repliedAt": nullable(date), "repliedBy": nullable(uuid), "mine": bool]),
            "Instruction": object(["id", "title", "body", "issuedAt", "recipients", "notAcknowledged", "notReplied"],
                                  ["id": uuid, "title": str, "body": str, "issuedByUserId": uuid, "issuedByOrgUnitId": uuid, "issuedAt": date,
                                   "dueAt": nullable(date), "disputeId": nullable(uuid), "recipientCount": int, "acknowledgedCount": int,
                                   "repliedCount": int,
                                   "recipients": ["type": "array", "items": ["$ref": "#/components/schemas/InstructionRecipient"]],
                                   "notAcknowledged": names, "notReplied": names]),
            "CreateSupervisionOrder": object(["disputeId", "assigneeOrgUnitId", "instruction", "deadline"],
                                             ["id": uuid, "disputeId": uuid, "assigneeOrgUnitId": uuid, "instruction": text(1000), "deadline": date]),
            "SupervisionAnswer": object(["reply"], ["id": uuid, "reply": text(2000)]),
            "SupervisionOrder": object(["id", "disputeId", "assigneeOrgUnitId", "instruction", "deadline", "status"],
                                       ["id": uuid, "disputeId": uuid, "issuedByOrgUnitId": uuid, "issuedByUserId": uuid, "assigneeOrgUnitId": uuid,
                                        "assigneeName": str, "instruction": str, "issuedAt": date, "deadline": date, "answeredAt": nullable(date),
                                        "reply": nullable(str), "status": ["type": "string", "enum": ["open", "answered", "overdue"]],
                                        "statusLabel": str, "mine": bool]),
            "AccountabilityRecord": object(["id", "supervisionOrderId", "responsibleOrgUnitId", "deadline", "detectedAt", "reason"],
                                           ["id": uuid, "supervisionOrderId": uuid, "disputeId": nullable(uuid), "responsibleOrgUnitId": uuid,
                                            "responsibleName": str, "issuedByOrgUnitId": uuid, "deadline": date, "detectedAt": date, "reason": str]),
            "CreateDiscussion": object(["disputeId", "scheduledAt", "place", "participants"],
                                       ["id": uuid, "disputeId": uuid, "scheduledAt": date, "place": text(100), "participants": participants]),
            "HoldDiscussion": object(["minutes"], ["minutes": text(8000), "participants": participants]),
            "DecideDiscussion": object(["decision"], ["decision": text(4000)]),
            "Discussion": object(["id", "disputeId", "scheduledAt", "place", "participants", "status"],
                                 ["id": uuid, "disputeId": uuid, "scheduledAt": date, "place": str, "participants": names,
                                  "minutes": nullable(str), "decision": nullable(str), "status": ["type": "string", "enum": ["scheduled", "held"]],
                                  "statusLabel": str, "createdBy": uuid, "createdAt": date, "heldAt": nullable(date), "decidedAt": nullable(date)]),
            "Lawyer": object(["id", "username", "displayName", "departments"],
                             ["id": uuid, "username": str, "displayName": str,
                              "departments": ["type": "array", "items": object(["id", "code", "name"], ["id": uuid, "code": str, "name": str])]]),
            "AssignLawyerDepartment": object(["departmentOrgUnitId"], ["departmentOrgUnitId": uuid]),
            "CreateConsultation": object(["disputeId", "question"], ["id": uuid, "disputeId": uuid, "question": text(2000)]),
            "Consultation": object(["id", "lawyerId", "disputeId", "question", "disputeVersion"],
                                   ["id": uuid, "lawyerId": uuid, "disputeId": uuid, "question": str, "disputeVersion": int]),
            "SubmitScreeningReport": withCounts(object(["month", "foundCount", "nilReport"],
                                            ["id": uuid, "villageId": uuid, "month": month,
                                             "foundCount": ["type": "integer", "minimum": 0, "maximum": 10_000], "nilReport": bool,
                                             "note": optionalText(1000)])),
            "CorrectScreeningReport": withCounts(object(["foundCount", "nilReport"],
                                                        ["foundCount": ["type": "integer", "minimum": 0, "maximum": 10_000], "nilReport": bool,
                                                         "note": optionalText(1000)])),
            "ScreeningReport": object(["id", "villageId", "month", "foundCount", "nilReport"],
                                      ["id": uuid, "villageId": uuid, "villageName": str, "month": str, "foundCount": int, "nilReport": bool,
                                       "label": str, "note": nullable(str), "submittedBy": uuid, "submittedAt": date, "correctedAt": nullable(date)]),
            "MissingScreening": object(["month", "villageCount", "reportedCount", "items", "total", "limit", "offset"],
                                       ["month": str, "villageCount": int, "reportedCount": int, "total": int, "limit": int, "offset": int,
                                        "items": ["type": "array", "items": object(["id", "code", "name"], ["id": uuid, "code": str, "name": str])]]),
        ]
    }
}

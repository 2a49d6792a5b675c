import MediationDomain
import ServerCore
import Foundation

/// Schemas of the county directives side (指令督办) (M8, M9, M11), merged into `OpenAPIDocument`; the
/// operations are in `MediationRoutes`.
extension OpenAPIDocument {
    package static var directivesSchemas: [String: Any] {
        let names: [String: Any] = ["type": "array", "items": str]
        return [
            "CreateInstruction": object(["title", "body", "recipientOrgUnitIds"],
                                        ["id": uuid, "title": str, "body": str, "recipientOrgUnitIds": ["type": "array", "items": uuid],
                                         "dueAt": date, "disputeId": uuid]),
            "InstructionAnswer": object([], ["orgUnitId": uuid, "reply": str]),
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
                                             ["id": uuid, "disputeId": uuid, "assigneeOrgUnitId": uuid, "instruction": str, "deadline": date]),
            "SupervisionAnswer": object(["reply"], ["id": uuid, "reply": str]),
            "SupervisionOrder": object(["id", "disputeId", "assigneeOrgUnitId", "instruction", "deadline", "status"],
                                       ["id": uuid, "disputeId": uuid, "issuedByOrgUnitId": uuid, "issuedByUserId": uuid, "assigneeOrgUnitId": uuid,
                                        "assigneeName": str, "instruction": str, "issuedAt": date, "deadline": date, "answeredAt": nullable(date),
                                        "reply": nullable(str), "status": ["type": "string", "enum": ["open", "answered", "overdue"]],
                                        "statusLabel": str, "mine": bool]),
            "AccountabilityRecord": object(["id", "supervisionOrderId", "responsibleOrgUnitId", "deadline", "detectedAt", "reason"],
                                           ["id": uuid, "supervisionOrderId": uuid, "disputeId": nullable(uuid), "responsibleOrgUnitId": uuid,
                                            "responsibleName": str, "issuedByOrgUnitId": uuid, "deadline": date, "detectedAt": date, "reason": str]),
            "CreateDiscussion": object(["disputeId", "scheduledAt", "place", "participants"],
                                       ["id": uuid, "disputeId": uuid, "scheduledAt": date, "place": str, "participants": names]),
            "HoldDiscussion": object(["minutes"], ["minutes": str, "participants": names]),
            "DecideDiscussion": object(["decision"], ["decision": str]),
            "Discussion": object(["id", "disputeId", "scheduledAt", "place", "participants", "status"],
                                 ["id": uuid, "disputeId": uuid, "scheduledAt": date, "place": str, "participants": names,
                                  "minutes": nullable(str), "decision": nullable(str), "status": ["type": "string", "enum": ["scheduled", "held"]],
                                  "statusLabel": str, "createdBy": uuid, "createdAt": date, "heldAt": nullable(date), "decidedAt": nullable(date)]),
            "Lawyer": object(["id", "username", "displayName", "departments"],
                             ["id": uuid, "username": str, "displayName": str,
                              "departments": ["type": "array", "items": object(["id", "code", "name"], ["id": uuid, "code": str, "name": str])]]),
            "AssignLawyerDepartment": object(["departmentOrgUnitId"], ["departmentOrgUnitId": uuid]),
            "CreateConsultation": object(["disputeId", "question"], ["id": uuid, "disputeId": uuid, "question": str]),
            "Consultation": object(["id", "lawyerId", "disputeId", "question", "disputeVersion"],
                                   ["id": uuid, "lawyerId": uuid, "disputeId": uuid, "question": str, "disputeVersion": int]),
            "SubmitScreeningReport": object(["month", "foundCount", "nilReport"],
                                            ["id": uuid, "villageId": uuid, "month": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"],
                                             "foundCount": int, "nilReport": bool, "note": str]),
            "CorrectScreeningReport": object(["foundCount", "nilReport"], ["foundCount": int, "nilReport": bool, "note": str]),
            "ScreeningReport": object(["id", "villageId", "month", "foundCount", "nilReport"],
                                      ["id": uuid, "villageId": uuid, "villageName": str, "month": str, "foundCount": int, "nilReport": bool,
                                       "label": str, "note": nullable(str), "submittedBy": uuid, "submittedAt": date, "correctedAt": nullable(date)]),
            "MissingScreening": object(["month", "villageCount", "reportedCount", "items", "total", "limit", "offset"],
                                       ["month": str, "villageCount": int, "reportedCount": int, "total": int, "limit": int, "offset": int,
                                        "items": ["type": "array", "items": object(["id", "code", "name"], ["id": uuid, "code": str, "name": str])]]),
        ]
    }
}

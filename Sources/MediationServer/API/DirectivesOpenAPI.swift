import MediationDomain
import ServerCore
import Foundation

/// OpenAPI entries of the county directives side (指令督办) (M8, M9, M11), merged into `OpenAPIDocument`.
extension OpenAPIDocument {
    package static let directivesQuery = [("orgUnit", "string"), ("from", "string"), ("to", "string")]

    package static var directivesOperations: [Operation] {
        [
            Operation(method: "get", path: "/api/v1/instructions", summary: "工作指令列表 / Work instructions in scope (M8)", tag: "directives",
                      query: pageQuery + directivesQuery + [("status", "string")], response: "Instruction", list: true,
                      querySchemas: ["status": enumOf(["open", "replied"])]),
            Operation(method: "post", path: "/api/v1/instructions",
                      summary: "下达工作指令（县司法局；幂等：客户端生成 id）/ Issue a work instruction (bureau; idempotent by client id)",
                      tag: "directives", body: "CreateInstruction", response: "Instruction", status: 201),
            Operation(method: "get", path: "/api/v1/instructions/{id}", summary: "工作指令详情（含未签收、未回复单位）/ One instruction with who has not answered",
                      tag: "directives", response: "Instruction"),
            Operation(method: "post", path: "/api/v1/instructions/{id}/acknowledge", summary: "接收单位签收 / A recipient unit acknowledges",
                      tag: "directives", body: "InstructionAnswer", response: "Instruction"),
            Operation(method: "post", path: "/api/v1/instructions/{id}/reply", summary: "接收单位回复 / A recipient unit replies",
                      tag: "directives", body: "InstructionAnswer", response: "Instruction"),
            Operation(method: "get", path: "/api/v1/supervision-orders", summary: "督办单列表 / Supervision orders in scope (M8)", tag: "directives",
                      query: pageQuery + directivesQuery + [("status", "string"), ("disputeId", "string")], response: "SupervisionOrder", list: true,
                      querySchemas: ["status": enumOf(["open", "answered", "overdue"]), "disputeId": uuid]),
            Operation(method: "post", path: "/api/v1/supervision-orders",
                      summary: "督办纠纷（县司法局；记入纠纷事件）/ Place a supervision order on a dispute (bureau; recorded as a dispute event)",
                      tag: "directives", body: "CreateSupervisionOrder", response: "SupervisionOrder", status: 201),
            Operation(method: "get", path: "/api/v1/supervision-orders/{id}", summary: "督办单详情 / One supervision order",
                      tag: "directives", response: "SupervisionOrder"),
            Operation(method: "post", path: "/api/v1/supervision-orders/{id}/answer", summary: "承办单位回复督办 / The assignee unit answers",
                      tag: "directives", body: "SupervisionAnswer", response: "SupervisionOrder"),
            Operation(method: "get", path: "/api/v1/accountability-records",
                      summary: "责任追究记录（督办逾期）/ Accountability records for missed supervision deadlines", tag: "directives",
                      query: pageQuery + directivesQuery, response: "AccountabilityRecord", list: true),
            Operation(method: "get", path: "/api/v1/discussions", summary: "集体讨论列表 / Collective discussions of difficult disputes (M9)",
                      tag: "directives", query: pageQuery + directivesQuery + [("status", "string"), ("disputeId", "string")],
                      response: "Discussion", list: true, querySchemas: ["status": enumOf(["scheduled", "held"]), "disputeId": uuid]),
            Operation(method: "post", path: "/api/v1/discussions", summary: "安排集体讨论 / Schedule a collective discussion",
                      tag: "directives", body: "CreateDiscussion", response: "Discussion", status: 201),
            Operation(method: "get", path: "/api/v1/discussions/{id}", summary: "集体讨论详情 / One discussion", tag: "directives", response: "Discussion"),
            Operation(method: "post", path: "/api/v1/discussions/{id}/hold", summary: "记录会议纪要 / Record that it was held, with minutes",
                      tag: "directives", body: "HoldDiscussion", response: "Discussion"),
            Operation(method: "post", path: "/api/v1/discussions/{id}/decide",
                      summary: "作出决定（附于纠纷：comment_added「集体讨论决定：…」）/ Record the decision (attached to the dispute as a comment)",
                      tag: "directives", body: "DecideDiscussion", response: "Discussion"),
            Operation(method: "get", path: "/api/v1/lawyers", summary: "律师及分包部门 / Lawyers and their departments (M11)", tag: "directives",
                      query: pageQuery + [("orgUnit", "string")], response: "Lawyer", list: true),
            Operation(method: "get", path: "/api/v1/lawyers/{id}", summary: "律师详情 / One lawyer", tag: "directives", response: "Lawyer"),
            Operation(method: "post", path: "/api/v1/lawyers/{id}/departments", summary: "分包部门给该律师（县司法局）/ Assign a department to this lawyer (bureau)",
                      tag: "directives", body: "AssignLawyerDepartment", response: "Lawyer"),
            Operation(method: "post", path: "/api/v1/lawyers/{id}/consultations",
                      summary: "请律师会诊纠纷（记为 assigned 事件）/ Ask the lawyer to consult on a dispute (an assigned event)",
                      tag: "directives", body: "CreateConsultation", response: "Consultation", status: 201),
            Operation(method: "get", path: "/api/v1/screening-reports", summary: "每月排查报告 / Monthly screening reports in scope (M9)",
                      tag: "directives", query: pageQuery + directivesQuery + [("month", "string")], response: "ScreeningReport", list: true,
                      querySchemas: ["month": month]),
            Operation(method: "post", path: "/api/v1/screening-reports",
                      summary: "村调解员报送本村月度排查（零报告：foundCount 0）/ A village mediator reports the month (nil report: foundCount 0)",
                      tag: "directives", body: "SubmitScreeningReport", response: "ScreeningReport", status: 201),
            Operation(method: "get", path: "/api/v1/screening-reports/missing", summary: "未报送的村 / Villages in scope without a report for the month",
                      tag: "directives", query: pageQuery + [("orgUnit", "string"), ("month", "string")], response: "MissingScreening",
                      querySchemas: ["month": month]),
            Operation(method: "get", path: "/api/v1/screening-reports/{id}", summary: "排查报告详情 / One screening report",
                      tag: "directives", response: "ScreeningReport"),
            Operation(method: "patch", path: "/api/v1/screening-reports/{id}", summary: "更正排查报告（留痕）/ Correct a report (audited)",
                      tag: "directives", body: "CorrectScreeningReport", response: "ScreeningReport"),
        ]
    }

    /// `YYYY-MM`, as `ScreeningReportController.month` reads it.
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
            "InstructionAnswer": object([], ["orgUnitId": uuid, "reply": text(2000)]),
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

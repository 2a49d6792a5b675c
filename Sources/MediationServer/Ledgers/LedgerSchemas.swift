import Foundation
import ServerCore

/// Schemas of the ledgers, enterprise disputes and evaluation operations (`LedgerRoutes`).
enum LedgerSchemas {
    typealias D = OpenAPIDocument

    static var all: [String: Any] {
        let str = D.str, int = D.int, bool = D.bool, date = D.date, uuid = D.uuid
        let rated = D.object(["key", "name", "rating", "qualityIndex", "candidate", "reasons"], [
            "key": str, "name": str, "qualityIndex": ["type": "number"], "candidate": bool, "reasons": ["type": "array", "items": str],
            "rating": D.object(["index", "cases", "difficult", "settledAndPerformed", "difficultSettledAndPerformed", "followUpsClosed", "recurrences"],
                               ["index": ["type": "number"], "cases": int, "difficult": int, "settledAndPerformed": int,
                                "difficultSettledAndPerformed": int, "followUpsClosed": int, "recurrences": int]),
        ])
        let enterprise = D.object(["id", "name", "disputes", "visits"],
                                  ["id": uuid, "name": str, "disputes": int, "visits": int, "lastVisitAt": D.nullable(date)])
        let visit = D.object(["id", "enterpriseId", "visitedAt", "visitors", "content", "result", "recordedAt"],
                             ["id": uuid, "enterpriseId": uuid, "visitedAt": date, "visitors": str, "content": str, "result": str, "recordedAt": date])
        return [
            "LedgerUnit": D.object(["id", "name", "kind", "kindLabel", "received"],
                                   ["id": uuid, "name": str, "kind": str, "kindLabel": str, "received": int]),
            "Ledger": D.object(["orgUnitId", "orgUnitName", "kindLabel", "limits", "total", "overdue", "rows"], [
                "orgUnitId": uuid, "orgUnitName": str, "kindLabel": str, "total": int, "overdue": int,
                "limits": ["type": "array", "items": D.object(["channel", "channelLabel", "timeLimit", "source"],
                                                             ["channel": str, "channelLabel": str, "timeLimit": str, "source": str])],
                "rows": ["type": "array", "items": D.object(
                    ["disputeId", "registeredAt", "parties", "category", "stage", "result", "timeLimit", "timeliness", "overdue", "daysOver"],
                    ["disputeId": uuid, "caseNumber": D.nullable(str), "registeredAt": date, "registeredDay": str, "acceptedAt": D.nullable(date), "parties": str,
                     "category": str, "categoryLabel": str, "stage": str, "stageLabel": str, "result": str, "channelLabel": str,
                     "timeLimit": str, "limitSource": str, "lastDay": D.nullable(str), "concludedAt": D.nullable(date),
                     "timeliness": str, "timelinessLabel": str, "overdue": bool, "daysOver": int])],
            ]),
            "Enterprise": enterprise,
            "EnterpriseDetail": D.object(["enterprise", "disputes", "visits"], [
                "enterprise": enterprise, "visits": ["type": "array", "items": visit],
                "disputes": ["type": "array", "items": D.object(["id", "summary", "stage", "registeredAt"],
                                                               ["id": uuid, "summary": str, "stage": str, "stageLabel": str,
                                                                "registeredAt": date, "caseNumber": D.nullable(str)])],
            ]),
            "EnterpriseVisitInput": D.object(["id", "visitedAt", "visitors", "content", "result"],
                                             ["id": uuid, "visitedAt": date, "visitors": D.text(200), "content": D.text(2000), "result": D.text(1000)]),
            "EnterpriseVisit": visit,
            "EnterpriseFlagInput": D.object(["enterpriseName"], ["enterpriseName": D.text(EnterpriseAPI.nameMax)]),
            "EnterpriseFlag": D.object(["disputeId", "enterpriseRelated"], ["disputeId": uuid, "enterpriseRelated": bool,
                                                                           "enterpriseId": D.nullable(uuid), "enterpriseName": D.nullable(str)]),
            "Evaluation": D.object(["orgUnitName", "rule", "mediators", "committees", "goldMediatorCandidates", "brandRoomCandidates"], [
                "orgUnitName": str, "rule": ["type": "object"], "mediators": ["type": "array", "items": rated],
                "committees": ["type": "array", "items": rated], "goldMediatorCandidates": ["type": "array", "items": rated],
                "brandRoomCandidates": ["type": "array", "items": rated],
            ]),
        ]
    }
}

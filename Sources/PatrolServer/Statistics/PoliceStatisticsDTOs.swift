import Foundation
import ServerCore
import Vapor

/// One row of the public-security table: the figure, how it is defined, and the list behind it
/// (`listHref`, an API list whose `total` is the figure; `pageHref`, a page of the same records).
package struct PublicSecurityRowDTO: Content, Equatable {
    package var key: String
    package var label: String
    package var unit: String
    package var count: Int
    /// Within a row (incidents by type): 1; a row of the table: 0.
    package var level: Int
    package var definition: String
    package var listHref: String
    package var pageHref: String
}

/// The public-security table (P12) of an org subtree for [from, to).
package struct PublicSecurityTableDTO: Content {
    package var orgUnitId: UUID
    package var orgUnitName: String
    package var from: Date
    package var to: Date
    package var rows: [PublicSecurityRowDTO]
}

/// One group's response figures: median and P90 in seconds of each interval, and how many had it.
package struct ResponseGroupDTO: Content {
    package var key: String
    package var label: String
    package var incidents: Int
    /// 接警→到场 (what the caller waits), 接警→派警, 派警→到场.
    package var callToScene: ResponseFigureDTO
    package var callToDispatch: ResponseFigureDTO
    package var dispatchToScene: ResponseFigureDTO
}

package struct ResponseFigureDTO: Content {
    package var count: Int
    package var medianSeconds: Double?
    package var p90Seconds: Double?
    package var negative: Int
}

/// Incidents of one type by hour of the week (168, Monday 00:00 first, China time).
package struct HourOfWeekRowDTO: Content {
    package var type: String
    package var label: String
    package var total: Int
    package var counts: [Int]
}

/// The police command dashboard of an org subtree for [from, to).
package struct CommandDashboardDTO: Content {
    package var orgUnitId: UUID
    package var orgUnitName: String
    package var from: Date
    package var to: Date
    package var incidents: Int
    package var overall: ResponseGroupDTO
    package var byGrid: [ResponseGroupDTO]
    package var byHour: [ResponseGroupDTO]
    package var hourOfWeek: [HourOfWeekRowDTO]
    /// Mean units on shift in each hour of the day (0–23), one decimal.
    package var coverage: [Double]
}

extension OpenAPIDocument {
    package static var policeStatisticsSchemas: [String: Any] {
        let figure = object(["count", "negative"], ["count": int, "medianSeconds": nullable(["type": "number"]),
                                                    "p90Seconds": nullable(["type": "number"]), "negative": int])
        let group = object(["key", "label", "incidents", "callToScene", "callToDispatch", "dispatchToScene"],
                           ["key": str, "label": str, "incidents": int, "callToScene": figure, "callToDispatch": figure, "dispatchToScene": figure])
        return [
            "PublicSecurityTable": object(["orgUnitId", "orgUnitName", "from", "to", "rows"], [
                "orgUnitId": uuid, "orgUnitName": str, "from": date, "to": date,
                "rows": ["type": "array", "items": object(["key", "label", "unit", "count", "level", "definition", "listHref", "pageHref"], [
                    "key": str, "label": str, "unit": str, "count": int, "level": int, "definition": str, "listHref": str, "pageHref": str,
                ])],
            ]),
            "CommandDashboard": object(["orgUnitId", "orgUnitName", "from", "to", "incidents", "overall", "byGrid", "byHour", "hourOfWeek", "coverage"], [
                "orgUnitId": uuid, "orgUnitName": str, "from": date, "to": date, "incidents": int, "overall": group,
                "byGrid": ["type": "array", "items": group], "byHour": ["type": "array", "items": group],
                "hourOfWeek": ["type": "array", "items": object(["type", "label", "total", "counts"], [
                    "type": str, "label": str, "total": int, "counts": ["type": "array", "minItems": 168, "maxItems": 168, "items": int],
                ])],
                "coverage": ["type": "array", "minItems": 24, "maxItems": 24, "items": ["type": "number"]],
            ]),
            "ArrivalEvidence": object(["orgUnitId", "from", "to", "windowSeconds", "radiusMeters", "checked", "unsupportedCount", "unsupported"], [
                "orgUnitId": uuid, "from": date, "to": date, "windowSeconds": ["type": "number"], "radiusMeters": ["type": "number"],
                "checked": int, "unsupportedCount": int,
                "unsupported": ["type": "array", "items": object(["incidentId", "number", "reportedAt", "arrivedAt", "unitId", "fixesInWindow"], [
                    "incidentId": uuid, "number": str, "reportedAt": date, "arrivedAt": date, "unitId": uuid, "fixesInWindow": int,
                ])],
            ]),
        ]
    }
}

import Foundation
import PatrolDomain
import ServerCore

/// Schemas of field records (P10, P11). The input is one variant per kind (by `kind`, and for
/// drunk driving and logistics by the field that adds a rule), so the document requires exactly
/// what `FieldRecordDetails.validated(for:)` requires; the operations are in `FieldRecordRoutes`.
extension OpenAPIDocument {
    package static var fieldRecordSchemas: [String: Any] {
        typealias D = FieldRecordDetails
        let number: [String: Any] = ["type": "number"]
        func intIn(_ r: ClosedRange<Int>) -> [String: Any] { ["type": "integer", "minimum": r.lowerBound, "maximum": r.upperBound] }
        let idNumber: [String: Any] = ["type": "string", "format": "gb11643", "minLength": 18, "maxLength": 18, "pattern": "^[0-9]{17}[0-9Xx]$",
                                       "description": "18 位公民身份号码，校验位有效 / resident ID number with a valid check digit (GB 11643)"]
        let plate: [String: Any] = ["type": "string", "maxLength": LicencePlate.maxLength, "pattern": LicencePlate.pattern,
                                    "description": "车牌号，大写、无空格（如 冀D12345、新能源 冀DD12345）/ a Chinese plate, upper case, no spaces"]
        let common: [String: Any] = [
            "id": uuid, "at": date,
            "lat": ["type": "number", "minimum": -90, "maximum": 90], "lon": ["type": "number", "minimum": -180, "maximum": 180],
            "placeLabel": optionalText(200), "incidentId": uuid, "note": optionalText(500),
        ]
        let commonRequired = ["id", "kind", "lat", "lon"]
        let checks: [String: Any] = ["type": "object", "required": ["inspectBeforeSealing", "realNameRegistration", "xRayScreening"],
                                     "properties": ["inspectBeforeSealing": bool, "realNameRegistration": bool, "xRayScreening": bool]]
        // Another kind's fields are ignored, but still decoded and length-checked: their types and lengths hold in every variant.
        let others: [String: Any] = [
            "personName": optionalText(D.nameMaxLength), "idNumber": optionalText(18), "plate": str,
            "reason": optionalText(D.reasonMaxLength), "venueName": optionalText(D.venueNameMaxLength),
            "detentionDays": int, "peopleHelped": int, "bloodAlcohol": number, "logistics": checks,
            "assistance": enumOf(AssistanceKind.allCases.map(\.rawValue)), "violation": enumOf(TrafficViolationKind.allCases.map(\.rawValue)),
            "venueKind": enumOf(VenueKind.allCases.map(\.rawValue)),
        ]
        func variant(_ kinds: [FieldRecordKind], _ required: [String], _ props: [String: Any]) -> [String: Any] {
            let kind: [String: Any] = kinds.count == 1 ? ["const": kinds[0].rawValue] : enumOf(kinds.map(\.rawValue))
            // The kind's own declarations win over the others'.
            return object(commonRequired + required, others.merging(common) { _, b in b }.merging(props) { _, b in b }.merging(["kind": kind]) { _, b in b })
        }
        let person: [String: Any] = ["personName": text(D.nameMaxLength), "reason": text(D.reasonMaxLength),
                                     "idNumber": ["type": "string", "format": "gb11643", "maxLength": 18,
                                                  "description": "已知时填写 / when known"]]
        let drink = TrafficViolationKind.drunkDriving.rawValue
        let logistics = VenueKind.logistics.rawValue
        let detail: [String: Any] = [
            "personName": nullable(str), "idNumber": nullable(["type": "string", "description": "脱敏 / masked"]), "plate": nullable(str),
            "reason": nullable(str), "detentionDays": nullable(int), "assistance": nullable(str), "peopleHelped": nullable(int),
            "violation": nullable(str), "bloodAlcohol": nullable(number), "venueKind": nullable(str), "venueName": nullable(str),
            "logistics": nullable(object(["inspectBeforeSealing", "realNameRegistration", "xRayScreening"],
                                         ["inspectBeforeSealing": bool, "realNameRegistration": bool, "xRayScreening": bool])),
        ]
        let counts: [String: Any] = ["type": "array", "items": object(["key", "label", "count"], ["key": str, "label": str, "count": int])]
        return [
            "FieldRecordInput": ["oneOf": [
                variant([.personCheck], ["personName", "idNumber"], ["personName": text(D.nameMaxLength), "idNumber": idNumber]),
                variant([.vehicleCheck], ["plate"], ["plate": plate]),
                variant([.suspectCaught, .arrest, .fugitiveCaught], ["personName", "reason"], person),
                variant([.administrativeDetention], ["personName", "reason", "detentionDays"],
                        person.merging(["detentionDays": intIn(D.detentionDays)]) { a, _ in a }),
                variant([.publicAssistance], ["assistance", "peopleHelped"],
                        ["assistance": enumOf(AssistanceKind.allCases.map(\.rawValue)), "peopleHelped": intIn(D.peopleHelped)]),
                variant([.trafficViolation], ["violation"],
                        ["violation": enumOf(TrafficViolationKind.allCases.filter { $0 != .drunkDriving }.map(\.rawValue)), "plate": plate]),
                variant([.trafficViolation], ["violation", "bloodAlcohol"],
                        ["violation": ["const": drink], "plate": plate,
                         "bloodAlcohol": ["type": "number", "minimum": TrafficViolationKind.drinkDrivingThreshold, "maximum": TrafficViolationKind.maxBloodAlcohol,
                                          "description": "mg/100mL；≥80 为醉驾 / blood alcohol; 80 and above is drunk driving"]]),
                variant([.venueInspection], ["venueKind", "venueName"],
                        ["venueKind": enumOf(VenueKind.allCases.filter { $0 != .logistics }.map(\.rawValue)), "venueName": text(D.venueNameMaxLength)]),
                variant([.venueInspection], ["venueKind", "venueName", "logistics"],
                        ["venueKind": ["const": logistics], "venueName": text(D.venueNameMaxLength),
                         "logistics": checks]),
            ]],
            "FieldRecord": object(["id", "kind", "kindLabel", "unitId", "callSign", "stationId", "stationName", "officerName", "at", "recordedAt",
                                   "lat", "lon", "summary", "details", "hasIdNumber"],
                                  ["id": uuid, "kind": enumOf(FieldRecordKind.allCases.map(\.rawValue)), "kindLabel": str, "subkind": nullable(str),
                                   "subkindLabel": nullable(str), "unitId": uuid, "callSign": str, "stationId": uuid, "stationName": str,
                                   "officerName": str, "at": date, "recordedAt": date, "lat": number, "lon": number, "placeLabel": nullable(str),
                                   "incidentId": nullable(uuid), "incidentNumber": nullable(str), "note": nullable(str), "summary": str,
                                   "details": object([], detail), "hasIdNumber": bool]),
            "FieldRecordReveal": object(["id", "idNumber"], ["id": uuid, "idNumber": str]),
            "FieldRecordSummary": object(["from", "to", "total", "kinds", "violations", "venues", "assistances", "logistics"],
                                         ["from": date, "to": date, "stationId": nullable(uuid), "total": int,
                                          "kinds": counts, "violations": counts, "venues": counts,
                                          "assistances": counts,
                                          "logistics": object(["inspections", "allMet", "unmet"],
                                                              ["inspections": int, "allMet": int,
                                                               "unmet": counts])]),
        ]
    }
}

import Foundation
import MediationDomain
import ServerCore

/// The payload each appendable event carries, declared once: the API document's `AppendEvent`
/// variants are built from this table, and `check` enforces the same limits on the request, so a
/// payload the document allows is never refused as invalid and one it forbids never passes.
/// Types (string, date, enum, bool) are enforced by decoding; this table adds what decoding
/// cannot see: lengths, blank text, list sizes and amounts. The limits are the detail page's.
package enum EventPayloadShapes {
    package enum Field {
        /// Text with at least one non-blank character, up to `max` Unicode scalars.
        case text(Int)
        /// Text that may be empty, up to `max`.
        case anyText(Int)
        case date
        case bool
        case uuid
        case values([String])
        /// A list of names, each `text(itemMax)`.
        case names(min: Int, max: Int, itemMax: Int)
        case valueList([String])
        case uuidList(max: Int)
        /// Yuan: 0, or 0.01…10¹² (`Money`).
        case amount
    }

    package struct Shape {
        package var required: [String: Field]
        package var optional: [String: Field] = [:]
        /// Properties whose value is fixed in this variant (an agreement's `form`).
        package var fixed: [String: String] = [:]
    }

    static let routes = DisputeRoute.allCases.map(\.rawValue)

    static func agreement(_ form: AgreementForm) -> Shape {
        let written = form == .written
        return Shape(required: ["form": .values([form.rawValue]),
                                "parties": .names(min: written ? 1 : 0, max: 50, itemMax: 50),
                                "facts": .anyText(5000), "responsibilities": .anyText(5000),
                                "terms": written ? .text(5000) : .anyText(5000), "performanceManner": .anyText(500),
                                "effectiveDate": .date],
                     optional: ["performanceDeadline": .date, "amount": .amount], fixed: ["form": form.rawValue])
    }

    /// Every variant, by event type; an agreement has one per form (a written one names parties and terms).
    package static func shapes(_ type: DisputeEventType) -> [Shape] {
        switch type {
        case .accepted: [Shape(required: [:], optional: ["note": .anyText(500)])]
        case .rejected: [Shape(required: ["reason": .text(1000), "properChannel": .text(200)])]
        case .sessionHeld:
            [Shape(required: ["time": .date, "place": .anyText(200), "participants": .names(min: 0, max: 50, itemMax: 50),
                              "record": .anyText(10_000), "outcome": .values(SessionOutcome.allCases.map(\.rawValue))])]
        case .agreementSigned: [agreement(.written), agreement(.oral)]
        case .terminated: [Shape(required: ["reason": .text(1000), "otherRoutes": .valueList(routes)])]
        case .fulfilled: [Shape(required: ["evidence": .text(2000)], optional: ["attachmentIds": .uuidList(max: 20)])]
        case .followUpVisited: [Shape(required: ["record": .anyText(2000), "satisfied": .bool])]
        case .archived: [Shape(required: [:])]  // the server assigns the case number
        case .escalated: [Shape(required: ["reason": .text(500)])]
        case .riskOverridden: [Shape(required: ["level": .values(RiskLevel.allCases.map(\.rawValue)), "reason": .text(500)])]
        case .policeNotified: [Shape(required: ["note": .anyText(1000)], optional: ["policeStationOrgUnitId": .uuid])]
        case .judicialConfirmationRequested: [Shape(required: ["court": .anyText(200)], optional: ["note": .anyText(500)])]
        case .judicialConfirmationDecided: [Shape(required: ["confirmed": .bool], optional: ["note": .anyText(500)])]
        case .assigned:
            [Shape(required: ["role": .values(AssigneeRole.allCases.map(\.rawValue)), "name": .anyText(50)],
                   optional: ["userId": .uuid, "note": .anyText(500)])]
        case .commentAdded, .guidanceGiven: [Shape(required: ["text": .text(2000)])]
        case .registered, .riskAssessed, .majorReportFiled, .supervisionOrdered, .supervisionAnswered: []
        }
    }

    // MARK: The document

    static func schema(_ f: Field) -> [String: Any] {
        switch f {
        case .text(let max): OpenAPIDocument.text(max)
        case .anyText(let max): ["type": "string", "maxLength": max]
        case .date: OpenAPIDocument.date
        case .bool: ["type": "boolean"]
        case .uuid: OpenAPIDocument.uuid
        case .values(let v): v.count == 1 ? ["const": v[0]] : OpenAPIDocument.enumOf(v)
        case .names(let min, let max, let itemMax):
            ["type": "array", "minItems": min, "maxItems": max, "items": OpenAPIDocument.text(itemMax)]
        case .valueList(let v): ["type": "array", "maxItems": v.count, "uniqueItems": true, "items": OpenAPIDocument.enumOf(v)]
        case .uuidList(let max): ["type": "array", "maxItems": max, "items": OpenAPIDocument.uuid]
        case .amount: Money.schema
        }
    }

    /// `AppendEvent`: one variant per type (and agreement form), each with its payload.
    package static var appendEventSchema: [String: Any] {
        let appendable = DisputeEventType.allCases.filter { !EventPermissions.ownEndpoint.contains($0) }
        let variants: [[String: Any]] = appendable.flatMap { type in
            shapes(type).map { shape in
                let props = shape.required.mapValues(schema).merging(shape.optional.mapValues(schema)) { a, _ in a }
                return OpenAPIDocument.object(["id", "baseVersion", "type", "payload"],
                                              ["id": OpenAPIDocument.uuid, "baseVersion": ["type": "integer", "minimum": 0, "maximum": Int32.max],
                                               "type": ["const": type.rawValue],
                                               "payload": OpenAPIDocument.object(shape.required.keys.sorted(), props)])
            }
        }
        return ["oneOf": variants]
    }

    // MARK: The request

    /// Checks the request's `payload` against its type's shape. The body has already been decoded
    /// into the event, so every property has its declared type; a payload that fits no variant is 422.
    package static func check(_ type: DisputeEventType, body: Data) throws {
        let candidates = shapes(type)
        guard !candidates.isEmpty else { return }
        let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let payload = root?["payload"] as? [String: Any] ?? [:]
        let shape = candidates.first { s in s.fixed.allSatisfy { payload[$0.key] as? String == $0.value } } ?? candidates[0]
        for (name, field) in shape.required {
            guard let v = payload[name], !(v is NSNull) else {
                throw APIError.validation("payload.\(name) 不能为空 / payload.\(name) is required")
            }
            try check(field, v, "payload.\(name)")
        }
        for (name, field) in shape.optional {
            if let v = payload[name], !(v is NSNull) { try check(field, v, "payload.\(name)") }
        }
    }

    static func check(_ f: Field, _ v: Any, _ name: String) throws {
        switch f {
        case .text(let max): _ = try Check.text(v as? String ?? "", name, max: max)
        case .anyText(let max): _ = try Check.text(v as? String ?? "", name, min: 0, max: max)
        case .names(let min, let max, let itemMax):
            let list = v as? [Any] ?? []
            guard (min...max).contains(list.count) else {
                throw APIError.validation("\(name) 须有 \(min)–\(max) 项 / \(name) needs \(min)…\(max) items")
            }
            for item in list { _ = try Check.text(item as? String ?? "", name, max: itemMax) }
        case .valueList:
            let list = (v as? [Any] ?? []).compactMap { $0 as? String }
            guard Set(list).count == list.count else { throw APIError.validation("\(name) 有重复项 / \(name) repeats an item") }
        case .uuidList(let max):
            guard (v as? [Any] ?? []).count <= max else { throw APIError.validation("\(name) 最多 \(max) 项 / \(name) has more than \(max) items") }
        case .amount:
            guard let n = v as? NSNumber, Money.yuan(n.doubleValue) != nil else { throw Money.refusal(name) }
        case .date, .bool, .uuid, .values: break  // decoding has checked them
        }
    }
}

/// Amounts in yuan: 0, or 0.01 to 10¹², stored rounded to the cent. (Nothing between 0 and one
/// fen: such a number cannot even be read as a `Decimal`, whose exponent stops at −128.)
package enum Money {
    package static let maximumYuan: Double = 1_000_000_000_000

    /// The document's schema of an amount.
    package static var schema: [String: Any] {
        ["anyOf": [["const": 0], ["type": "number", "minimum": 0.01, "maximum": maximumYuan]]]
    }

    /// The amount rounded to cents, or nil when it is out of range.
    package static func yuan(_ value: Double) -> Decimal? {
        guard value.isFinite, value == 0 || (0.01...maximumYuan).contains(value) else { return nil }
        return Decimal(Int64((value * 100).rounded())) / 100
    }

    package static func yuan(_ value: Decimal) -> Decimal? {
        yuan(NSDecimalNumber(decimal: value).doubleValue)
    }

    /// An optional amount from a request, rounded to cents, or a 422 naming the field.
    package static func checked(_ value: Decimal?, _ field: String) throws -> Decimal? {
        guard let value else { return nil }
        guard let y = yuan(value) else { throw refusal(field) }
        return y
    }

    static func refusal(_ field: String) -> APIError {
        APIError.validation("\(field) 须为 0 或 0.01–10¹² 元 / \(field) must be 0 or 0.01…10¹² yuan")
    }
}

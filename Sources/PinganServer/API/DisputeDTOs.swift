import Foundation
import PinganDomain
import Vapor

/// Body of `POST /api/v1/disputes`: an intake from a phone. `id` is made by the phone, so a
/// resend after a dropped connection finds the dispute it already created.
struct RegisterDisputeRequest: Content {
    var id: UUID
    var parties: [Party]
    var category: DisputeCategory
    var subcategoryCode: String?
    var source: DisputeSource
    var channel: MediationChannel?
    var handlingOrgUnitId: UUID?
    var villageId: UUID?
    var gridId: UUID?
    var place: String
    var location: GeoPoint?
    var occurredAt: Date?
    var peopleInvolved: Int?
    var amount: Decimal?
    var summary: String
    var riskSigns: RiskSigns?
}

/// Body of `POST /api/v1/disputes/{id}/events` besides the event itself.
struct AppendEventEnvelope: Content {
    var id: UUID
    var baseVersion: Int
    var type: DisputeEventType
}

/// Payload of a hand-up: the server works out the level and unit it goes to.
struct HandUpPayload: Content {
    var reason: String
}

/// A dispute in a list: no ID numbers or phones at all.
struct DisputeListItem: Content {
    var id: UUID
    var summary: String
    var partyNames: String
    var category: String
    var categoryLabel: String
    var stage: String
    var stageLabel: String
    var risk: String
    var riskLabel: String
    var level: String
    var levelLabel: String
    var receivedLevel: String
    var settledLevel: String?
    var channel: String
    var registeredAt: Date
    var lastEventAt: Date
    var deadlineAt: Date?
    var deadlineKind: String?
    var deadlineStatus: String
    var villageId: UUID?
    var townshipId: UUID?
    var handlingOrgUnitId: UUID
    var caseNumber: String?
    var version: Int
    var majorReportDue: Bool

    init(_ m: DisputeModel, now: Date, warningDays: Int) {
        id = m.id!
        summary = m.summary
        partyNames = m.partyNames
        category = m.category
        categoryLabel = DisputeCategory(rawValue: m.category)?.label ?? m.category
        stage = m.stage
        stageLabel = DisputeStage(rawValue: m.stage)?.label ?? m.stage
        risk = m.risk
        riskLabel = RiskLevel(rawValue: m.risk)?.label ?? m.risk
        level = m.level
        levelLabel = MediationLevel(rawValue: m.level)?.label ?? m.level
        receivedLevel = m.receivedLevel
        settledLevel = m.settledLevel
        channel = m.channel
        registeredAt = m.registeredAt
        lastEventAt = m.lastEventAt
        deadlineAt = m.deadlineAt
        deadlineKind = m.deadlineKind
        deadlineStatus = Self.status(m.deadlineAt, now: now, warningDays: warningDays)
        villageId = m.villageID
        townshipId = m.townshipID
        handlingOrgUnitId = m.handlingOrgUnitID
        caseNumber = m.caseNumber
        version = m.version
        majorReportDue = m.majorReportDue
    }

    /// "ok", "warning" (within the warning days) or "overdue", for the list's colour.
    static func status(_ deadline: Date?, now: Date, warningDays: Int) -> String {
        guard let deadline else { return "none" }
        if deadline <= now { return "overdue" }
        return deadline.timeIntervalSince(now) <= Double(warningDays) * 86_400 ? "warning" : "ok"
    }
}

/// Replaces every `idNumber` and `phone` string in a JSON tree by its masked form, wherever it
/// sits (intake parties, agreement parties…), so no unmasked number leaves by accident.
enum MaskJSON {
    static func mask(_ value: Any) -> Any {
        if let d = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (k, v) in d {
                if k == "idNumber", let s = v as? String { out[k] = Masking.idNumber(s) }
                else if k == "phone", let s = v as? String { out[k] = Masking.phone(s) }
                else { out[k] = mask(v) }
            }
            return out
        }
        if let a = value as? [Any] { return a.map(mask) }
        return value
    }

    static func masked<T: Encodable>(_ value: T) throws -> Any {
        mask(try JSONSerialization.jsonObject(with: DisputeStore.encoder.encode(value)))
    }
}

/// A JSON object answer built from `[String: Any]` (for masked trees).
struct RawJSON: AsyncResponseEncodable {
    var object: Any
    var status: HTTPResponseStatus = .ok

    func encodeResponse(for request: Request) async throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: data))
    }
}

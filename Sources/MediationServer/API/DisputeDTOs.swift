import MediationDomain
import ServerCore
import Foundation
import PinganDomain
import Vapor

/// Body of `POST /api/v1/disputes`: an intake from a phone. `id` is made by the phone, so a
/// resend after a dropped connection finds the dispute it already created.
package struct RegisterDisputeRequest: Content {
    package var id: UUID
    package var parties: [Party]
    package var category: DisputeCategory
    package var subcategoryCode: String?
    package var source: DisputeSource
    package var channel: MediationChannel?
    package var handlingOrgUnitId: UUID?
    package var villageId: UUID?
    package var gridId: UUID?
    package var place: String
    package var location: GeoPoint?
    package var occurredAt: Date?
    package var peopleInvolved: Int?
    package var amount: Decimal?
    package var summary: String
    package var riskSigns: RiskSigns?

    package init(id: UUID, parties: [Party], category: DisputeCategory, subcategoryCode: String? = nil, source: DisputeSource, channel: MediationChannel? = nil, handlingOrgUnitId: UUID? = nil, villageId: UUID? = nil, gridId: UUID? = nil, place: String, location: GeoPoint? = nil, occurredAt: Date? = nil, peopleInvolved: Int? = nil, amount: Decimal? = nil, summary: String, riskSigns: RiskSigns? = nil) {
        self.id = id
        self.parties = parties
        self.category = category
        self.subcategoryCode = subcategoryCode
        self.source = source
        self.channel = channel
        self.handlingOrgUnitId = handlingOrgUnitId
        self.villageId = villageId
        self.gridId = gridId
        self.place = place
        self.location = location
        self.occurredAt = occurredAt
        self.peopleInvolved = peopleInvolved
        self.amount = amount
        self.summary = summary
        self.riskSigns = riskSigns
    }
}

/// Body of `POST /api/v1/disputes/{id}/events` besides the event itself.
package struct AppendEventEnvelope: Content {
    package var id: UUID
    package var baseVersion: Int
    package var type: DisputeEventType

    package init(id: UUID, baseVersion: Int, type: DisputeEventType) {
        self.id = id
        self.baseVersion = baseVersion
        self.type = type
    }
}

/// Payload of a hand-up: the server works out the level and unit it goes to.
package struct HandUpPayload: Content {
    package var reason: String

    package init(reason: String) {
        self.reason = reason
    }
}

/// A dispute in a list: no ID numbers or phones at all.
package struct DisputeListItem: Content {
    package var id: UUID
    package var summary: String
    package var partyNames: String
    package var category: String
    package var categoryLabel: String
    package var stage: String
    package var stageLabel: String
    package var risk: String
    package var riskLabel: String
    package var level: String
    package var levelLabel: String
    package var receivedLevel: String
    package var settledLevel: String?
    package var channel: String
    package var registeredAt: Date
    package var lastEventAt: Date
    package var deadlineAt: Date?
    package var deadlineKind: String?
    package var deadlineStatus: String
    package var villageId: UUID?
    package var townshipId: UUID?
    package var handlingOrgUnitId: UUID
    package var caseNumber: String?
    package var version: Int
    package var majorReportDue: Bool

    package init(_ m: DisputeModel, now: Date, warningDays: Int) {
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
    package static func status(_ deadline: Date?, now: Date, warningDays: Int) -> String {
        guard let deadline else { return "none" }
        if deadline <= now { return "overdue" }
        return deadline.timeIntervalSince(now) <= Double(warningDays) * 86_400 ? "warning" : "ok"
    }
}

/// Replaces every `idNumber` and `phone` string in a JSON tree by its masked form, wherever it
/// sits (intake parties, agreement parties…), so no unmasked number leaves by accident.
package enum MaskJSON {
    package static func mask(_ value: Any) -> Any {
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

    package static func masked<T: Encodable>(_ value: T) throws -> Any {
        mask(try JSONSerialization.jsonObject(with: DisputeStore.encoder.encode(value)))
    }
}

/// A JSON object answer built from `[String: Any]` (for masked trees).
package struct RawJSON: AsyncResponseEncodable {
    package var object: Any
    package var status: HTTPResponseStatus = .ok

    package func encodeResponse(for request: Request) async throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: data))
    }

    package init(object: Any, status: HTTPResponseStatus = .ok) {
        self.object = object
        self.status = status
    }
}

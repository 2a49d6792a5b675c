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
    /// 涉企 (M14): the enterprise the dispute involves, when it does; flagged on registration.
    package var enterpriseName: String?
}

/// Body of `POST /api/v1/disputes/{id}/events` besides the event itself.
package struct AppendEventEnvelope: Content {
    package var id: UUID
    package var baseVersion: Int
    package var type: DisputeEventType
}

/// Payload of a hand-up: the server works out the level and unit it goes to.
package struct HandUpPayload: Content {
    package var reason: String
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

    package init(_ m: some DisputeListColumns, now: Date, clock: LegalClock = LegalClock(limits: .default)) {
        id = m.disputeID
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
        deadlineStatus = Self.status(m, now: now, clock: clock)
        villageId = m.villageID
        townshipId = m.townshipID
        handlingOrgUnitId = m.handlingOrgUnitID
        caseNumber = m.caseNumber
        version = m.version
        majorReportDue = m.majorReportDue
    }

    /// "ok", "warning" or "overdue" (or "none"), for the list's colour: the domain's
    /// `LegalClock.status` of the nearest deadline, the same rule the detail page shows.
    package static func status(_ m: some DisputeListColumns, now: Date, clock: LegalClock) -> String {
        guard let at = m.deadlineAt else { return "none" }
        let kind = m.deadlineKind.flatMap(DeadlineKind.init(rawValue:)) ?? .mediation
        return clock.status(of: clock.deadline(kind, passingAt: at), at: now).code
    }
}

/// `GET /disputes/{id}` and the answer to every write: the list item's fields, the state with
/// parties masked, and the running deadlines with their status, encoded once.
package struct DisputeDetail: AsyncResponseEncodable, Encodable {
    package struct Deadline: Encodable {
        var deadline: LegalDeadline
        var label: String
        var status: DeadlineStatus

        private enum Keys: String, CodingKey { case label, status }

        package func encode(to encoder: Encoder) throws {
            try deadline.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(label, forKey: .label)
            try c.encode(status, forKey: .status)
        }
    }

    package var item: DisputeListItem
    package var state: DisputeState
    package var deadlines: [Deadline]
    package var status: HTTPResponseStatus = .ok

    package init(_ m: DisputeModel, state: DisputeState, now: Date, clock: LegalClock = LegalClock(limits: .default),
                 status: HTTPResponseStatus = .ok) {
        item = DisputeListItem(m, now: now, clock: clock)
        self.state = state
        deadlines = state.deadlines(clock: clock).map { Deadline(deadline: $0, label: $0.kind.label, status: clock.status(of: $0, at: now)) }
        self.status = status
    }

    private enum Keys: String, CodingKey { case state, deadlines }

    package func encode(to encoder: Encoder) throws {
        try item.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(state, forKey: .state)
        try c.encode(deadlines, forKey: .deadlines)
    }

    package func encodeResponse(for request: Request) async throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[Party.maskedEncoding] = true
        return Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: try encoder.encode(self)))
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
}

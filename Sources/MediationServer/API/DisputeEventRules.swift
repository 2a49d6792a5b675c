import MediationDomain
import ServerCore
import Fluent
import PinganDomain
import Vapor

/// Which roles may record which events. Guidance and supervision come from above; the rest is
/// the mediators' own work. Lawyers give opinions as comments.
package enum EventPermissions {
    package static let mediationWork: Set<DisputeEventType> = [
        .accepted, .rejected, .sessionHeld, .agreementSigned, .terminated, .fulfilled, .followUpVisited, .archived, .escalated,
        .riskOverridden, .policeNotified, .judicialConfirmationRequested, .judicialConfirmationDecided, .commentAdded, .assigned,
    ]

    /// Events recorded through their own endpoints, never appended generically.
    package static let ownEndpoint: Set<DisputeEventType> = [.registered, .riskAssessed, .majorReportFiled, .supervisionOrdered, .supervisionAnswered]

    package static func check(_ type: DisputeEventType, role: Role) throws {
        let allowed: Set<DisputeEventType>
        switch role {
        case .admin, .mediator, .mediationRoomStaff: allowed = mediationWork
        case .judicialOfficeStaff: allowed = mediationWork.union([.guidanceGiven])
        case .justiceBureauStaff: allowed = mediationWork.union([.guidanceGiven])
        case .lawyer: allowed = [.commentAdded]
        default: allowed = []
        }
        // These have endpoints of their own that check more than the role: a supervision answer
        // must come from the unit the order names (`POST /supervision-orders/{id}/answer`).
        if ownEndpoint.contains(type) {
            throw APIError.validation("「\(type.label)」由专门的接口记录 / \(type.rawValue) is recorded through its own endpoint")
        }
        guard allowed.contains(type) else { throw APIError.forbidden }
    }
}

/// Builds the event the client asked for. Hand-ups and archiving are completed by the server:
/// it knows the next level's unit and the next case number.
package struct EventKindBuilder {
    package let db: Database
    package let req: Request

    package func kind(for type: DisputeEventType, dispute: DisputeModel) async throws -> DisputeEventKind {
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        switch type {
        case .escalated:
            let payload = try req.content.get(HandUpPayload.self, at: "payload")
            try EventPayloadShapes.check(type, body: body)
            let reason = try Check.text(payload.reason, "payload.reason", max: 500)
            return .escalated(try await HandUp(db: db).escalation(for: dispute, reason: reason, automatic: false))
        case .archived:
            return .archived(Archival(caseNumber: try await nextCaseNumber()))
        default:
            let draft = try req.content.decode(DisputeEventDraft.self)
            try EventPayloadShapes.check(type, body: body)
            try checkLengths(draft.kind)
            // An agreed amount is kept in whole fen (the shape has checked its range).
            if case .agreementSigned(var a) = draft.kind, let amount = a.amount {
                a.amount = Money.yuan(amount)
                return .agreementSigned(a)
            }
            return draft.kind
        }
    }

    /// The next "（year）磁人调字第 N 号" of the current year; the unique index on (year, serial)
    /// turns a race into a retryable 409.
    package func nextCaseNumber() async throws -> CaseNumber {
        let year = PinganCalendar.shanghai.component(.year, from: req.now)
        let last = try await DisputeModel.query(on: db).filter(\.$caseYear == year).max(\.$caseSerial) ?? 0
        return CaseNumber(year: year, sequence: last + 1)
    }

    /// Free-text fields of any event are bounded, so a runaway client cannot store megabytes.
    package func checkLengths(_ kind: DisputeEventKind) throws {
        let data = try DisputeStore.encoder.encode(DisputeEvent(id: UUID(), disputeId: UUID(), at: Date(), actorUserId: UUID(),
                                                                actorOrgUnitId: UUID(), kind: kind))
        guard data.count <= 64_000 else { throw APIError.validation("事件内容过长（上限 64 KB）/ event larger than 64 KB") }
    }
}

/// The unit a dispute goes to when handed up: the level comes from the domain
/// (`MediationLevel.handUpLevel`); a village's dispute goes to its township, the rest to the county.
package struct HandUp {
    package let db: Database

    package func escalation(for d: DisputeModel, reason: String, automatic: Bool) async throws -> Escalation {
        guard let level = MediationLevel(rawValue: d.level) else { throw DomainError.invalid("validation_failed", "unknown level \(d.level)", "未知层级") }
        guard let toLevel = level.handUpLevel else {
            // The request is well formed; the dispute's place is what refuses it: a conflict, as a stale version.
            throw DomainError(code: "at_county_level", message: "already at county level", messageZh: "县级已是最高层级，难事不出县", kind: .conflict)
        }
        var target: OrgUnitModel?
        if toLevel == .township {
            if let t = d.townshipID { target = try await OrgUnitModel.find(t, on: db) }
        } else {
            target = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.county.rawValue).first()
        }
        guard let target, let id = target.id else { throw DomainError.invalid("validation_failed", "no unit above", "找不到上一级单位") }
        return Escalation(fromLevel: level, toLevel: toLevel, toOrgUnitId: id, reason: reason, automatic: automatic)
    }
}

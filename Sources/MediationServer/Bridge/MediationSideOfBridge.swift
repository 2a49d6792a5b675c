import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore

/// 民调通's side of X1 (`MediationBridge`): what a police call finds, changes and creates among
/// the disputes. Every write is keyed by the incident, so a resent call or handover changes nothing.
package struct MediationSideOfBridge: MediationBridge {
    package var riskRules: RiskRules = .default
    /// How near the scene an open dispute's place must lie for the dispatch card to show it.
    package static let placeRadiusMeters = 500.0

    package init() {}

    // MARK: Reads

    package func disputes(matching call: PoliceCallFacts, on db: any Database) async throws -> [BridgedDispute] {
        let byParties = try await openDisputes(ofParties: call.parties, on: db)
        var seen = Set(byParties.compactMap(\.id))
        var found = byParties.map { ($0, "parties") }
        for d in try await openDisputes(near: call.place, on: db) where !seen.contains(d.id!) {
            seen.insert(d.id!)
            found.append((d, "place"))
        }
        return try await found.asyncMap { try await summary(of: $0.0, matchedBy: $0.1, on: db) }
    }

    package func disputes(linkedTo incidentID: UUID, on db: any Database) async throws -> [BridgedDispute] {
        var out: [BridgedDispute] = []
        if let h = try await PoliceHandoverModel.query(on: db).filter(\.$incidentID == incidentID).first(),
           let d = try await DisputeModel.find(h.disputeID, on: db) {
            out.append(try await summary(of: d, matchedBy: "handover", receivedAt: h.acknowledgedAt, on: db))
        }
        let calls = try await DisputePoliceCallModel.query(on: db).filter(\.$incidentID == incidentID).all()
        for c in calls where !out.contains(where: { $0.disputeId == c.disputeID }) {
            if let d = try await DisputeModel.find(c.disputeID, on: db) { out.append(try await summary(of: d, matchedBy: "parties", on: db)) }
        }
        return out
    }

    package func highRiskPlaces(under scopePath: String, on db: any Database) async throws -> [BridgedDisputePlace] {
        let rows = try await DisputeModel.query(on: db).filter(\.$originPath =~ scopePath)
            .filter(\.$risk ~~ [RiskLevel.orange.rawValue, RiskLevel.red.rawValue])
            .filter(\.$stage ~~ DisputeStage.allCases.filter(\.isOpen).map(\.rawValue)).all()
        return try rows.compactMap { m in
            guard let at = try DisputeStore.state(of: m).intake.location else { return nil }
            return BridgedDisputePlace(disputeId: try m.requireID(), place: at, risk: m.risk, riskLabel: RiskLevel(rawValue: m.risk)?.label ?? m.risk)
        }
    }

    // MARK: Writes

    package func recordPoliceCall(_ call: PoliceCallFacts, by caller: Caller, on db: any Database, at now: Date) async throws {
        for dispute in try await openDisputes(ofParties: call.parties, on: db) {
            let disputeID = try dispute.requireID()
            // The call row first: the risk rules count it. Present already → a resend.
            if try await DisputePoliceCallModel.query(on: db).filter(\.$disputeID == disputeID).filter(\.$incidentID == call.incidentID).first() == nil {
                let row = DisputePoliceCallModel()
                row.disputeID = disputeID; row.incidentID = call.incidentID; row.incidentNumber = call.incidentNumber
                row.calledAt = call.calledAt; row.placeLabel = call.placeLabel; row.lat = call.place.lat; row.lon = call.place.lon
                row.reportsViolence = call.reportsViolence; row.createdAt = now
                do { try await row.create(on: db) } catch where (error as? any DatabaseError)?.isConstraintFailure == true {}
                try await AuditLog.record(on: db, at: now, actor: caller, action: "police_call_linked", entityType: "dispute", entityID: disputeID,
                                          before: Nothing?.none, after: ["incident": call.incidentNumber, "violence": String(call.reportsViolence)])
            }
            // The rules run with the new fact, recorded on the dispute's timeline once (the event's id
            // comes from the incident and the dispute); the append projects the risk and files the
            // major-dispute report a raise to orange or red calls for.
            let state = try DisputeStore.state(of: dispute)
            let facts = try await DisputeProjection(db: db, riskRules: riskRules).policeFacts(of: state, before: now)
            let eventID = Self.derivedID(call.incidentID, disputeID, salt: 0x52)
            if try await DisputeEventModel.find(eventID, on: db) == nil {
                let assessment = state.assessRisk(rules: riskRules, policeCallsWithin30Days: facts.calls, policeReportedViolence: facts.violence)
                _ = try await DisputeEventStore(db: db, riskRules: riskRules)
                    .append(to: dispute, eventID: eventID, kind: .riskAssessed(assessment), baseVersion: nil,
                            by: EventActor(systemFor: dispute.handlingOrgUnitID), at: now)
            }
            guard facts.calls >= riskRules.policeCallsThreshold || call.reportsViolence else { continue }
            try await FollowUpTasks(db: db).raise(for: dispute, call: call, callsIn30Days: facts.calls, at: now)
        }
    }

    package func handOver(_ call: PoliceCallFacts, note: String, by caller: Caller, on db: any Database, at now: Date) async throws -> (dispute: BridgedDispute, created: Bool) {
        if let h = try await PoliceHandoverModel.query(on: db).filter(\.$incidentID == call.incidentID).first(),
           let d = try await DisputeModel.find(h.disputeID, on: db) {
            return (try await summary(of: d, matchedBy: "handover", receivedAt: h.acknowledgedAt, on: db), false)
        }
        guard !call.parties.isEmpty else {
            throw DomainError.invalid("no_parties", "a handover to mediation needs at least one party", "移交调解须至少登记一名当事人")
        }
        guard let village = try await nearestVillage(to: call.place, on: db) else { throw APIError.notFound("村（社区）") }
        let township = try await village.parentID.asyncMap { try await OrgUnitModel.find($0, on: db) } ?? nil
        let parties = call.parties.enumerated().map { i, p in
            Party(name: p.name, idNumber: p.idNumber?.uppercased(), phone: p.phone, role: i == 0 ? .applicant : .respondent)
        }
        let text = ["公安移交（警情 \(call.incidentNumber)）", call.summary, note].filter { !$0.isEmpty }.joined(separator: "：")
        let intake = DisputeIntake(
            parties: parties, category: .other, subcategoryCode: nil, source: .policeTransfer,
            channel: IntakeBuilder.defaultChannel(level: .village, category: .other), level: .village,
            handlingOrgUnitId: try village.requireID(), villageId: village.id, townshipId: township?.id, gridId: nil,
            place: call.placeLabel.isEmpty ? village.name : String(call.placeLabel.prefix(200)), location: call.place, occurredAt: call.calledAt,
            peopleInvolved: max(2, parties.count), amount: nil, summary: String(text.prefix(2000)),
            riskSigns: RiskSigns(threatOfViolence: call.reportsViolence))
        try intake.validate()
        let disputeID = Self.derivedID(call.incidentID, call.incidentID, salt: 0x48)
        let made = try await DisputeEventStore(db: db, riskRules: riskRules).register(id: disputeID, intake: intake, by: EventActor(caller), at: now)
        let h = PoliceHandoverModel()
        h.incidentID = call.incidentID; h.incidentNumber = call.incidentNumber; h.disputeID = disputeID
        h.scopePath = village.path; h.townshipID = township?.id; h.note = note; h.handedOverBy = caller.username; h.createdAt = now
        var created = true
        do {
            try await h.create(on: db)
            try await AuditLog.record(on: db, at: now, actor: caller, action: "police_handover", entityType: "dispute", entityID: disputeID,
                                      before: Nothing?.none, after: ["incident": call.incidentNumber, "village": village.name])
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            created = false  // a concurrent resend stored it first
        }
        return (try await summary(of: made.model, matchedBy: "handover", on: db), created)
    }

    // MARK: Matching

    /// Open disputes with a party who is one of `parties`: same normalised name, and the same phone
    /// or ID number. Candidates come from the indexed columns; the rule is `PartyMatch`.
    func openDisputes(ofParties parties: [BridgedParty], on db: any Database) async throws -> [DisputeModel] {
        let keys = parties.map { PartyMatch.Key(name: $0.name, phone: $0.phone, idNumber: $0.idNumber) }.filter { !$0.name.isEmpty }
        guard !keys.isEmpty else { return [] }
        let names = Array(Set(parties.map(\.name) + keys.map(\.name)))
        let ids = keys.compactMap(\.idNumber)
        let candidates = try await DisputePartyModel.query(on: db).group(.or) { g in
            g.filter(\.$name ~~ names)
            if !ids.isEmpty { g.filter(\.$idNumber ~~ ids) }
        }.all()
        let matched = Set(candidates.filter { row in
            let key = PartyMatch.Key(name: row.name, phone: row.phone, idNumber: row.idNumber)
            return keys.contains { $0.matches(key) }
        }.map(\.disputeID))
        guard !matched.isEmpty else { return [] }
        return try await DisputeModel.query(on: db).filter(\.$id ~~ matched)
            .filter(\.$stage ~~ DisputeStage.allCases.filter(\.isOpen).map(\.rawValue)).sort(\.$registeredAt).all()
    }

    /// Open disputes of the village nearest the scene whose recorded place is within `placeRadiusMeters`.
    func openDisputes(near place: GeoPoint, on db: any Database) async throws -> [DisputeModel] {
        guard let village = try await nearestVillage(to: place, on: db), let vid = village.id else { return [] }
        let rows = try await DisputeModel.query(on: db).filter(\.$villageID == vid)
            .filter(\.$stage ~~ DisputeStage.allCases.filter(\.isOpen).map(\.rawValue)).all()
        return try rows.filter { m in
            guard let at = try DisputeStore.state(of: m).intake.location else { return false }
            return at.distance(to: place) <= Self.placeRadiusMeters
        }
    }

    /// The village or community whose point is nearest `place`: where a handed-over dispute is
    /// registered (the demo has points, not boundaries, for villages).
    func nearestVillage(to place: GeoPoint, on db: any Database) async throws -> OrgUnitModel? {
        let villages = try await OrgUnitModel.query(on: db).filter(\.$kind ~~ [OrgUnitKind.village.rawValue, OrgUnitKind.community.rawValue]).all()
        return villages.compactMap { v in v.unitGeometry?.anchor.map { (v, $0.distance(to: place)) } }.min { $0.1 < $1.1 }?.0
    }

    // MARK: What the police see

    func summary(of m: DisputeModel, matchedBy: String, receivedAt: Date? = nil, on db: any Database) async throws -> BridgedDispute {
        let state = try DisputeStore.state(of: m)
        let committee = try await OrgUnitModel.find(m.handlingOrgUnitID, on: db)?.name ?? ""
        let last = try await DisputeEventModel.query(on: db).filter(\.$disputeID == m.requireID()).sort(\.$seq, .descending).first()
        let lastType = last.flatMap { DisputeEventType(rawValue: $0.type) }
        var received = receivedAt
        if matchedBy != "handover", let h = try await PoliceHandoverModel.query(on: db).filter(\.$disputeID == m.requireID()).first() {
            received = h.acknowledgedAt
        }
        return BridgedDispute(
            disputeId: try m.requireID(), level: m.level, levelLabel: MediationLevel(rawValue: m.level)?.label ?? m.level,
            risk: m.risk, riskLabel: RiskLevel(rawValue: m.risk)?.label ?? m.risk,
            stage: m.stage, stageLabel: DisputeStage(rawValue: m.stage)?.label ?? m.stage, committee: committee,
            mediator: state.assignments.last { $0.role == .mediator }?.name,
            lastStep: lastType?.label ?? "", lastStepAt: last?.at ?? m.lastEventAt, matchedBy: matchedBy, receivedAt: received)
    }

    /// A stable id for what one incident does to one dispute: a resend makes the same id, which the
    /// stores answer as already stored.
    static func derivedID(_ a: UUID, _ b: UUID, salt: UInt8) -> UUID {
        let input = withUnsafeBytes(of: a.uuid) { Array($0) } + withUnsafeBytes(of: b.uuid) { Array($0) } + [salt]
        // Two FNV-1a hashes with different offsets make the 16 bytes; a collision would need another
        // (incident, dispute) pair to hash alike in both.
        func fnv(_ offset: UInt64) -> UInt64 { input.reduce(offset) { ($0 ^ UInt64($1)) &* 0x100000001b3 } }
        var bytes = withUnsafeBytes(of: fnv(0xcbf29ce484222325).bigEndian) { Array($0) } + withUnsafeBytes(of: fnv(0x84222325cbf29ce4).bigEndian) { Array($0) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40   // the version-4 layout, so it reads as an ordinary UUID
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

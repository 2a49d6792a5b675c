import Fluent
import Foundation
import PinganDomain
import Vapor

// X1, 警调对接: where 网格化巡控 and 民调通 meet. Each wing implements one protocol here and reads
// the other through it, so neither imports the other. What crosses is cut to what the other side
// may see: the police learn a dispute's level, risk, stage, committee and last step, never its
// parties; the justice side learns that an incident exists, when and where, never the police record.

/// A person named in a police call about a dispute, as the dispatcher recorded them. Crosses to
/// the mediation side only to be matched against a dispute's parties; it is not shown there.
package struct BridgedParty: Sendable, Hashable, Codable {
    package var name: String
    package var phone: String?
    package var idNumber: String?
    package init(name: String, phone: String? = nil, idNumber: String? = nil) {
        self.name = name; self.phone = phone; self.idNumber = idNumber
    }
}

/// A police call about a dispute (纠纷类警情), as the police side hands it over.
package struct PoliceCallFacts: Sendable, Hashable {
    package var incidentID: UUID
    package var incidentNumber: String
    package var calledAt: Date
    package var place: GeoPoint
    package var placeLabel: String
    package var parties: [BridgedParty]
    /// The call reports violence or threats (打架、扬言报复): the risk rules make it red.
    package var reportsViolence: Bool
    package var summary: String
    package init(incidentID: UUID, incidentNumber: String, calledAt: Date, place: GeoPoint, placeLabel: String, parties: [BridgedParty],
                 reportsViolence: Bool, summary: String) {
        self.incidentID = incidentID; self.incidentNumber = incidentNumber; self.calledAt = calledAt; self.place = place
        self.placeLabel = placeLabel; self.parties = parties; self.reportsViolence = reportsViolence; self.summary = summary
    }
}

/// A dispute as the police may see it: no party names, phones or ID numbers.
package struct BridgedDispute: Sendable, Hashable, Content {
    package var disputeId: UUID
    package var level: String
    package var levelLabel: String
    package var risk: String
    package var riskLabel: String
    package var stage: String
    package var stageLabel: String
    /// The handling mediation committee (or unit) and, when one is assigned, the mediator's name.
    package var committee: String
    package var mediator: String?
    package var lastStep: String
    package var lastStepAt: Date
    /// How it was found: `parties` (same people), `place` (near the scene) or `handover` (警调对接).
    package var matchedBy: String
    /// For a dispute the police handed over: whether the township has acknowledged receipt.
    package var receivedAt: Date?
    package init(disputeId: UUID, level: String, levelLabel: String, risk: String, riskLabel: String, stage: String, stageLabel: String,
                 committee: String, mediator: String?, lastStep: String, lastStepAt: Date, matchedBy: String, receivedAt: Date? = nil) {
        self.disputeId = disputeId; self.level = level; self.levelLabel = levelLabel; self.risk = risk; self.riskLabel = riskLabel
        self.stage = stage; self.stageLabel = stageLabel; self.committee = committee; self.mediator = mediator; self.lastStep = lastStep
        self.lastStepAt = lastStepAt; self.matchedBy = matchedBy; self.receivedAt = receivedAt
    }
}

/// An incident as the justice side may see it: its number, kind, time and place, not the call.
package struct BridgedIncident: Sendable, Hashable, Content {
    package var incidentId: UUID
    package var number: String
    package var typeLabel: String
    package var reportedAt: Date
    package var placeLabel: String
    package var lat: Double
    package var lon: Double
    package init(incidentId: UUID, number: String, typeLabel: String, reportedAt: Date, placeLabel: String, lat: Double, lon: Double) {
        self.incidentId = incidentId; self.number = number; self.typeLabel = typeLabel; self.reportedAt = reportedAt
        self.placeLabel = placeLabel; self.lat = lat; self.lon = lon
    }
}

/// The place of an open high-risk dispute, for the patrol side (patrol quality, the map): the
/// place only, no party data.
package struct BridgedDisputePlace: Sendable, Hashable {
    package var disputeId: UUID
    package var place: GeoPoint
    package var risk: String
    package var riskLabel: String
    package init(disputeId: UUID, place: GeoPoint, risk: String, riskLabel: String) {
        self.disputeId = disputeId; self.place = place; self.risk = risk; self.riskLabel = riskLabel
    }
}

/// What 民调通 offers the police side.
package protocol MediationBridge: Sendable {
    /// Open disputes that match a call by parties (normalised name plus phone or ID number) or lie
    /// near its place: the dispatch card shows them.
    func disputes(matching call: PoliceCallFacts, on db: any Database) async throws -> [BridgedDispute]
    /// Records a dispute call against every open dispute of the same parties: the risk rules run
    /// with it (a second call within 30 days, or violence), a raise reports as any raise does, and
    /// the handling committee gets a follow-up task. Keyed by the incident: a resend changes nothing.
    func recordPoliceCall(_ call: PoliceCallFacts, by caller: Caller, on db: any Database, at now: Date) async throws
    /// 警调对接: hands the incident over as a dispute (source 公安移交) in the village of its place,
    /// or answers the one already made for it (`created` false: a resend, or another request first).
    func handOver(_ call: PoliceCallFacts, note: String, by caller: Caller, on db: any Database, at now: Date) async throws -> (dispute: BridgedDispute, created: Bool)
    /// The disputes an incident is linked to (handed over, or matched when it was recorded), as
    /// they stand now.
    func disputes(linkedTo incidentID: UUID, on db: any Database) async throws -> [BridgedDispute]
    /// Places of open orange and red disputes whose origin lies under `scopePath`.
    func highRiskPlaces(under scopePath: String, on db: any Database) async throws -> [BridgedDisputePlace]
}

/// What 网格化巡控 offers the justice side.
package protocol PatrolBridge: Sendable {
    /// The incidents by id, as the justice side may see them.
    func incidents(_ ids: [UUID], on db: any Database) async throws -> [BridgedIncident]
}

extension Application {
    private struct MediationBridgeKey: StorageKey { typealias Value = any MediationBridge }
    private struct PatrolBridgeKey: StorageKey { typealias Value = any PatrolBridge }

    /// The mediation side of X1, installed by 民调通 at boot; nil when the app runs without it.
    package var mediationBridge: (any MediationBridge)? {
        get { storage[MediationBridgeKey.self] }
        set { storage[MediationBridgeKey.self] = newValue }
    }
    /// The patrol side of X1, installed by 网格化巡控 at boot; nil when the app runs without it.
    package var patrolBridge: (any PatrolBridge)? {
        get { storage[PatrolBridgeKey.self] }
        set { storage[PatrolBridgeKey.self] = newValue }
    }
}

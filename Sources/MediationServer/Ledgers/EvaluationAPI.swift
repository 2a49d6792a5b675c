import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// `GET /api/v1/evaluation` (M12): mediators and committees rated on the quality of their work
/// by `EvaluationRule` (the domain's), with the 金牌调解员 and 品牌调解室 candidates and the
/// reasons. Nothing here counts or sorts by the number of entries.
enum EvaluationAPI {
    static func show(req: Request) async throws -> EvaluationDTO {
        try await evaluation(req, actor: try req.caller())
    }

    static func evaluation(_ req: Request, actor: Caller) async throws -> EvaluationDTO {
        var scope = actor.scopePath
        var unitName = actor.orgUnitName
        if let raw = req.query[String.self, at: "orgUnit"] {
            guard let id = UUID(uuidString: raw), let u = try await OrgUnitStore(db: req.db).find(id, scopePath: actor.scopePath) else {
                throw APIError.notFound("单位")
            }
            scope = u.path; unitName = u.name
        }
        let from = try AuditController.date(req, "from"), to = try AuditController.date(req, "to")
        let q = try await DisputeScope.query(scopePath: scope, on: req.db)
        if let from { q.filter(\.$registeredAt >= from) }
        if let to { q.filter(\.$registeredAt <= to) }
        let states = try await q.all().map { try DisputeStore.state(of: $0) }
        let rule = req.application.settings.evaluationRule
        // Recurrence as the county report's top tier counts it (one rule, one finder).
        let agreedAt = Dictionary(uniqueKeysWithValues: states.compactMap { s in s.agreedAt.map { (s.disputeId, $0) } })
        let recurred = try await RecurrenceFinder(db: req.db, rule: rule.recurrence).recurred(agreedAt: agreedAt)
        let cases = EvaluationCases.collect(states, recurred: recurred, now: req.now)
        let unitIDs = Array(cases.committees.keys)
        let units = unitIDs.isEmpty ? [] : try await OrgUnitModel.query(on: req.db).filter(\.$id ~~ unitIDs).all()
        let names = Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u.name) } })
        func rated(_ key: String, _ name: String, _ cs: [CaseQuality]) -> EvaluationDTO.Rated {
            let r = rule.rate(cs)
            let c = rule.candidacy(r)
            return .init(key: key, name: name, rating: r, qualityIndex: r.index, candidate: c.candidate, reasons: c.reasons)
        }
        let mediators = rule.ordered(cases.mediators.map { rated($0.key, cases.mediatorNames[$0.key] ?? $0.key, $0.value) },
                                     rating: \.rating, name: \.name)
        let committees = rule.ordered(cases.committees.map { rated($0.key.uuidString, names[$0.key] ?? "未知单位", $0.value) },
                                      rating: \.rating, name: \.name)
        return EvaluationDTO(orgUnitName: unitName, rule: rule, mediators: mediators, committees: committees,
                             goldMediatorCandidates: mediators.filter(\.candidate), brandRoomCandidates: committees.filter(\.candidate))
    }
}

/// The rateable cases of each mediator and each handling committee.
struct EvaluationCases {
    var mediators: [String: [CaseQuality]] = [:]
    var mediatorNames: [String: String] = [:]
    var committees: [UUID: [CaseQuality]] = [:]

    static func collect(_ states: [DisputeState], recurred: Set<UUID>, now: Date) -> EvaluationCases {
        let clock = LegalClock(limits: .default)
        var out = EvaluationCases()
        for s in states {
            guard let c = CaseQuality.of(s, recurred: recurred.contains(s.disputeId), clock: clock, now: now) else { continue }
            out.committees[s.handlingOrgUnitId, default: []].append(c)
            for m in CaseQuality.mediators(of: s) {
                out.mediators[m.key, default: []].append(c)
                out.mediatorNames[m.key] = m.name
            }
        }
        return out
    }
}

package struct EvaluationDTO: Content {
    package struct Rated: Content {
        package var key: String
        package var name: String
        package var rating: QualityRating
        package var qualityIndex: Double
        package var candidate: Bool
        package var reasons: [String]
    }

    package var orgUnitName: String
    package var rule: EvaluationRule
    /// Ordered by quality index, then share of difficult cases, then name: never by count.
    package var mediators: [Rated]
    package var committees: [Rated]
    package var goldMediatorCandidates: [Rated]
    package var brandRoomCandidates: [Rated]
}

extension Settings {
    /// The evaluation rule with the county's thresholds. Recurrence is `recurrenceRule`, the one
    /// of "settled"'s top tier (`PINGAN_RECURRENCE_DAYS`, 90): one definition for the report and the ratings.
    var evaluationRule: EvaluationRule {
        EvaluationRule(candidateMinimumIndex: Double(evaluationMinimumQualityPercent) / 100, candidateMinimumCases: evaluationMinimumCases,
                       recurrenceDays: recurrenceDays)
    }
}

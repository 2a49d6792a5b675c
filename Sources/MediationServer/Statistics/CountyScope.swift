import Fluent
import FluentSQL
import Foundation
import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// The unit and period a county-report request is about: `orgUnit` (default the caller's scope;
/// outside it 404 like an unknown one), `from` and `to` on the registration time.
struct CountyScope {
    var unit: OrgUnitModel
    var from: Date?
    var to: Date?

    init(_ req: Request) async throws {
        let actor = try DisputeController.caller(req)
        let unitID = try Check.uuid(req, "orgUnit") ?? actor.scopeUnitID
        guard let unit = try await OrgUnitStore(db: req.db).find(unitID, scopePath: actor.scopePath) else { throw APIError.notFound("单位") }
        self.unit = unit
        from = try AuditController.date(req, "from")
        to = try AuditController.date(req, "to")
    }

    /// The request's `orgUnit`, `from` and `to` as given, for links that must count the same records.
    static func keptQuery(_ req: Request) -> [URLQueryItem] {
        ["orgUnit", "from", "to"].compactMap { k in req.query[String.self, at: k].flatMap { $0.isEmpty ? nil : URLQueryItem(name: k, value: $0) } }
    }

    init(unit: OrgUnitModel, from: Date?, to: Date?) {
        self.unit = unit; self.from = from; self.to = to
    }

    /// Disputes visible in the unit's subtree (registered in it or handled in it now, like the
    /// dispute list) and registered in the period. A reversed period is empty. The county's own
    /// subtree holds every dispute, so it has no prefix test (`DisputeScope`): each figure is then
    /// counted from `disputes_registered_figures` alone (migration 031).
    func disputes(on db: Database) -> QueryBuilder<DisputeModel> {
        let q = DisputeScope.isWholeTree(unit.path) ? DisputeModel.query(on: db) : DisputeStore(db: db).visible(scopePath: unit.path)
        if let from { q.filter(\.$registeredAt >= from) }
        if let to { q.filter(\.$registeredAt <= to) }
        return q
    }
}

extension CountyFigure {
    /// The row's condition on `disputes`, the same as `counts(_:)` over the states: the figure is
    /// this query's COUNT and the list behind it is this query's rows.
    func filter(_ q: QueryBuilder<DisputeModel>) -> QueryBuilder<DisputeModel> {
        switch self {
        case .received: return q
        case .receivedTownship: return q.filter(\.$receivedLevel == MediationLevel.township.rawValue)
        case .receivedVillage: return q.filter(\.$receivedLevel == MediationLevel.village.rawValue)
        case .receivedProfessional: return q.filter(\.$receivedLevel == MediationLevel.professional.rawValue)
        case .receivedOther: return q.filter(\.$receivedLevel ~~ [MediationLevel.county.rawValue, MediationLevel.department.rawValue])
        case .settled: return q.filter(\.$settledLevel != nil)
        case .petitionsResolved:
            return q.filter(\.$settledLevel != nil).group(.or) {
                $0.filter(\.$source == DisputeSource.petitionReferral.rawValue).filter(\.$channel == MediationChannel.petitionLinked.rawValue)
            }
        case .difficult: return q.filter(\.$isDifficult == true)
        case .massIncidentsPrevented: return q.filter(\.$settledLevel != nil).filter(\.$massRisk == true)
        case .turnedCriminal:
            // 民转刑: a police call matched to the dispute (X1) reported violence.
            return q.filter(.sql(unsafeRaw: """
                EXISTS (SELECT 1 FROM dispute_police_calls c WHERE c.dispute_id = disputes.id AND c.reports_violence)
                """))
        }
    }
}

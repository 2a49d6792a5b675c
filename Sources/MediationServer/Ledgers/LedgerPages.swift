import Foundation
import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// The pages of ledgers, enterprise disputes and evaluation: each shows what its API answers,
/// computed by the same code.
enum LedgerPages {
    struct UnitsModel: Encodable { var units: [LedgerUnitDTO] }
    struct LedgerModel: Encodable {
        var ledger: LedgerDTO
        var csvHref: String
        var xlsxHref: String
    }
    struct EvaluationModel: Encodable {
        var evaluation: EvaluationDTO
        var minimumPercent: Int
        var mediators: [Row]
        var committees: [Row]
        /// The ratings as JSON, for the chart and the browser test.
        var chartJSON: String
    }
    /// Committees' quality in percent, in the listed order: the chart's data and the browser test's.
    struct ChartData: Encodable {
        var names: [String]
        var quality: [Double]
    }
    struct Row: Encodable {
        var name: String
        var quality: String
        var candidate: Bool
        var reasons: [String]
        var rating: QualityRating
    }

    static func units(req: Request) async throws -> Response {
        let actor = try req.caller()
        let page = try await LedgerAPI.units(req: req)
        return try await PageController().render(req, "ledgers", title: "台帐", actor: actor, current: LedgerRoutes.ledgersPage.path,
                                                 UnitsModel(units: page.items))
    }

    static func ledger(req: Request) async throws -> Response {
        let actor = try req.caller()
        let ledger = try await LedgerAPI.ledger(req: req)
        let base = LedgerRoutes.ledgerExport.link(ledger.orgUnitId)
        return try await PageController().render(req, "ledger", title: "台帐 · \(ledger.orgUnitName)", actor: actor,
                                                 current: LedgerRoutes.ledgersPage.path,
                                                 LedgerModel(ledger: ledger, csvHref: base + "?format=csv", xlsxHref: base + "?format=xlsx"))
    }

    static func evaluation(req: Request) async throws -> Response {
        let actor = try req.caller()
        let e = try await EvaluationAPI.evaluation(req, actor: actor)
        func rows(_ r: [EvaluationDTO.Rated]) -> [Row] {
            r.map { Row(name: $0.name, quality: String(format: "%.1f%%", $0.qualityIndex * 100), candidate: $0.candidate,
                        reasons: $0.reasons, rating: $0.rating) }
        }
        let chart = try JSONEncoder().encode(ChartData(names: e.committees.map(\.name),
                                                       quality: e.committees.map { ($0.qualityIndex * 1000).rounded() / 10 }))
        return try await PageController().render(req, "evaluation", title: "调解质量评价", actor: actor, current: LedgerRoutes.evaluationPage.path,
                                                 EvaluationModel(evaluation: e, minimumPercent: Int((e.rule.candidateMinimumIndex * 100).rounded()),
                                                                 mediators: rows(e.mediators), committees: rows(e.committees),
                                                                 chartJSON: String(decoding: chart, as: UTF8.self)))
    }
}


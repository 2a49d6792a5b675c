import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore

/// Reads the records a monthly analysis report is made of and fills `AnalysisReportContent`:
/// registrations of the month and the three before (trends, clusters), the open disputes of highest
/// risk as they stand when issued, and the month's and the previous month's changes from the
/// dispute events. The scope is the dispute list's: registered in the unit's subtree or handled there now.
package struct AnalysisReportCompiler {
    package let db: Database
    package var rule: RisingClusterRule = .standard
    /// How many open disputes the risk list shows.
    package static let riskListLength = 10
    /// How many escalated or risk-raised disputes are named.
    package static let changeListLength = 20

    private var calendar: Calendar { PinganCalendar.shanghai }
    private func start(_ m: YearMonth) -> Date { m.firstDay.start(in: calendar) }

    private func scoped(_ path: String) -> QueryBuilder<DisputeModel> { DisputeStore(db: db).visible(scopePath: path) }

    package func compile(unit: OrgUnitModel, month: YearMonth) async throws -> AnalysisReportContent {
        let path = unit.path
        let windowStart = start(month.adding(months: -RisingClusterRule.baselineMonths)), end = start(month.adding(months: 1))
        let rows = try await scoped(path).filter(\.$registeredAt >= windowStart).filter(\.$registeredAt < end)
            .field(\.$id).field(\.$category).field(\.$townshipID).field(\.$registeredAt).all()
        let regs = rows.map {
            AnalysisReportTrends.Registration(category: DisputeCategory(rawValue: $0.category) ?? .other, townshipId: $0.townshipID,
                                              month: YearMonth($0.registeredAt, in: calendar))
        }
        let names = try await UnitNames.load(rows.compactMap(\.townshipID), on: db)
        let trends = AnalysisReportTrends(month: month, rule: rule) { id in id.flatMap { names[$0] } ?? "县直" }
        let thisMonth = try await changes(path, month)
        let lastMonth = try await changes(path, month.previous)
        return AnalysisReportContent(
            orgUnitName: unit.name, month: month.description, previousMonths: trends.previousMonths.map(\.description),
            total: trends.total(regs), byCategory: trends.byCategory(regs), byTownship: trends.byTownship(regs),
            clusterRule: rule, clusterTest: rule.statement, clusters: trends.clusters(regs),
            topRisks: try await topRisks(path), thisMonth: thisMonth.counts, lastMonth: lastMonth.counts,
            escalatedDisputes: try await items(Array(thisMonth.escalated.prefix(Self.changeListLength))),
            riskRaisedDisputes: try await items(Array(thisMonth.riskRaised.prefix(Self.changeListLength))))
    }

    /// Open disputes, red and orange first, then yellow and blue, newest first within a level.
    private func topRisks(_ path: String) async throws -> [AnalysisReportContent.RiskItem] {
        let open = DisputeStage.allCases.filter(\.isOpen).map(\.rawValue)
        var rows: [DisputeListRow] = []
        for levels in [[RiskLevel.red, .orange], [.yellow, .blue]] where rows.count < Self.riskListLength {
            let q = scoped(path).filter(\.$stage ~~ open).filter(\.$risk ~~ levels.map(\.rawValue))
                .sort(\.$registeredAt, .descending).sort(\.$id).limit(Self.riskListLength * 4)
            rows += try await DisputeModel.listRows(q).sorted { (RiskLevel(rawValue: $0.risk) ?? .blue) > (RiskLevel(rawValue: $1.risk) ?? .blue) }
        }
        return try await riskItems(Array(rows.prefix(Self.riskListLength)))
    }

    private func riskItems(_ rows: [DisputeListRow]) async throws -> [AnalysisReportContent.RiskItem] {
        let names = try await UnitNames.load(rows.compactMap(\.townshipID), on: db)
        return rows.map {
            .init(disputeId: $0.disputeID, summary: $0.summary, category: DisputeCategory(rawValue: $0.category)?.label ?? $0.category,
                  risk: RiskLevel(rawValue: $0.risk) ?? .blue, stage: DisputeStage(rawValue: $0.stage) ?? .registered,
                  registeredAt: $0.registeredAt, townshipName: $0.townshipID.flatMap { names[$0] } ?? "县直")
        }
    }

    private func items(_ ids: [UUID]) async throws -> [AnalysisReportContent.RiskItem] {
        guard !ids.isEmpty else { return [] }
        let rows = try await DisputeModel.listRows(DisputeModel.query(on: db).filter(\.$id ~~ ids))
        let order = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        return try await riskItems(rows.sorted { order[$0.disputeID, default: 0] < order[$1.disputeID, default: 0] })
    }

    /// A month's changes in scope; the escalated and risk-raised disputes in a stable order.
    private func changes(_ path: String, _ month: YearMonth) async throws
        -> (counts: AnalysisReportContent.Changes, escalated: [UUID], riskRaised: [UUID]) {
        let from = start(month), to = start(month.adding(months: 1))
        let new = try await scoped(path).filter(\.$registeredAt >= from).filter(\.$registeredAt < to).count()
        func disputes(_ types: [DisputeEventType], before: Date? = nil, ids: [UUID]? = nil) async throws -> [DisputeEventModel] {
            let q = DisputeEventModel.query(on: db).join(DisputeModel.self, on: \DisputeEventModel.$disputeID == \DisputeModel.$id)
                .group(.or) { $0.filter(DisputeModel.self, \.$originPath =~ path).filter(DisputeModel.self, \.$handlingPath =~ path) }
                .filter(\.$type ~~ types.map(\.rawValue)).filter(\.$at < (before ?? to))
            if before == nil { q.filter(\.$at >= from) }
            if let ids { q.filter(\.$disputeID ~~ ids) }
            return try await q.sort(\.$disputeID).sort(\.$seq).all()
        }
        let settled = Set(try await disputes([.agreementSigned]).map(\.disputeID))
        let escalated = Array(Set(try await disputes([.escalated]).map(\.disputeID))).sorted { $0.uuidString < $1.uuidString }
        // Risk: the level assessed from the intake when registered, then each recorded assessment,
        // an override winning over later assessments as it does in the dispute's state.
        let touched = Array(Set(try await disputes([.riskAssessed, .riskOverridden]).map(\.disputeID)))
        var raised: [UUID] = []
        if !touched.isEmpty {
            let history = try await disputes([.registered, .riskAssessed, .riskOverridden], before: to, ids: touched)
            for (id, rows) in Dictionary(grouping: history, by: \.disputeID) {
                var levels: [(at: Date, level: RiskLevel)] = []
                var override: RiskLevel?
                for row in rows {
                    let e = try DisputeEventStore.decode(row)
                    switch e.kind {
                    case .registered: levels.append((e.at, try DisputeState(registering: e).assessRisk().level))
                    case .riskAssessed(let a): levels.append((e.at, override ?? a.level))
                    case .riskOverridden(let o): override = o.level; levels.append((e.at, o.level))
                    default: break
                    }
                }
                if RiskRise.raised(levels, from: from, to: to) { raised.append(id) }
            }
        }
        raised.sort { $0.uuidString < $1.uuidString }
        return (.init(new: new, settled: settled.count, escalated: escalated.count, riskRaised: raised.count), escalated, raised)
    }
}

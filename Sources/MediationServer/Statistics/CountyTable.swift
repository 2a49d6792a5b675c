import Fluent
import Foundation
import MediationDomain
import PinganDomain
import ServerCore
import Vapor

/// The seed's mediation table (M13) for a unit's subtree and a period, each row counted from the
/// records with the same condition that lists them (`CountyFigure.filter`).
package struct CountyTableDTO: Content {
    package struct Row: Content {
        package var key: String
        package var label: String
        package var value: Int
    }

    package var orgUnitId: UUID
    package var orgUnitName: String
    package var from: Date?
    package var to: Date?
    package var rows: [Row]
    /// settled / received (0 when nothing received).
    package var successRate: Double
    package var tiers: SettledTiers

    package func value(_ figure: CountyFigure) -> Int { rows.first { $0.key == figure.rawValue }?.value ?? 0 }

    static func compute(_ scope: CountyScope, req: Request) async throws -> CountyTableDTO {
        var rows: [Row] = []
        for figure in CountyFigure.allCases {
            rows.append(Row(key: figure.rawValue, label: figure.label, value: try await figure.filter(scope.disputes(on: req.db)).count()))
        }
        let received = rows[0].value
        let settled = rows.first { $0.key == CountyFigure.settled.rawValue }!.value
        let tiers = try await SettledTierCounter(db: req.db, recurrence: req.application.settings.recurrenceRule).tiers(scope)
        return CountyTableDTO(orgUnitId: try scope.unit.requireID(), orgUnitName: scope.unit.name, from: scope.from, to: scope.to,
                              rows: rows, successRate: received == 0 ? 0 : Double(settled) / Double(received), tiers: tiers)
    }

    /// The table as the export writes it: the figures, the success rate and each tier's rate.
    var export: ExportTable {
        var table = ExportTable(title: "调解统计", columns: [
            .init("单位", .text, width: 24), .init("项目", .text, width: 28), .init("数值", .integer), .init("比率", .percent),
        ])
        for r in rows { table.rows.append([.text(orgUnitName), .text(r.label), .integer(r.value), .empty]) }
        table.rows.append([.text(orgUnitName), .text("调解成功率"), .empty, .number(successRate)])
        for t in tiers.rows { table.rows.append([.text(orgUnitName), .text("成功（\(t.label)）"), .integer(t.count), .number(t.rate)]) }
        return table
    }
}

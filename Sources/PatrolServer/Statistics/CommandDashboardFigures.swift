import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// The police command dashboard's figures, from the records of the subtree and period: response
/// times (the domain's `ResponseTimes`, nearest-rank median and P90) from each incident's first
/// dispatch and first arrival (projected from its timeline), counts by type and hour of the week,
/// and the units on shift by hour of the day from the shifts.
enum CommandDashboardFigures {
    static func compute(_ s: PoliceScope) async throws -> CommandDashboardDTO {
        // The same incidents as the table's first row: placed in the subtree, reported in the period, not merged.
        let incidents = try await IncidentModel.query(on: s.db).filter(\.$scopePath =~ s.org.path)
            .filter(\.$reportedAt >= s.from).filter(\.$reportedAt < s.to).filter(\.$status != IncidentStatus.merged.rawValue)
            .field(\.$id).field(\.$type).field(\.$gridOrgUnitID).field(\.$reportedAt).field(\.$firstDispatchedAt).field(\.$firstOnSceneAt)
            .all()
        let records = incidents.map {
            ResponseRecord(incidentID: $0.id?.uuidString ?? "", gridID: $0.gridOrgUnitID?.uuidString, reportedAt: $0.reportedAt,
                           dispatchedAt: $0.firstDispatchedAt, onSceneAt: $0.firstOnSceneAt)
        }
        let times = ResponseTimes.build(records)
        let gridIDs = times.byGrid.compactMap { UUID(uuidString: $0.gridID) }
        let names = try await UnitNames.load(gridIDs, on: s.db)

        let weekly = CommandDashboard.hourOfWeek(incidents.compactMap { m in IncidentType(rawValue: m.type).map { ($0, m.reportedAt) } })
        let hourOfWeek = IncidentType.allCases.compactMap { t in
            weekly[t].map { HourOfWeekRowDTO(type: t.rawValue, label: t.label, total: $0.reduce(0, +), counts: $0) }
        }

        // Shifts that overlap the period (signed on before its end, off after its start or still on).
        let units = try await PatrolUnitModel.query(on: s.db).filter(\.$stationPath =~ s.org.path).all(\.$id)
        let shifts = try await PatrolShiftModel.query(on: s.db).filter(\.$unitID ~~ units).filter(\.$signedOnAt < s.to)
            .group(.or) { $0.filter(\.$signedOffAt == nil).filter(\.$signedOffAt > s.from) }.all()
        let coverage = CommandDashboard.coverage(shifts.map { .init(unitID: $0.unitID, start: $0.signedOnAt, end: $0.signedOffAt) },
                                                 from: s.from, to: s.to)

        return CommandDashboardDTO(
            orgUnitId: try s.org.requireID(), orgUnitName: s.org.name, from: s.from, to: s.to, incidents: incidents.count,
            overall: group("all", "全部", times.overall),
            byGrid: times.byGrid.map { g in group(g.gridID, UUID(uuidString: g.gridID).flatMap { names[$0] } ?? g.gridID, g.group) }
                .sorted { $0.label < $1.label },
            byHour: times.byHour.map { group(String($0.hour), String(format: "%02d时", $0.hour), $0.group) },
            hourOfWeek: hourOfWeek, coverage: coverage.map { ($0 * 10).rounded() / 10 })
    }

    static func group(_ key: String, _ label: String, _ g: ResponseTimes.Group) -> ResponseGroupDTO {
        func f(_ i: ResponseInterval) -> ResponseFigureDTO {
            let x = g[i]
            return ResponseFigureDTO(count: x.count, medianSeconds: x.medianSeconds, p90Seconds: x.p90Seconds, negative: x.negative)
        }
        return ResponseGroupDTO(key: key, label: label, incidents: g.incidents, callToScene: f(.callToScene),
                                callToDispatch: f(.callToDispatch), dispatchToScene: f(.dispatchToScene))
    }
}

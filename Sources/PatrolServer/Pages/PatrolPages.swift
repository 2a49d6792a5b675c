import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// The command map (`/patrol/command`) and a unit's track playback (`/patrol/units/{id}/track`).
/// Both are shells: their scripts read the same API a client would (units, map features, roads,
/// tracks) and the live stream, so what the map shows is what the API says.
package struct PatrolPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.commandPage, use: command)
        routes.on(PatrolRoutes.trackPage, use: track)
        routes.on(PatrolRoutes.qualityPage, use: quality)
    }

    struct QualityModel: Encodable {
        struct Row: Encodable {
            var callSign: String; var gridName: String; var km: String; var minutes: String; var inGrid: String; var share: String
            var visits: Int; var hotspotMinutes: String; var koperStops: Int; var koper: String; var gaps: Int; var trackLink: String
            var disputeVisits: Int; var disputeMinutes: String
        }
        struct GridRow: Encodable { var gridName: String; var units: Int; var officers: Int; var km: String; var minutes: String; var hotspotMinutes: String }
        struct HourRow: Encodable { var label: String; var units: Int; var grids: String; var outside: Int }
        var day: String
        var hotspots: Int
        var rows: [Row]
        var grids: [GridRow]
        var hours: [HourRow]
        var exportLink: String
    }

    /// 巡防质态: the day's table per unit and per grid, computed as `/api/v1/patrol-quality` says it.
    package func quality(req: Request) async throws -> Response {
        let caller = try req.caller()
        let q = try await PatrolQualityController.compute(req)
        func pct(_ v: Double?) -> String { v.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
        let rows = q.units.map { u in
            QualityModel.Row(callSign: u.callSign, gridName: u.gridName ?? "—", km: String(format: "%.1f", u.distanceMeters / 1000),
                             minutes: String(format: "%.0f", u.patrolSeconds / 60), inGrid: String(format: "%.0f", u.inGridSeconds / 60),
                             share: pct(u.inGridShare), visits: u.hotspotVisits, hotspotMinutes: String(format: "%.1f", u.hotspotMinutes),
                             koperStops: u.koperStops, koper: pct(u.koperCompliance), gaps: u.gaps,
                             trackLink: PatrolRoutes.trackPage.link(u.unitId) + "?day=\(q.day)",
                             disputeVisits: u.disputePlaceVisits, disputeMinutes: String(format: "%.1f", u.disputePlaceMinutes))
        }
        let grids = q.grids.map { g in
            QualityModel.GridRow(gridName: g.gridName ?? "无所属网格", units: g.units, officers: g.officers, km: String(format: "%.1f", g.distanceMeters / 1000),
                                 minutes: String(format: "%.0f", g.patrolSeconds / 60), hotspotMinutes: String(format: "%.1f", g.hotspotMinutes))
        }
        // 警力分布: the hours with a unit out, each grid's count by the unit's last fix in the hour.
        let hours = q.hours.filter { $0.units > 0 }.map { h in
            QualityModel.HourRow(label: String(format: "%02d:00–%02d:00", h.hour, h.hour + 1), units: h.units,
                                 grids: h.grids.map { "\($0.gridName) \($0.units)" }.joined(separator: "，"), outside: h.outsideGrids)
        }
        let model = QualityModel(day: q.day, hotspots: q.hotspots.count, rows: rows, grids: grids, hours: hours,
                                 exportLink: PatrolRoutes.patrolQualityCSV.link() + "?day=\(q.day)")
        return try await PageController().render(req, "patrol/quality", title: "巡防质态 \(q.day)", actor: caller,
                                                 current: PatrolRoutes.commandPage.path, model)
    }

    struct Option: Encodable { var value: String; var label: String; var colour: String? = nil }

    struct CommandModel: Encodable {
        var kinds: [Option]
        var statuses: [Option]
        var staleAfter: Int
        var trackLink: String
        var incidentTypes: [Option]
        var priorities: [Option]
        var mayDispatch: Bool
        var mayContain: Bool
        /// Rows for a dispute call's people on the intake form (X1).
        var partySlots = [1, 2]
    }

    package func command(req: Request) async throws -> Response {
        let caller = try req.caller()
        let model = CommandModel(kinds: PatrolUnitKind.allCases.map { Option(value: $0.rawValue, label: $0.label) },
                                 statuses: PatrolUnitStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, colour: $0.colour) },
                                 staleAfter: Int(LivePosition.staleAfter),
                                 trackLink: PatrolRoutes.trackPage.link("UNIT"),
                                 incidentTypes: IncidentType.allCases.map { Option(value: $0.rawValue, label: $0.label) },
                                 priorities: IncidentPriority.allCases.map { Option(value: String($0.rawValue), label: $0.label) },
                                 mayDispatch: PatrolRoutes.dispatchers.contains(caller.role),
                                 mayContain: PatrolRoutes.commandCentre.contains(caller.role))
        return try await PageController().render(req, "patrol/command", title: "指挥调度图", actor: caller, current: PatrolRoutes.commandPage.path, model)
    }

    struct TrackModel: Encodable {
        var unitId: UUID
        var callSign: String
        var kindLabel: String
        var day: String
        /// The day's bounds, RFC 3339, for the script's track query.
        var from: String
        var to: String
    }

    package func track(req: Request) async throws -> Response {
        let caller = try req.caller()
        let unit = try await UnitStore(db: req.db).unit(try req.uuidParameter(what: "巡逻单元"), for: caller)
        // A day in the county's time zone: playback is asked for as "that day's patrol".
        let calendar = PinganCalendar.shanghai
        let day = try PatrolDay.asked(req, calendar: calendar)
        let start = day.start(in: calendar), end = day.adding(days: 1).start(in: calendar)
        let model = TrackModel(unitId: try unit.requireID(), callSign: unit.callSign, kindLabel: unit.unitKind?.label ?? unit.kind,
                               day: day.description, from: start.formatted(.iso8601), to: end.formatted(.iso8601))
        return try await PageController().render(req, "patrol/track", title: "轨迹回放 \(unit.callSign)", actor: caller,
                                                 current: PatrolRoutes.commandPage.path, model)
    }

    package init() {}
}

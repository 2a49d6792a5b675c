import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import ServerCore
import Vapor

/// One day's patrol quality (P3, 巡防质态) as the station commander and the county patrol office
/// read it: per unit, from its stored track within the day's shifts; per grid, summed.
package struct PatrolQualityDTO: Content {
    package struct Unit: Content {
        package var unitId: UUID
        package var callSign: String
        package var gridId: UUID?
        package var gridName: String?
        package var distanceMeters: Double
        package var patrolSeconds: Double
        package var inGridSeconds: Double
        package var inGridShare: Double?
        package var gaps: Int
        package var jumps: Int
        /// Visits to the day's hotspots, minutes there (dosage), and stops of 10–15 minutes.
        package var hotspotVisits: Int
        package var hotspotMinutes: Double
        package var koperStops: Int
        /// Share of the shift's two-hour windows with such a stop, over all hotspots (nil without any).
        package var koperCompliance: Double?
        /// Visits to the places of open orange and red disputes (X1: the place only) and minutes there.
        package var disputePlaceVisits: Int
        package var disputePlaceMinutes: Double
    }
    package struct Grid: Content {
        package var gridId: UUID?
        package var gridName: String?
        package var units: Int
        /// 参巡人数: the officers signed on to the grid's units during the day.
        package var officers: Int
        package var distanceMeters: Double
        package var patrolSeconds: Double
        package var inGridSeconds: Double
        package var hotspotMinutes: Double
        package var disputePlaceMinutes: Double
    }
    package struct Spot: Content {
        package var id: String
        package var lat: Double
        package var lon: Double
        package var radiusMeters: Double
        package var incidents: Int
    }
    /// 警力分布: per hour of the day, the units that reported a fix, by the grid of their last fix.
    package struct Hour: Content {
        package struct InGrid: Content { package var gridId: UUID; package var gridName: String; package var units: Int }
        package var hour: Int
        package var units: Int
        package var grids: [InGrid]
        package var outsideGrids: Int
    }
    package var day: String
    package var from: Date
    package var to: Date
    package var timeZone: String
    package var hotspots: [Spot]
    package var units: [Unit]
    package var grids: [Grid]
    package var hours: [Hour]
}

/// `GET /api/v1/patrol-quality?day=…`: the figures are computed from the records each time
/// (tracks, shifts, incidents), never typed in.
package struct PatrolQualityController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(PatrolRoutes.patrolQuality, use: day)
        routes.on(PatrolRoutes.patrolQualityCSV, use: exportCSV)
    }

    package func day(req: Request) async throws -> PatrolQualityDTO { try await Self.compute(req) }

    /// The units' rows as CSV for a spreadsheet (UTF-8 with a byte-order mark, so Excel reads the Chinese).
    package func exportCSV(req: Request) async throws -> Response {
        let q = try await Self.compute(req)
        var csv = "\u{FEFF}日期,单元,网格,巡逻里程(公里),巡逻时长(分钟),本网格内(分钟),本网格占比,热点到访(次),热点驻留(分钟),10-15分钟驻停(次),Koper达标率,定位中断(次),高风险纠纷地点到访(次),高风险纠纷地点驻留(分钟)\r\n"
        for u in q.units {
            let fields = [q.day, u.callSign, u.gridName ?? "", String(format: "%.2f", u.distanceMeters / 1000), String(format: "%.1f", u.patrolSeconds / 60),
                          String(format: "%.1f", u.inGridSeconds / 60), u.inGridShare.map { String(format: "%.0f%%", $0 * 100) } ?? "",
                          String(u.hotspotVisits), String(format: "%.1f", u.hotspotMinutes), String(u.koperStops),
                          u.koperCompliance.map { String(format: "%.0f%%", $0 * 100) } ?? "", String(u.gaps),
                          String(u.disputePlaceVisits), String(format: "%.1f", u.disputePlaceMinutes)]
            csv += fields.map(AuditController.csvField).joined(separator: ",") + "\r\n"
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "pingan-patrol-quality-\(q.day).csv")
        return Response(status: .ok, headers: headers, body: .init(string: csv))
    }

    /// The day asked for (`day`, the county's today by default) in the caller's scope (`station` to narrow it).
    static func compute(_ req: Request) async throws -> PatrolQualityDTO {
        let caller = try req.caller()
        let calendar = PinganCalendar.shanghai
        let day = try PatrolDay.asked(req, calendar: calendar)
        let from = day.start(in: calendar), to = min(day.adding(days: 1).start(in: calendar), max(req.now, from))
        let q = try await UnitStore(db: req.db).visible(to: caller)
        if let station = try Check.uuid(req, "station") { q.filter(\.$stationOrgUnitID == station) }
        let units = try await q.sort(\.$callSign).all()
        let ids = units.compactMap(\.id)

        // The day's shifts of those units: a unit patrols while an officer is signed on.
        let shifts = ids.isEmpty ? [] : try await PatrolShiftModel.query(on: req.db).filter(\.$unitID ~~ ids)
            .filter(\.$signedOnAt < to).group(.or) { $0.filter(\.$signedOffAt == nil).filter(\.$signedOffAt >= from) }.all()
        let spans = Dictionary(grouping: shifts, by: \.unitID).mapValues { s -> DateInterval in
            let start = max(from, s.map(\.signedOnAt).min()!)
            let end = s.contains { $0.signedOffAt == nil } ? to : min(to, s.compactMap(\.signedOffAt).max()!)
            return DateInterval(start: start, end: max(start, end))
        }

        // Hotspots from the incidents the caller sees over the four weeks up to the day's end.
        let incidents = try await IncidentStore(db: req.db).visible(to: caller)
            .filter(\.$reportedAt >= to.addingTimeInterval(-Double(Hotspots.defaultWindowDays) * 86_400)).filter(\.$reportedAt < to)
            .filter(\.$status != IncidentStatus.merged.rawValue).field(\.$lat).field(\.$lon).field(\.$reportedAt).all()
        let hotspots = Hotspots.find(incidents.map { IncidentPoint(position: GeoPoint(lat: $0.lat, lon: $0.lon), at: $0.reportedAt) }, now: to)
        // X1: the places of the county's open high-risk disputes, from the mediation side (no party data).
        let disputes = try await req.application.mediationBridge?.highRiskPlaces(under: "/", on: req.db)
            .map { PatrolPlace.dispute(id: $0.disputeId, at: $0.place) } ?? []

        // The grids, read and decoded once: every one in scope (the hours place a unit wherever it
        // patrolled) and the units' own (for the time inside it), which are normally among them.
        let homeIDs = Array(Set(units.compactMap(\.homeGridOrgUnitID)))
        let grids = try await OrgUnitModel.query(on: req.db).filter(\.$kind == OrgUnitKind.patrolGrid.rawValue)
            .group(.or) { $0.filter(\.$path =~ caller.scopePath).filter(\.$id ~~ homeIDs) }.sort(\.$path).all()
        let decoder = JSONDecoder()
        let shapes = grids.compactMap { g in
            g.geometry.flatMap { try? decoder.decode(UnitGeometry.self, from: Data($0.utf8)) }.map { (id: g.id!, geometry: $0) }
        }
        let geometry = Dictionary(shapes.map { ($0.id, $0.geometry) }, uniquingKeysWith: { a, _ in a })
        let names = Dictionary(grids.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })

        let store = FixStore(db: req.db)
        var days: [UnitDayQuality] = []
        var rows: [PatrolQualityDTO.Unit] = []
        var tracks: [(unitId: UUID, track: [Fix])] = []
        for unit in units {
            guard let id = unit.id, let span = spans[id] else { continue }
            let track = try await store.track(unit: id, from: span.start, to: span.end).map(\.fix)
            tracks.append((id, track))
            let grid = unit.homeGridOrgUnitID
            let q = PatrolQuality.day(unitId: id, track: track, shift: span, gridId: grid?.uuidString, grid: grid.flatMap { geometry[$0] },
                                      hotspots: hotspots, disputes: disputes)
            days.append(q)
            let spots = q.places.filter { $0.place.kind == .hotspot }, disputed = q.places.filter { $0.place.kind == .dispute }
            let windows = spots.reduce(0) { $0 + $1.windows }
            rows.append(PatrolQualityDTO.Unit(unitId: id, callSign: unit.callSign, gridId: grid, gridName: grid.flatMap { names[$0] },
                                              distanceMeters: q.distanceMeters.rounded(), patrolSeconds: q.patrolSeconds.rounded(),
                                              inGridSeconds: q.inGridSeconds.rounded(), inGridShare: q.inGridShare.map { ($0 * 1000).rounded() / 1000 },
                                              gaps: q.gaps, jumps: q.jumps, hotspotVisits: spots.reduce(0) { $0 + $1.visits.count },
                                              hotspotMinutes: (spots.reduce(0) { $0 + $1.dosageMinutes } * 10).rounded() / 10,
                                              koperStops: spots.reduce(0) { $0 + $1.koperStops.count },
                                              koperCompliance: windows > 0 ? Double(spots.reduce(0) { $0 + $1.windowsWithKoperStop }) / Double(windows) : nil,
                                              disputePlaceVisits: disputed.reduce(0) { $0 + $1.visits.count },
                                              disputePlaceMinutes: (disputed.reduce(0) { $0 + $1.dosageMinutes } * 10).rounded() / 10))
        }
        // 参巡人数 by the home grid of the unit each officer signed on to.
        let homeGrid = Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u.homeGridOrgUnitID) } })
        let officers = Dictionary(grouping: shifts, by: { homeGrid[$0.unitID] ?? nil }).mapValues { Set($0.map(\.officerID)).count }
        let byGrid = PatrolQuality.byGrid(days).map { g in
            let id = g.gridId.flatMap(UUID.init(uuidString:))
            return PatrolQualityDTO.Grid(gridId: id, gridName: id.flatMap { names[$0] }, units: g.units, officers: officers[id] ?? 0,
                                         distanceMeters: g.distanceMeters.rounded(),
                                         patrolSeconds: g.patrolSeconds.rounded(), inGridSeconds: g.inGridSeconds.rounded(),
                                         hotspotMinutes: (g.dosageSeconds / 6).rounded() / 10,
                                         disputePlaceMinutes: (g.disputeDosageSeconds / 6).rounded() / 10)
        }
        let hours = Deployment.byHour(tracks, day: DateInterval(start: from, end: max(from, to)),
                                      grids: shapes.map { (id: $0.id.uuidString, geometry: $0.geometry) }).map { h in
            PatrolQualityDTO.Hour(hour: h.index, units: h.units.count,
                                  grids: h.countByGrid.sorted { $0.key < $1.key }.compactMap { id, n in
                                      UUID(uuidString: id).map { PatrolQualityDTO.Hour.InGrid(gridId: $0, gridName: names[$0] ?? "", units: n) }
                                  }, outsideGrids: h.outsideGrids)
        }
        return PatrolQualityDTO(day: day.description, from: from, to: to, timeZone: calendar.timeZone.identifier,
                                hotspots: hotspots.map { PatrolQualityDTO.Spot(id: $0.id, lat: $0.centre.lat, lon: $0.centre.lon, radiusMeters: $0.radiusMeters, incidents: $0.count) },
                                units: rows, grids: byGrid, hours: hours)
    }
}

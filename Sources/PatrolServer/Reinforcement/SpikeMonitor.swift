import Fluent
import Foundation
import PatrolDomain
import PinganDomain
import Routing
import ServerCore
import Vapor

/// The hourly spike watch (P6): each whole hour, every patrol grid's incident count is set against
/// what the grid usually sees in that hour of the week (`IncidentBaseline`: the grid's 28-day daily
/// rate × the county's 52-week hour-of-week profile, floored at 0.05 a day), and fed to its Poisson
/// CUSUM (`SpikeWatch`). A grid going into alarm raises one alert, with a reinforcement proposal
/// made from the units standing by at that moment; a grid back at its usual level clears its alert.
package struct SpikeMonitor {
    let app: Application
    var db: any Database { app.db }

    package init(app: Application) { self.app = app }

    /// What one hour's watch did.
    package struct HourReport: Sendable, Equatable {
        package var hour: Date
        package var grids: Int
        package var raised: [UUID]
        package var cleared: [UUID]
    }

    /// The start of the whole hour holding `date` (hours are whole in every offset China uses).
    package static func hourStart(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
    }

    /// Watches every hour that ended since the last one watched, up to `catchUp` of them (after a
    /// long stop the oldest hours are skipped: a spike a day ago is history, not a reinforcement).
    package func catchUp(now: Date, catchUp: Int = 24) async throws -> [HourReport] {
        let current = Self.hourStart(now)
        let last = try await SpikeWatchModel.query(on: db).all().compactMap { try? Self.state(of: $0).lastHour }.max()
        var hour = max(last.map { $0.addingTimeInterval(3600) } ?? current.addingTimeInterval(-3600),
                       current.addingTimeInterval(-Double(catchUp) * 3600))
        var reports: [HourReport] = []
        while hour < current {
            reports.append(try await observe(hour: hour))
            hour = hour.addingTimeInterval(3600)
        }
        return reports
    }

    /// Feeds the hour starting at `hour` to every grid's watch. An hour already watched changes nothing.
    @discardableResult
    package func observe(hour: Date) async throws -> HourReport {
        let hour = Self.hourStart(hour)
        let grids = try await OrgUnitModel.query(on: db).filter(\.$kind == OrgUnitKind.patrolGrid.rawValue).sort(\.$path).all()
        let baseline = try await baseline(at: hour)
        let counts = try await counts(from: hour, to: hour.addingTimeInterval(3600))
        let watches = Dictionary(try await SpikeWatchModel.query(on: db).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        var report = HourReport(hour: hour, grids: grids.count, raised: [], cleared: [])
        for grid in grids {
            let gridID = try grid.requireID()
            let stored = watches[gridID]
            var state = try stored.map(Self.state(of:)) ?? SpikeWatch.State()
            let count = counts[gridID] ?? 0
            let expected = baseline.expected(grid: gridID.uuidString, hour: hour)
            let event = state.observe(count: count, expected: expected, at: hour)
            let row = stored ?? SpikeWatchModel()
            row.id = gridID
            row.state = String(decoding: try StoredJSON.encoder.encode(state), as: UTF8.self)
            row.updatedAt = hour.addingTimeInterval(3600)
            switch event {
            case .raised:
                let proposal = try await propose(for: grid, among: grids)
                if try await raise(grid: grid, hour: hour, count: count, expected: expected, proposal: proposal, watch: row) {
                    report.raised.append(gridID)
                }
            case .cleared:
                try await clear(gridID: gridID, at: hour.addingTimeInterval(3600), watch: row)
                report.cleared.append(gridID)
            case nil:
                do { try await row.save(on: db) } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
                    // Another instance stored this grid's first hour at the same moment: its row stands.
                }
            }
        }
        return report
    }

    static func state(of m: SpikeWatchModel) throws -> SpikeWatch.State {
        try StoredJSON.decoder.decode(SpikeWatch.State.self, from: Data(m.state.utf8))
    }

    /// The baseline at `hour`: the grids' last 28 days and the county's last 52 weeks of incidents
    /// (merged duplicates left out: one event, however many calls).
    func baseline(at hour: Date) async throws -> IncidentBaseline {
        let from = hour.addingTimeInterval(-Double(IncidentBaseline.profileWindowWeeks) * 7 * 86_400)
        let rows = try await IncidentModel.query(on: db).filter(\.$reportedAt >= from).filter(\.$reportedAt < hour)
            .filter(\.$status != IncidentStatus.merged.rawValue).field(\.$gridOrgUnitID).field(\.$reportedAt).all()
        var byGrid: [String: [Date]] = [:]
        for r in rows { if let g = r.gridOrgUnitID { byGrid[g.uuidString, default: []].append(r.reportedAt) } }
        return IncidentBaseline(gridIncidentTimes: byGrid, countyTimes: rows.map(\.reportedAt), now: hour)
    }

    /// Incidents per grid reported in [from, to).
    func counts(from: Date, to: Date) async throws -> [UUID: Int] {
        let rows = try await IncidentModel.query(on: db).filter(\.$reportedAt >= from).filter(\.$reportedAt < to)
            .filter(\.$status != IncidentStatus.merged.rawValue).field(\.$gridOrgUnitID).all()
        var counts: [UUID: Int] = [:]
        for r in rows { if let g = r.gridOrgUnitID { counts[g, default: 0] += 1 } }
        return counts
    }

    /// The proposal for `grid` (one of `grids`, the county's patrol grids) from the units standing by now (available or returning, moving, with
    /// a fresh position on a road and a home grid): nil without a road network or a grid point.
    func propose(for grid: OrgUnitModel, among grids: [OrgUnitModel]) async throws -> ReinforcementProposal? {
        let network = app.roadNetwork
        guard let graph = network.graph, let anchor = grid.unitGeometry?.anchor else { return nil }
        let now = app.clock.now()
        let index = app.coverageCache.gridIndex(of: grids.filter { $0.geometry != nil }, graph: graph)
        let units = try await PatrolUnitModel.query(on: db).filter(\.$homeGridOrgUnitID != nil).all()
            .filter { u in (PatrolUnitStatus(rawValue: u.status)?.isDispatchable ?? false) && (u.unitKind?.moves ?? false) }
        let positions = try await app.livePositions.positions(of: units.compactMap(\.id), loadingFrom: FixStore(db: db))
        return try network.withRouter { router -> ReinforcementProposal? in
            guard let target = try? router.graph.snap(anchor, maxMeters: 1000) else { return nil }
            let placed = units.compactMap { u -> ReinforcementProposal.Unit? in
                guard let id = u.id, let home = u.homeGridOrgUnitID, let live = positions[id], !live.isStale(at: now, after: LivePosition.staleAfter),
                      let p = try? router.graph.snap(GeoPoint(lat: live.fix.lat, lon: live.fix.lon), maxMeters: 500) else { return nil }
                return ReinforcementProposal.Unit(id: id.uuidString, position: p, homeGridID: home.uuidString)
            }
            return try ReinforcementProposal.propose(gridID: try grid.requireID().uuidString, target: target, units: placed, router: router, grids: index)
        } ?? nil
    }

    /// Stores the alert and the watch together; false when another watcher stored it first.
    func raise(grid: OrgUnitModel, hour: Date, count: Int, expected: Double, proposal: ReinforcementProposal?, watch: SpikeWatchModel) async throws -> Bool {
        let alert = ReinforcementAlertModel()
        alert.id = UUID()
        alert.gridOrgUnitID = try grid.requireID()
        alert.scopePath = grid.path
        alert.raisedHour = hour
        alert.count = count
        alert.expected = expected
        alert.proposal = try proposal.map { String(decoding: try StoredJSON.encoder.encode($0), as: UTF8.self) }
        alert.status = ReinforcementDecision.open.rawValue
        do {
            try await db.writeTransaction { tx in
                try await watch.save(on: tx)
                try await alert.create(on: tx)
                try await AuditLog.record(on: tx, at: hour.addingTimeInterval(3600), actor: nil, actorName: "spike-watch", action: "reinforcement.raise",
                                          entityType: "reinforcement_alert", entityID: alert.id, before: Nothing?.none,
                                          after: ["grid": grid.name, "count": String(count), "expected": String(format: "%.3f", expected),
                                                  "moves": String(proposal?.moves.count ?? 0)])
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            return false
        }
        return true
    }

    /// Clears the grid's uncleared alerts (accepted, rejected or still open) with the watch's state.
    func clear(gridID: UUID, at: Date, watch: SpikeWatchModel) async throws {
        try await db.writeTransaction { tx in
            try await watch.save(on: tx)
            for alert in try await ReinforcementAlertModel.query(on: tx).filter(\.$gridOrgUnitID == gridID).filter(\.$clearedAt == nil).all() {
                alert.clearedAt = at
                try await alert.save(on: tx)
                try await AuditLog.record(on: tx, at: at, actor: nil, actorName: "spike-watch", action: "reinforcement.clear",
                                          entityType: "reinforcement_alert", entityID: alert.id, before: ["cleared": "false"], after: ["cleared": "true"])
            }
        }
    }
}

/// Where an alert stands with the dispatcher.
package enum ReinforcementDecision: String, CaseIterable, Sendable {
    case open, accepted, rejected

    package var label: String {
        switch self {
        case .open: "待决定"
        case .accepted: "已采纳"
        case .rejected: "未采纳"
        }
    }
}

/// Runs the watch a minute past each hour (and once at start, catching up what a stop missed).
package struct SpikeMonitorJob: LifecycleHandler {
    private let job = RepeatingJob("spike watch", initialDelay: .seconds(30), interval: .minutes(5)) { app in
        let reports = try await SpikeMonitor(app: app).catchUp(now: app.clock.now())
        for r in reports where !r.raised.isEmpty || !r.cleared.isEmpty {
            app.logger.info("spike watch \(r.hour): \(r.raised.count) raised, \(r.cleared.count) cleared over \(r.grids) grids")
        }
    }

    package func didBootAsync(_ app: Application) async throws { try await job.didBootAsync(app) }
    package func shutdownAsync(_ app: Application) async { await job.shutdownAsync(app) }
    package init() {}
}

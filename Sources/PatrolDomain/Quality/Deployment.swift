import Foundation
import PinganDomain

/// Where the force was, hour by hour (P3: 每日对警力分布 … 实时跟踪): the deployment view.
public enum Deployment {
    /// One unit in one hour: its last fix in the hour, and the grid that fix lies in.
    public struct UnitPosition: Sendable, Hashable, Codable {
        public var unitId: UUID
        public var fix: Fix
        public var gridId: String?
    }

    /// One hour of the day.
    public struct Hour: Sendable, Hashable, Codable {
        /// 0 for the hour starting at the day's start.
        public var index: Int
        public var start: Date
        /// Units with at least one fix in the hour, by unit id.
        public var units: [UnitPosition]
        /// Units per grid (by the last fix); a grid with none is absent.
        public var countByGrid: [String: Int]
        /// Units whose last fix lies in no grid.
        public var outsideGrids: Int
    }

    /// For each hour of `day`, which units were on duty and where. "On duty" here means the unit
    /// reported a fix in the hour: the track is the only witness a day view has; signed-on officers
    /// are counted from shift records (`PatrolCounts`). The hour is [start, start + 1 h); the last
    /// hour may be short. `grids` are tried in order, the first containing the fix wins.
    public static func byHour(_ tracks: [(unitId: UUID, track: [Fix])], day: DateInterval,
                              grids: [(id: String, geometry: UnitGeometry)]) -> [Hour] {
        let n = max(0, Int((day.duration / 3_600).rounded(.up)))
        var hours = (0..<n).map { Hour(index: $0, start: day.start.addingTimeInterval(Double($0) * 3_600), units: [], countByGrid: [:], outsideGrids: 0) }
        for (unitId, track) in tracks {
            var last: [Int: Fix] = [:]
            for f in track where f.at >= day.start && f.at < day.end {
                let h = min(n - 1, Int(f.at.timeIntervalSince(day.start) / 3_600))
                if let l = last[h], l.at >= f.at { continue }
                last[h] = f
            }
            for (h, f) in last {
                let p = GeoPoint(lat: f.lat, lon: f.lon)
                let gridId = grids.first { $0.geometry.contains(p) }?.id
                hours[h].units.append(UnitPosition(unitId: unitId, fix: f, gridId: gridId))
                if let gridId { hours[h].countByGrid[gridId, default: 0] += 1 } else { hours[h].outsideGrids += 1 }
            }
        }
        for h in hours.indices { hours[h].units.sort { $0.unitId.uuidString < $1.unitId.uuidString } }
        return hours
    }
}

import Foundation
import PinganDomain

/// One unit's patrol quality for one shift or day (P3, 巡防质态).
public struct UnitDayQuality: Sendable, Hashable, Codable {
    public var unitId: UUID
    /// The unit's own grid (nil when it has none: then nothing is inside it).
    public var gridId: String?
    public var distanceMeters: Double
    /// Time patrolled: the counted intervals (none longer than the gap limit, no implausible jump).
    public var patrolSeconds: TimeInterval
    /// The part of `patrolSeconds` spent inside the unit's own grid.
    public var inGridSeconds: TimeInterval
    /// Intervals left out as gaps and as jumps, so a supervisor sees why a day is short.
    public var gaps: Int
    public var jumps: Int
    /// Hotspots first, then dispute places, each in the order given.
    public var places: [PlaceQuality]

    public var inGridShare: Double? { patrolSeconds > 0 ? inGridSeconds / patrolSeconds : nil }
}

public enum PatrolQuality {
    /// The quality of one unit's `shift` from its track.
    ///
    /// Every figure is attributed per counted interval (see `TrackIntervals`) under the straight-line,
    /// constant-speed model: distance is the interval's great-circle length; time in the grid and time
    /// at a place are the interval's time times the fraction of its line inside the grid or radius.
    /// A track crossing the grid's boundary between two fixes is thus split at the crossing, not
    /// counted whole or not at all. Intervals are cut at the shift's ends.
    public static func day(unitId: UUID, track: [Fix], shift: DateInterval, gridId: String?, grid: UnitGeometry?,
                           hotspots: [Hotspot], disputes: [PatrolPlace], rules: PatrolQualityRules = .init()) -> UnitDayQuality {
        let t = TrackIntervals.of(track, in: shift, rules: rules)
        var distance = 0.0, time = 0.0, inGrid = 0.0
        for iv in t.counted {
            distance += iv.meters
            time += iv.seconds
            if let grid {
                inGrid += BoundaryGeometry.insideRanges(iv.from, iv.to, grid).reduce(0) { $0 + ($1.upperBound - $1.lowerBound) } * iv.seconds
            }
        }
        let places = (hotspots.map(\.place) + disputes).map { PlaceVisits.quality($0, intervals: t.counted, shift: shift, rules: rules) }
        return UnitDayQuality(unitId: unitId, gridId: gridId, distanceMeters: distance, patrolSeconds: time,
                              inGridSeconds: inGrid, gaps: t.gaps, jumps: t.jumps, places: places)
    }

    /// Unit days summed by their grid, grids in id order, units without a grid last (`gridId` nil).
    /// Officers on patrol per grid come from shift records (`PatrolCounts`), which the server holds.
    public static func byGrid(_ days: [UnitDayQuality]) -> [GridDayQuality] {
        Dictionary(grouping: days, by: \.gridId).map { gridId, ds in
            GridDayQuality(gridId: gridId, units: Set(ds.map(\.unitId)).count,
                           distanceMeters: ds.reduce(0) { $0 + $1.distanceMeters },
                           patrolSeconds: ds.reduce(0) { $0 + $1.patrolSeconds },
                           inGridSeconds: ds.reduce(0) { $0 + $1.inGridSeconds },
                           dosageSeconds: ds.reduce(0) { $0 + $1.dosage(at: .hotspot) },
                           disputeDosageSeconds: ds.reduce(0) { $0 + $1.dosage(at: .dispute) })
        }.sorted { a, b in
            switch (a.gridId, b.gridId) {
            case let (x?, y?): x < y
            case (_?, nil): true
            default: false
            }
        }
    }
}

/// A grid's day: the sums over the units whose own grid it is.
public struct GridDayQuality: Sendable, Hashable, Codable {
    public var gridId: String?
    public var units: Int
    public var distanceMeters: Double
    public var patrolSeconds: TimeInterval
    public var inGridSeconds: TimeInterval
    /// Dosage at the hotspots, and at the places of open high-risk disputes, summed.
    public var dosageSeconds: TimeInterval
    public var disputeDosageSeconds: TimeInterval
}

extension UnitDayQuality {
    /// Seconds spent at places of one kind.
    public func dosage(at kind: PatrolPlace.Kind) -> TimeInterval {
        places.filter { $0.place.kind == kind }.reduce(0) { $0 + $1.dosageSeconds }
    }
}

import Foundation
import PinganDomain

/// Visits, dosage and stops at one place, from a track's counted intervals.
enum PlaceVisits {
    static func quality(_ place: PatrolPlace, intervals: [TrackInterval], shift: DateInterval, rules: PatrolQualityRules) -> PlaceQuality {
        // Time spans inside the radius, in time order; a span ending where the next begins (one
        // interval into the next) merges like any exit of zero length.
        var visits: [PlaceVisit] = []
        for iv in intervals {
            guard let r = BoundaryGeometry.withinRadius(iv.from, iv.to, centre: place.centre, radius: place.radiusMeters) else { continue }
            let s = iv.moment(r.lowerBound), e = iv.moment(r.upperBound)
            let inside = e.timeIntervalSince(s)
            if let last = visits.last, s.timeIntervalSince(last.end) <= rules.visitMergeSeconds {
                visits[visits.count - 1].end = e
                visits[visits.count - 1].insideSeconds += inside
            } else {
                visits.append(PlaceVisit(start: s, end: e, insideSeconds: inside))
            }
        }
        let stops = visits.filter { $0.insideSeconds >= rules.stopMinimumSeconds }
        let koper = stops.filter { $0.insideSeconds <= rules.koperMaximumSeconds }
        let windows = shift.duration > 0 ? Int((shift.duration / rules.koperWindowSeconds).rounded(.up)) : 0
        // A stop belongs to the window it starts in.
        let hit = Set(koper.map { min(windows - 1, Int($0.start.timeIntervalSince(shift.start) / rules.koperWindowSeconds)) })
        return PlaceQuality(place: place, visits: visits, dosageSeconds: visits.reduce(0) { $0 + $1.insideSeconds },
                            stops: stops, koperStops: koper, windows: windows, windowsWithKoperStop: hit.count)
    }
}

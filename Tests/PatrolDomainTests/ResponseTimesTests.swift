import Foundation
@testable import PatrolDomain
import Testing

/// #10 response intervals: count, median and P90 (nearest rank) overall, by grid and by hour of the
/// call in China Standard Time, against a sorted-array reference; records missing a time are left
/// out of the intervals they lack, and a negative interval is left out and counted.
@Suite("Response times")
struct ResponseTimesTests {
    /// 2026-03-02 00:00 in Asia/Shanghai (UTC+8, no daylight saving).
    let midnight = Date(timeIntervalSince1970: 1_772_380_800)

    /// The reference: sort, take the value at rank ⌈p·n⌉ counted by hand.
    func reference(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        var rank = 1
        while Double(rank) < p * Double(sorted.count) - 1e-9 { rank += 1 }
        return sorted[rank - 1]
    }

    @Test("Nearest rank on small cases: the 90th of 10 is the 9th, of 11 the 10th, of 70 the 63rd; the median of 4 is the 2nd")
    func nearestRank() {
        let ten = (1...10).map(Double.init), eleven = (1...11).map(Double.init), seventy = (1...70).map(Double.init)
        #expect(ResponseFigures.percentile(90, ofSorted: ten) == 9)
        #expect(ResponseFigures.percentile(90, ofSorted: eleven) == 10)
        #expect(ResponseFigures.percentile(90, ofSorted: seventy) == 63)
        #expect(ResponseFigures.percentile(50, ofSorted: [1, 2, 3, 4]) == 2)
        #expect(ResponseFigures.percentile(90, ofSorted: [42]) == 42)
        #expect(ResponseFigures.percentile(90, ofSorted: []) == nil)
    }

    @Test("Random incidents: every group and interval equals the reference; an hour without calls has count 0 and no figures")
    func randomRecords() {
        var rng = SeededRandom(seed: 1710)
        var records: [ResponseRecord] = []
        for i in 0..<600 {
            // No calls between 03:00 and 04:00, so one hour stays empty.
            var hour = Int(rng.next() % 24)
            if hour == 3 { hour = 4 }
            let reported = midnight.addingTimeInterval(Double(hour * 3600) + Double(rng.next() % 3600) + Double(rng.next() % 7) * 86_400)
            let dispatched: Date? = rng.next() % 10 == 0 ? nil : reported.addingTimeInterval(Double(rng.next() % 300))
            var onScene: Date? = dispatched.flatMap { d in rng.next() % 8 == 0 ? nil : d.addingTimeInterval(Double(rng.next() % 900)) }
            // Clock skew: now and then a terminal reports on scene before the dispatch.
            if let d = dispatched, rng.next() % 25 == 0 { onScene = d.addingTimeInterval(-Double(1 + rng.next() % 60)) }
            let grid: String? = rng.next() % 12 == 0 ? nil : "WG\(rng.next() % 5)"
            records.append(ResponseRecord(incidentID: "J\(i)", gridID: grid, reportedAt: reported, dispatchedAt: dispatched, onSceneAt: onScene))
        }
        let report = ResponseTimes.build(records)
        #expect(report.timeZone == "Asia/Shanghai")

        func check(_ group: ResponseTimes.Group, _ rs: [ResponseRecord], _ note: String) {
            #expect(group.incidents == rs.count, "\(note)")
            for interval in ResponseInterval.allCases {
                let raw: [Double] = rs.compactMap { r in
                    switch interval {
                    case .callToDispatch: r.dispatchedAt.map { $0.timeIntervalSince(r.reportedAt) }
                    case .dispatchToScene: r.dispatchedAt.flatMap { d in r.onSceneAt.map { $0.timeIntervalSince(d) } }
                    case .callToScene: r.onSceneAt.map { $0.timeIntervalSince(r.reportedAt) }
                    }
                }
                let kept = raw.filter { $0 >= 0 }
                let f = group[interval]
                #expect(f.count == kept.count && f.negative == raw.count - kept.count, "\(note) \(interval)")
                #expect(f.medianSeconds == reference(kept, 0.5), "\(note) \(interval) median")
                #expect(f.p90Seconds == reference(kept, 0.9), "\(note) \(interval) p90")
            }
        }
        check(report.overall, records, "overall")
        let grids = Set(records.compactMap(\.gridID)).sorted()
        #expect(report.byGrid.map(\.gridID) == grids)
        for g in report.byGrid { check(g.group, records.filter { $0.gridID == g.gridID }, g.gridID) }
        #expect(report.byHour.map(\.hour) == Array(0..<24))
        for h in report.byHour {
            let rs = records.filter { Int($0.reportedAt.timeIntervalSince(midnight).truncatingRemainder(dividingBy: 86_400)) / 3600 == h.hour }
            check(h.group, rs, "hour \(h.hour)")
        }
        let empty = report.byHour[3].group
        #expect(empty.incidents == 0)
        for interval in ResponseInterval.allCases {
            #expect(empty[interval] == ResponseFigures([]) && empty[interval].count == 0 && empty[interval].medianSeconds == nil && empty[interval].p90Seconds == nil)
        }
        // The skew really happened, and records without a dispatch or on-scene time were really there.
        #expect(report.overall[.dispatchToScene].negative > 0)
        #expect(report.overall[.callToDispatch].count < records.count && report.overall[.callToScene].count < report.overall[.callToDispatch].count)
    }

    @Test("Hand-made: missing times drop out of the intervals they lack; the hour is the call's in the given time zone")
    func handMade() throws {
        let t = midnight.addingTimeInterval(23 * 3600 + 50 * 60) // 23:50 in Shanghai, 15:50 UTC
        let records = [
            ResponseRecord(incidentID: "a", gridID: "WG1", reportedAt: t, dispatchedAt: t + 60, onSceneAt: t + 300),
            ResponseRecord(incidentID: "b", gridID: "WG1", reportedAt: t, dispatchedAt: t + 120, onSceneAt: nil),
            ResponseRecord(incidentID: "c", gridID: nil, reportedAt: t, dispatchedAt: nil, onSceneAt: nil),
            ResponseRecord(incidentID: "d", gridID: "WG2", reportedAt: t, dispatchedAt: t + 30, onSceneAt: t + 20),
        ]
        let report = ResponseTimes.build(records)
        #expect(report.overall[.callToDispatch] == ResponseFigures([60, 120, 30]))
        #expect(report.overall[.callToDispatch].medianSeconds == 60 && report.overall[.callToDispatch].p90Seconds == 120)
        #expect(report.overall[.dispatchToScene].count == 1 && report.overall[.dispatchToScene].negative == 1)
        #expect(report.overall[.dispatchToScene].medianSeconds == 240)
        // d's call → on scene is 20 s, not negative: only the dispatch time is off.
        #expect(report.overall[.callToScene] == ResponseFigures([300, 20]))
        #expect(report.byGrid.map(\.gridID) == ["WG1", "WG2"] && report.byGrid[0].group.incidents == 2)
        #expect(report.byHour[23].group.incidents == 4 && report.byHour[15].group.incidents == 0)
        let zone = try #require(TimeZone(secondsFromGMT: 0))
        let utc = ResponseTimes.build(records, timeZone: zone)
        #expect(utc.byHour[15].group.incidents == 4 && utc.timeZone == zone.identifier)
        // The figures' JSON keys are the intervals' codes.
        let json = String(decoding: try JSONEncoder().encode(report.overall), as: UTF8.self)
        #expect(json.contains("\"call_to_dispatch\"") && json.contains("\"dispatch_to_scene\"") && json.contains("\"call_to_scene\""))
    }
}

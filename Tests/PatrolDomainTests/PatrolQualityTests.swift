import Foundation
@testable import PatrolDomain
import PinganDomain
import Testing

/// P3 patrol quality against an independent reference: the track sampled once a second (at the
/// middle of each second, by linear interpolation between fixes), each sample tested with this
/// file's own haversine and its own point-in-polygon; distance as the sum of the haversine between
/// the per-second samples. The rules (gap, jump, visit merge) are applied the same way, as
/// definitions; the arithmetic is not shared.
@Suite("Patrol quality")
struct PatrolQualityTests {
    /// 2026-03-02 08:00 in Asia/Shanghai.
    static let shiftStart = Date(timeIntervalSince1970: 1_772_380_800 + 8 * 3_600)
    static let shiftSeconds = 6 * 3_600
    static let shift = DateInterval(start: shiftStart, duration: TimeInterval(shiftSeconds))
    /// Tolerances: one second of sampling per boundary crossing or visit end, a few in all.
    static let secondsTolerance = 3.0
    static let distanceRelTolerance = 0.001

    // MARK: the test's own geometry

    static let lat0 = 30.0, lon0 = 120.0
    static func pt(_ e: Double, _ n: Double) -> GeoPoint {
        let m = 6_371_008.8 * Double.pi / 180
        return GeoPoint(lat: lat0 + n / m, lon: lon0 + e / (m * cos(lat0 * .pi / 180)))
    }

    static func haversine(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        func rad(_ d: Double) -> Double { d * .pi / 180 }
        let h = pow(sin(rad(b.lat - a.lat) / 2), 2) + cos(rad(a.lat)) * cos(rad(b.lat)) * pow(sin(rad(b.lon - a.lon) / 2), 2)
        return 2 * 6_371_008.8 * atan2(h.squareRoot(), (1 - h).squareRoot())
    }

    /// Winding number (not the even-odd test the code uses).
    static func inside(_ p: GeoPoint, _ ring: [GeoPoint]) -> Bool {
        var w = 0
        for i in ring.indices {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            let cross = (b.lon - a.lon) * (p.lat - a.lat) - (p.lon - a.lon) * (b.lat - a.lat)
            if a.lat <= p.lat { if b.lat > p.lat && cross > 0 { w += 1 } } else if b.lat <= p.lat && cross < 0 { w -= 1 }
        }
        return w != 0
    }

    /// A pentagon grid, 1000 m wide.
    static let gridRing = [pt(0, 0), pt(1000, 0), pt(1000, 800), pt(500, 1100), pt(0, 800)]
    static let grid = UnitGeometry.polygon(GeoPolygon(outer: gridRing))
    static let hotspot = Hotspot(id: "hotspot-1", centre: pt(300, 300), radiusMeters: 100, count: 5)
    static let disputeId = UUID(uuidString: "00000000-0000-0000-0000-0000000000d1")!
    static let dispute = PatrolPlace.dispute(id: disputeId, at: pt(700, 900))

    // MARK: the synthetic track (times in whole seconds from the shift start)

    struct TrackBuilder {
        var fixes: [(t: Int, e: Double, n: Double)] = []
        var t: Int
        var e: Double, n: Double
        var rng = SplitMix64(seed: 303)
        init(t: Int, e: Double, n: Double) { self.t = t; self.e = e; self.n = n; fixes.append((t, e, n)) }

        mutating func drive(to e2: Double, _ n2: Double, speed: Double) {
            let d = ((e2 - e) * (e2 - e) + (n2 - n) * (n2 - n)).squareRoot()
            let steps = max(1, Int((d / (speed * 10)).rounded(.up)))
            for i in 1...steps {
                let f = Double(i) / Double(steps)
                fixes.append((t + 10 * i, e + (e2 - e) * f, n + (n2 - n) * f))
            }
            t += 10 * steps; e = e2; n = n2
        }

        /// Parked: a fix every 10 s wandering up to 5 m.
        mutating func dwell(_ seconds: Int) {
            for i in 1...(seconds / 10) {
                fixes.append((t + 10 * i, e + (rng.unit() - 0.5) * 10, n + (rng.unit() - 0.5) * 10))
            }
            t += seconds
        }

        /// No fixes (phone off) for `seconds`, then one where it stood.
        mutating func silent(_ seconds: Int) { t += seconds; fixes.append((t, e, n)) }

        /// One fix 3 km away, then back: 300 m/s each way.
        mutating func glitch() {
            fixes.append((t + 10, e + 3_000, n)); fixes.append((t + 20, e, n)); t += 20
        }

        var track: [Fix] { fixes.map { Fix(lat: pt($0.e, $0.n).lat, lon: pt($0.e, $0.n).lon, at: shiftStart.addingTimeInterval(TimeInterval($0.t))) } }
    }

    /// Starts before the shift, outside the grid; into the grid to the hotspot; 12-min stop with a
    /// 20-s step out over the rim; out across the east boundary; 10 min without fixes; a glitch; the
    /// dispute place for 3 min; out of the grid (round the hotspot, not past it) for over an hour; back at the hotspot 5 min in the
    /// second two-hour window.
    static func scenario() -> [Fix] {
        var b = TrackBuilder(t: -60, e: -400, n: 400)
        b.dwell(60)
        b.drive(to: 300, 300, speed: 8)
        b.dwell(720)
        b.drive(to: 300, 450, speed: 5)
        b.drive(to: 300, 300, speed: 5)
        b.drive(to: 1_600, 500, speed: 8)
        b.silent(600)
        b.dwell(60)
        b.glitch()
        b.drive(to: 700, 900, speed: 8)
        b.dwell(180)
        b.drive(to: -300, 900, speed: 8)
        b.drive(to: -300, -300, speed: 8)
        b.dwell(5_000)
        b.drive(to: 300, 300, speed: 8)
        b.dwell(300)
        b.drive(to: 500, 500, speed: 8)
        b.dwell(1_200)
        return b.track
    }

    // MARK: the reference

    struct Reference {
        var distance = 0.0, patrolSeconds = 0.0, inGridSeconds = 0.0
        var atPlace: [[Bool]] = []
    }

    static func reference(_ track: [Fix], places: [PatrolPlace], rules: PatrolQualityRules = .init()) -> Reference {
        let n = shiftSeconds
        var r = Reference()
        r.atPlace = places.map { _ in [Bool](repeating: false, count: n) }
        func rel(_ f: Fix) -> Double { f.at.timeIntervalSince(shiftStart) }
        func lerp(_ a: Fix, _ b: Fix, _ tau: Double) -> GeoPoint {
            let f = (tau - rel(a)) / (rel(b) - rel(a))
            return GeoPoint(lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f)
        }
        func counts(_ a: Fix, _ b: Fix) -> Bool {
            let dt = rel(b) - rel(a)
            let d = haversine(GeoPoint(lat: a.lat, lon: a.lon), GeoPoint(lat: b.lat, lon: b.lon))
            return dt > 0 && dt <= rules.gapLimitSeconds && !(d > rules.jumpNoiseMeters && d / dt > rules.jumpLimitMetersPerSecond)
        }
        var i = 0
        for s in 0..<n {
            let tau = Double(s) + 0.5
            while i + 1 < track.count, rel(track[i + 1]) <= tau { i += 1 }
            guard i + 1 < track.count, rel(track[i]) <= tau, counts(track[i], track[i + 1]) else { continue }
            let p = lerp(track[i], track[i + 1], tau)
            r.patrolSeconds += 1
            if inside(p, gridRing) { r.inGridSeconds += 1 }
            for (k, place) in places.enumerated() where haversine(p, place.centre) <= place.radiusMeters { r.atPlace[k][s] = true }
        }
        // Distance: per counted interval, the samples at each whole second inside the shift.
        for (a, b) in zip(track, track.dropFirst()) where counts(a, b) {
            let lo = max(0, Int(rel(a))), hi = min(n, Int(rel(b)))
            guard hi > lo else { continue }
            for s in lo..<hi { r.distance += haversine(lerp(a, b, Double(s)), lerp(a, b, Double(s + 1))) }
        }
        return r
    }

    /// Runs of seconds at a place, runs with ≤ `merge` seconds between them joined: (start, inside seconds).
    static func visits(_ flags: [Bool], merge: Int) -> [(start: Int, inside: Int)] {
        var out: [(start: Int, end: Int, inside: Int)] = []
        for (s, f) in flags.enumerated() where f {
            if let last = out.last, s - last.end <= merge + 1 {
                out[out.count - 1].end = s; out[out.count - 1].inside += 1
            } else { out.append((s, s, 1)) }
        }
        return out.map { ($0.start, $0.inside) }
    }

    // MARK: tests

    @Test("Distance, time, time in grid and dosage at the hotspot and the dispute place agree with the per-second reference")
    func agreesWithReference() {
        let track = Self.scenario()
        let q = PatrolQuality.day(unitId: UUID(), track: track, shift: Self.shift, gridId: "g1", grid: Self.grid,
                                  hotspots: [Self.hotspot], disputes: [Self.dispute])
        let ref = Self.reference(track, places: [Self.hotspot.place, Self.dispute])
        #expect(abs(q.distanceMeters - ref.distance) <= Self.distanceRelTolerance * ref.distance)
        #expect(abs(q.patrolSeconds - ref.patrolSeconds) <= Self.secondsTolerance)
        #expect(abs(q.inGridSeconds - ref.inGridSeconds) <= Self.secondsTolerance)
        #expect(q.inGridSeconds > 600 && q.inGridSeconds < q.patrolSeconds - 3_600)
        #expect(q.gaps == 1)
        #expect(q.jumps == 2)
        for (k, pq) in q.places.enumerated() {
            let refVisits = Self.visits(ref.atPlace[k], merge: Int(PatrolQualityRules().visitMergeSeconds))
            let refDosage = Double(ref.atPlace[k].filter { $0 }.count)
            #expect(abs(pq.dosageSeconds - refDosage) <= Self.secondsTolerance)
            #expect(pq.visits.count == refVisits.count)
            for (v, rv) in zip(pq.visits, refVisits) {
                #expect(abs(v.insideSeconds - Double(rv.inside)) <= Self.secondsTolerance)
                #expect(abs(v.start.timeIntervalSince(Self.shiftStart) - Double(rv.start)) <= Self.secondsTolerance)
            }
        }
    }

    @Test("The hotspot: two visits (the 20-s step over the rim merged, the long absence not); the 12-min stop meets Koper in one of three windows")
    func hotspotVisitsAndKoper() throws {
        let q = PatrolQuality.day(unitId: UUID(), track: Self.scenario(), shift: Self.shift, gridId: "g1", grid: Self.grid,
                                  hotspots: [Self.hotspot], disputes: [Self.dispute])
        let h = try #require(q.places.first { $0.place.kind == .hotspot })
        #expect(h.visits.count == 2)
        #expect(h.stops.count == 1)
        #expect(h.koperStops.count == 1)
        let stop = try #require(h.koperStops.first)
        #expect(stop.insideSeconds >= 720 && stop.insideSeconds <= 900)
        #expect(h.visits[1].insideSeconds < 600)
        #expect(h.visits[1].start.timeIntervalSince(stop.end) > 3_600)
        #expect(h.windows == 3)
        #expect(h.windowsWithKoperStop == 1)
        #expect(abs((h.koperCompliance ?? 0) - 1.0 / 3) < 1e-12)
        let d = try #require(q.places.first { $0.place.kind == .dispute })
        #expect(d.place.id == Self.disputeId.uuidString.lowercased())
        #expect(d.visits.count == 1 && d.stops.isEmpty)
        #expect(d.dosageMinutes > 3 && d.dosageMinutes < 4)
    }

    @Test("A stop over 15 minutes is a stop but not Koper's; a gap inside the radius splits the visit")
    func longStopAndGapInside() throws {
        var b = TrackBuilder(t: 0, e: 300, n: 300)
        b.dwell(1_200)
        b.silent(400)
        b.dwell(300)
        let q = PatrolQuality.day(unitId: UUID(), track: b.track, shift: Self.shift, gridId: nil, grid: nil,
                                  hotspots: [Self.hotspot], disputes: [])
        let h = try #require(q.places.first)
        #expect(h.visits.count == 2)
        #expect(h.stops.count == 1)
        #expect(h.koperStops.isEmpty)
        #expect(h.windowsWithKoperStop == 0)
        #expect(abs(h.dosageSeconds - 1_500) < 1e-6)
        #expect(q.inGridSeconds == 0 && q.gaps == 1)
    }

    @Test("An interval crossing the boundary is split at the crossing: 100 s straight across, 40 s of it inside")
    func crossingSplit() {
        let t0 = Self.shiftStart
        let track = [Fix(lat: Self.pt(-60, 400).lat, lon: Self.pt(-60, 400).lon, at: t0),
                     Fix(lat: Self.pt(40, 400).lat, lon: Self.pt(40, 400).lon, at: t0.addingTimeInterval(100))]
        let q = PatrolQuality.day(unitId: UUID(), track: track, shift: Self.shift, gridId: "g1", grid: Self.grid, hotspots: [], disputes: [])
        #expect(abs(q.inGridSeconds - 40) < 1e-6)
        #expect(abs(q.patrolSeconds - 100) < 1e-9)
        #expect(abs(q.distanceMeters - 100) < 0.01)
    }

    @Test("Hotspots on a hand example: 4 and 3 incidents make hotspots, 2 do not, one 40 days old is left out; input order does not matter")
    func hotspotClustering() {
        let now = Self.shiftStart
        func inc(_ e: Double, _ n: Double, daysAgo: Double = 2) -> IncidentPoint {
            IncidentPoint(position: Self.pt(e, n), at: now.addingTimeInterval(-daysAgo * 86_400))
        }
        let a = [inc(0, 0), inc(30, 10), inc(-20, 40), inc(10, -30)]
        let b = [inc(1_000, 0), inc(1_050, 20), inc(980, -40)]
        let c = [inc(0, 1_000), inc(20, 1_010)]
        let old = inc(1_010, 10, daysAgo: 40)
        let all = a + b + c + [old]
        let found = Hotspots.find(all, now: now)
        #expect(found.map(\.count) == [4, 3])
        #expect(found.map(\.id) == ["hotspot-1", "hotspot-2"])
        #expect(found.allSatisfy { $0.radiusMeters == 100 })
        #expect(Self.haversine(found[0].centre, Self.pt(5, 5)) < 0.01)
        #expect(Self.haversine(found[1].centre, Self.pt(1_010, -20.0 / 3)) < 0.01)
        var rng = SplitMix64(seed: 9)
        for _ in 0..<5 { #expect(Hotspots.find(all.shuffled(using: &rng), now: now) == found) }
        #expect(Hotspots.find(all, now: now, minimumCount: 2).map(\.count) == [4, 3, 2])
    }

    @Test("Unit days summed by grid: grids in id order, units without a grid last")
    func sumsByGrid() {
        let u1 = UUID(), u2 = UUID(), u3 = UUID()
        func day(_ u: UUID, _ g: String?, _ m: Double) -> UnitDayQuality {
            UnitDayQuality(unitId: u, gridId: g, distanceMeters: m, patrolSeconds: m / 10, inGridSeconds: m / 20, gaps: 0, jumps: 0, places: [])
        }
        let sums = PatrolQuality.byGrid([day(u1, "g2", 1_000), day(u2, nil, 50), day(u3, "g2", 3_000), day(u1, "g1", 500)])
        #expect(sums.map(\.gridId) == ["g1", "g2", nil])
        #expect(sums[1].units == 2 && sums[1].distanceMeters == 4_000 && sums[1].patrolSeconds == 400 && sums[1].inGridSeconds == 200)
        #expect(sums[0].units == 1 && sums[2].distanceMeters == 50)
    }

    @Test("Deployment by hour: the last fix in each hour places the unit; counts per grid; a unit outside all grids counted apart")
    func deploymentByHour() {
        let midnight = Date(timeIntervalSince1970: 1_772_380_800)
        func fix(_ h: Double, _ e: Double, _ n: Double) -> Fix {
            Fix(lat: Self.pt(e, n).lat, lon: Self.pt(e, n).lon, at: midnight.addingTimeInterval(h * 3_600))
        }
        let g1 = UnitGeometry.polygon(GeoPolygon(outer: [Self.pt(0, 0), Self.pt(1_000, 0), Self.pt(1_000, 1_000), Self.pt(0, 1_000)]))
        let g2 = UnitGeometry.polygon(GeoPolygon(outer: [Self.pt(1_000, 0), Self.pt(2_000, 0), Self.pt(2_000, 1_000), Self.pt(1_000, 1_000)]))
        let u1 = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, u2 = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!
        let tracks: [(unitId: UUID, track: [Fix])] = [
            (u1, [fix(8.83, 1_500, 500), fix(8.17, 500, 500), fix(9.33, 500, 500)]),
            (u2, [fix(9.08, 3_000, 3_000), fix(9.5, 3_000, 3_000), fix(7.5, 1_500, 200)]),
        ]
        let hours = Deployment.byHour(tracks, day: DateInterval(start: midnight, duration: 86_400), grids: [("g1", g1), ("g2", g2)])
        #expect(hours.count == 24)
        #expect(hours[7].countByGrid == ["g2": 1] && hours[7].units.map(\.unitId) == [u2])
        #expect(hours[8].countByGrid == ["g2": 1] && hours[8].units.map(\.unitId) == [u1])
        #expect(hours[9].countByGrid == ["g1": 1] && hours[9].outsideGrids == 1 && hours[9].units.map(\.unitId) == [u1, u2])
        #expect(hours[9].units[1].fix.at == midnight.addingTimeInterval(9.5 * 3_600))
        #expect(hours.filter { !$0.units.isEmpty }.map(\.index) == [7, 8, 9])
    }
}

import Foundation
@testable import PatrolDomain
import Routing
import Testing

/// #10 drills: arrival is the first fix within the radius between the order's start and its lift,
/// the same on a live stream as on a stored track; the report sets planned against actual arrival
/// per checkpoint and counts the share within target, a post counting as there at 0 s.
@Suite("Checkpoint arrival and the drill report")
struct DrillReportTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    let site = GeoPoint(lat: 36.3600, lon: 114.3800)

    /// A fix `meters` north of the site, `seconds` after the start.
    func fix(_ meters: Double, _ seconds: Double, accuracy: Double? = nil) -> Fix {
        Fix(lat: site.lat + meters / 111_195, lon: site.lon, at: start.addingTimeInterval(seconds), accuracy: accuracy)
    }

    @Test("Arrival: the first fix within the radius after the start; none before the start, after the lift, or too inaccurate counts")
    func arrival() {
        let track = [fix(800, -30), fix(30, -10), fix(400, 20), fix(120, 60), fix(49, 95), fix(10, 130)]
        #expect(CheckpointArrival.first(in: track, at: site, startedAt: start) == start.addingTimeInterval(95))
        // A wider radius takes the fix at 120 m; a narrower one only the one at 10 m.
        #expect(CheckpointArrival.first(in: track, at: site, radiusMeters: 150, startedAt: start) == start.addingTimeInterval(60))
        #expect(CheckpointArrival.first(in: track, at: site, radiusMeters: 20, startedAt: start) == start.addingTimeInterval(130))
        // Lifted at 90 s: the unit never got there in time.
        #expect(CheckpointArrival.first(in: track, at: site, startedAt: start, liftedAt: start.addingTimeInterval(90)) == nil)
        // Lifted exactly at the arrival still counts it.
        #expect(CheckpointArrival.first(in: track, at: site, startedAt: start, liftedAt: start.addingTimeInterval(95)) == start.addingTimeInterval(95))
        // A fix whose accuracy radius is 300 m says nothing about 49 m.
        let vague = [fix(5, 40, accuracy: 300), fix(40, 70, accuracy: 15)]
        #expect(CheckpointArrival.first(in: vague, at: site, startedAt: start) == start.addingTimeInterval(70))
        #expect(CheckpointArrival.first(in: [], at: site, startedAt: start) == nil)
    }

    @Test("Live stream: arrival is reported once, corrected by a late fix from the queue, and withdrawn if it came after the lift")
    func liveStream() {
        var live = CheckpointArrival(position: site, startedAt: start)
        #expect(live.feed(fix(600, 10)) == nil)
        #expect(live.feed(fix(20, 80)) == start.addingTimeInterval(80))
        #expect(live.feed(fix(5, 90)) == nil)          // already there: not reported again
        #expect(live.feed(fix(30, 70)) == start.addingTimeInterval(70)) // a late fix moves it earlier
        #expect(live.arrivedAt == start.addingTimeInterval(70))
        // Fed in any order, a track gives the stream's answer.
        var rng = SeededRandom(seed: 3)
        let track = (0..<40).map { i in fix(Double(rng.next() % 400), Double(i * 7) - 50) }
        let first = CheckpointArrival.first(in: track, at: site, startedAt: start)
        let shuffled = track.shuffled(using: &rng)
        #expect(CheckpointArrival.first(in: shuffled, at: site, startedAt: start) == first && first != nil)
        #expect(first == track.filter { $0.at >= start && $0.meters(to: Fix(lat: site.lat, lon: site.lon, at: $0.at)) <= 50 }.map(\.at).min())
        // The order lifted at 75 s after an arrival at 80 s had been seen: it no longer stands, and later fixes do not count.
        var lifted = CheckpointArrival(position: site, startedAt: start)
        lifted.feed(fix(10, 80))
        lifted.lift(at: start.addingTimeInterval(75))
        #expect(lifted.arrivedAt == nil)
        #expect(lifted.feed(fix(10, 100)) == nil && lifted.arrivedAt == nil)
        #expect(lifted.feed(fix(10, 74)) == start.addingTimeInterval(74))
    }

    func checkpoint(_ kind: CheckpointSite.Kind, _ n: Int) -> CheckpointSite {
        CheckpointSite(kind: kind, name: "\(kind.label) \(n)", position: GeoPoint(lat: 36.3 + Double(n) * 0.01, lon: 114.4), vertex: n)
    }

    /// Scene: s1 (planned 100 s), s2 (150 s). Gates: a post, g1 (240 s), g2 (280 s), a red one.
    /// Exits: e1 (500 s), e2 (590 s).
    func plan() -> ContainmentPlan {
        typealias Task = ContainmentPlan.CheckpointTask
        return ContainmentPlan(
            targets: ContainmentPlan.Targets(),
            scene: [.init(unitID: "s1", seconds: 100), .init(unitID: "s2", seconds: 150)],
            gates: [Task(site: checkpoint(.cityGate, 1), unitID: "post1", seconds: 0, staffedByPost: true, bestSeconds: nil),
                    Task(site: checkpoint(.cityGate, 2), unitID: "g1", seconds: 240, staffedByPost: false, bestSeconds: nil),
                    Task(site: checkpoint(.cityGate, 3), unitID: "g2", seconds: 280, staffedByPost: false, bestSeconds: nil),
                    Task(site: checkpoint(.cityGate, 4), unitID: nil, seconds: nil, staffedByPost: false, bestSeconds: 420)],
            exits: [Task(site: checkpoint(.countyExit, 5), unitID: "e1", seconds: 500, staffedByPost: false, bestSeconds: nil),
                    Task(site: checkpoint(.countyExit, 6), unitID: "e2", seconds: 590, staffedByPost: false, bestSeconds: nil)])
    }

    @Test("Report: within target, late, exactly on target, missed, red and post rows; the checkpoints' share and each ring's")
    func report() throws {
        let at = { (s: Double) in self.start.addingTimeInterval(s) }
        let arrivals = ["s1": at(170), "s2": at(200), "g1": at(300), "g2": at(250), "e1": at(600), "post1": at(999),
                        "e2": at(700), "stray": at(10)]
        let report = DrillReport.build(plan: plan(), startedAt: start, arrivals: arrivals, liftedAt: at(650))
        #expect(report.rows.map(\.ring) == [.scene, .scene, .gate, .gate, .gate, .gate, .exit, .exit])
        let byUnit = Dictionary(uniqueKeysWithValues: report.rows.compactMap { r in r.unitID.map { ($0, r) } })
        let s1 = try #require(byUnit["s1"]), s2 = try #require(byUnit["s2"])
        #expect(s1.site == nil && s1.plannedSeconds == 100 && s1.actualSeconds == 170 && s1.withinTarget && s1.lateBySeconds == 0 && s1.outcome == .withinTarget)
        #expect(s2.actualSeconds == 200 && !s2.withinTarget && s2.lateBySeconds == 20 && s2.outcome == .late)
        let post = try #require(byUnit["post1"])
        #expect(post.staffedByPost && post.actualSeconds == 0 && post.withinTarget && post.outcome == .withinTarget)
        let g1 = try #require(byUnit["g1"]), g2 = try #require(byUnit["g2"])
        #expect(g1.targetSeconds == 300 && g1.actualSeconds == 300 && g1.withinTarget && g1.lateBySeconds == 0) // exactly on target
        #expect(g2.plannedSeconds == 280 && g2.actualSeconds == 250 && g2.withinTarget)
        let red = report.rows[5]
        #expect(red.site?.name == "城区卡口 4" && red.unitID == nil && red.actualSeconds == nil && !red.withinTarget && red.lateBySeconds == nil && red.outcome == .red)
        let e1 = try #require(byUnit["e1"]), e2 = try #require(byUnit["e2"])
        #expect(e1.actualSeconds == 600 && e1.withinTarget && e1.site?.kind == .countyExit)
        // e2 came at 700 s, after the lift at 650 s: missed.
        #expect(e2.actualSeconds == nil && e2.outcome == .missed && e2.plannedSeconds == 590)

        #expect(report.checkpoints.tasks == 6 && report.checkpoints.withinTarget == 4)
        #expect(report.checkpoints.shareWithinTarget == 4.0 / 6.0)
        #expect(report.checkpoints.missed == 2 && report.checkpoints.red == 1 && report.checkpoints.late == 0)
        #expect(report.rings.map(\.ring) == [.scene, .gate, .exit] && report.rings.map(\.targetSeconds) == [180, 300, 600])
        #expect(report.rings[0].summary.withinTarget == 1 && report.rings[0].summary.late == 1 && report.rings[0].summary.shareWithinTarget == 0.5)
        #expect(report.rings[1].summary.tasks == 4 && report.rings[1].summary.shareWithinTarget == 0.75)
        #expect(report.firstOnSceneSeconds == 170)
        // A report encodes for the API.
        let back = try JSONDecoder().decode(DrillReport.self, from: JSONEncoder().encode(report))
        #expect(back.rows == report.rows && back.checkpoints == report.checkpoints)
    }

    @Test("No arrivals at all: only the post is within target; an empty plan has no share")
    func nothingArrives() {
        let report = DrillReport.build(plan: plan(), startedAt: start, arrivals: [:])
        #expect(report.checkpoints.withinTarget == 1 && report.checkpoints.missed == 5)
        #expect(report.rings[0].summary.missed == 2 && report.firstOnSceneSeconds == nil)
        let empty = DrillReport.build(plan: ContainmentPlan(targets: .init(), scene: [], gates: [], exits: []), startedAt: start, arrivals: [:])
        #expect(empty.rows.isEmpty && empty.checkpoints.shareWithinTarget == nil)
    }

    @Test("From tracks: each unit's arrival is read at its own task's place, the scene for ring 1, its checkpoint otherwise")
    func fromTracks() {
        let p = plan()
        let scene = GeoPoint(lat: 36.25, lon: 114.45)
        func near(_ point: GeoPoint, _ seconds: Double) -> Fix { Fix(lat: point.lat + 0.0001, lon: point.lon, at: start.addingTimeInterval(seconds)) }
        let gate2 = p.gates[1].site.position, exit5 = p.exits[0].site.position
        let tracks: [String: [Fix]] = [
            "s1": [near(gate2, 30), near(scene, 120)],   // passes gate 2 on its way: not its task
            "g1": [near(scene, 20), near(gate2, 260)],
            "e1": [near(exit5, 700)],
            "post1": [],
        ]
        let arrivals = DrillReport.arrivals(plan: p, scene: scene, tracks: tracks, startedAt: start, liftedAt: start.addingTimeInterval(650))
        #expect(arrivals == ["s1": start.addingTimeInterval(120), "g1": start.addingTimeInterval(260)])
        let report = DrillReport.build(plan: p, startedAt: start, arrivals: arrivals)
        #expect(report.rows.first { $0.unitID == "g1" }?.actualSeconds == 260)
    }
}

import Foundation
import GeoSupport
@testable import PatrolDomain
import Testing

/// The pure rules of plans (P9): who staffs each post, what a layout may hold, and how a post's
/// arrival is read from the unit's fixes.
@Suite("Plans: assignment, layout, arrival")
struct PlanTests {
    func post(_ name: String, kind: PatrolUnitKind = .patrolCar, unit: String? = nil, minutes: Int = 10) -> PlanLayout.Post {
        PlanLayout.Post(name: name, lat: 36.37, lon: 114.38, unitId: unit, unitKind: kind, targetMinutes: minutes)
    }

    @Test("Named unit first; a busy named unit is passed over with its reason and the nearest of the kind stands in; a unit gets one post")
    func assignment() {
        let candidates = [
            PlanAssignment.Candidate(id: "A", kind: .patrolCar, status: .available),
            PlanAssignment.Candidate(id: "B", kind: .patrolCar, status: .onScene),
            PlanAssignment.Candidate(id: "C", kind: .patrolCar, status: .dispatched),
            PlanAssignment.Candidate(id: "D", kind: .patrolCar, status: .available),
            PlanAssignment.Candidate(id: "E", kind: .checkpointPost, status: .available),
            PlanAssignment.Candidate(id: "F", kind: .motorcycle, status: .offDuty),
        ]
        let times: [String: [Double]] = ["A": [100, 50, 20, 5], "B": [1, 1, 1, 1], "C": [300, 10, 30, 1], "D": [200, 40, 10, 60]]
        let posts = [post("1", unit: "A"), post("2", unit: "B"), post("3"), post("4", kind: .motorcycle, unit: "F"), post("5", unit: "E")]
        let out = PlanAssignment.assign(posts, candidates: candidates) { id, i in times[id].flatMap { i < $0.count ? $0[i] : nil } }
        #expect(out[0].unitID == "A" && out[0].seconds == 100 && !out[0].nearest && out[0].namedSkipped == nil)
        // B is on scene: skipped as busy; the nearest patrol car not yet taken stands in (C is dispatched: busy too).
        #expect(out[1].namedSkipped == .busy && out[1].unitID == "D" && out[1].nearest && out[1].seconds == 40)
        // A and D are taken: nobody is left for post 3.
        #expect(out[2].unitID == nil && out[2].namedSkipped == nil)
        #expect(out[3].namedSkipped == .offDuty && out[3].unitID == nil)
        // A checkpoint post does not move.
        #expect(out[4].namedSkipped == .stationary)
        // An unknown id and a unit without a drive time.
        let more = PlanAssignment.assign([post("x", unit: "Z"), post("y", unit: "A")], candidates: candidates) { id, _ in id == "A" ? nil : 5 }
        #expect(more[0].namedSkipped == .unknown && more[0].unitID == "D", "the nearest available car (D; ties by id)")
        #expect(more[1].namedSkipped == .noDriveTime && more[1].unitID == nil, "D is taken")
    }

    @Test("Layout problems: no posts, a target out of range, a bad coordinate, a one-point route, a unit named twice")
    func layout() {
        #expect(PlanLayout(posts: []).problems().count == 1)
        #expect(PlanLayout(posts: [post("a")]).problems().isEmpty)
        let bad = PlanLayout(sites: [.init(name: "s", lat: 91, lon: 0)], routes: [.init(name: "r", points: [[114, 36]])],
                             posts: [post("a", unit: "U", minutes: 0), post("b", unit: "U")])
        #expect(bad.problems().count == 4, "\(bad.problems())")
    }

    @Test("Arrival: the first fix within 50 m after activation; within target or late; none after deactivation; red with nobody sent")
    func arrival() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        let post = GeoPoint(lat: 36.37, lon: 114.38)
        let fixes = [Fix(lat: 36.37 + 0.0009, lon: 114.38, at: start.addingTimeInterval(20)),      // 100 m: not there
                     Fix(lat: 36.37 + 0.0003, lon: 114.38, at: start.addingTimeInterval(70)),      // 33 m: arrived
                     Fix(lat: 36.37, lon: 114.38, at: start.addingTimeInterval(-10))]              // before activation
        let a = PostArrival(post: post, fixes: fixes, startedAt: start, endedAt: nil, targetSeconds: 60)
        #expect(a.actualSeconds == 70 && !a.withinTarget && a.outcome == .late)
        #expect(PostArrival(post: post, fixes: fixes, startedAt: start, endedAt: nil, targetSeconds: 120).outcome == .withinTarget)
        #expect(PostArrival(post: post, fixes: fixes, startedAt: start, endedAt: start.addingTimeInterval(60), targetSeconds: 120).outcome == .missed)
        #expect(PostArrival(post: post, fixes: nil, startedAt: start, endedAt: nil, targetSeconds: 60).outcome == .red)
    }
}
